"""The glossary as TBX-Basic 2008 (martif) for translate-toolkit and Weblate, and back."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from translate.storage.tbx import tbxfile

from sco_publish.glossary.tbx import load_glossary

LANGUAGES = ("en", "ru", "zh", "kk")
STATUS_VALUES = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                 "deprecated": "deprecatedTerm-admn-sts"}


def test_translate_toolkit_reads_every_term_language_and_status(project, cli, tmp_path):
    exported = tmp_path / "glossary-2008.tbx"
    result = cli("glossary", "export", exported, cwd=project)
    assert result.returncode == 0, result.stderr
    root = etree.parse(str(exported)).getroot()
    assert (root.tag, root.get("type")) == ("martif", "TBX-Basic")

    ours = load_glossary(project / "texts" / "glossary.tbx", LANGUAGES)
    store = tbxfile(exported.open("rb"))
    units = {unit.getid(): unit for unit in store.units}
    assert units.keys() == {concept.id for concept in ours.concepts}
    statuses = set()
    for concept in ours.concepts:
        unit = units[concept.id]
        for lang in LANGUAGES:
            read = unit.get_source_terms() if lang == "en" else unit.get_target_terms(lang)
            expected = [(term.text, STATUS_VALUES[term.status]) for term in concept.terms_in(lang)]
            assert [(term.text, term.administrative_status) for term in read] == expected, (concept.id, lang)
            statuses.update(status for _, status in expected)
    assert statuses == set(STATUS_VALUES.values())  # the glossary has all three: each was read back


def test_our_export_imported_back_adds_nothing_and_changes_no_byte(project, cli, tmp_path):
    exported = tmp_path / "glossary-2008.tbx"
    assert cli("glossary", "export", exported, cwd=project).returncode == 0
    glossary = project / "texts" / "glossary.tbx"
    before = glossary.read_bytes()
    # One status differs from ours: reported, ours kept.
    exported.write_text(exported.read_text(encoding="utf-8").replace(
        "<term>Zaparov</term>\n            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts",
        "<term>Zaparov</term>\n            <termNote type=\"administrativeStatus\">admittedTerm-admn-sts", 1),
        encoding="utf-8")
    result = cli("glossary", "import", exported, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "0 concepts and 0 terms added" in result.stdout
    line = before[:before.index(b"<term>Zaparov")].count(b"\n")  # the termSec's line
    assert result.stderr == (f"{glossary}:{line}: concept 'japarov', en term 'Zaparov' is deprecatedTerm-admn-sts "
                             "here and admittedTerm-admn-sts in the imported file; kept ours\n")
    assert glossary.read_bytes() == before


def test_a_glossary_made_by_translate_toolkit_is_imported_into_a_valid_tbx_v3(project, cli, tmp_path):
    store = tbxfile()
    concepts = {
        "eurasian-union": ("Eurasian Economic Union", ["Евразийский экономический союз", "ЕАЭС"],
                           ["欧亚经济联盟"], ["Еуразиялық экономикалық одақ"]),
        "xi'an summit": ("China–Central Asia Summit", ["Саммит «Китай — Центральная Азия»"],
                         ["中国—中亚峰会"], ["Қытай — Орталық Азия саммиті"]),
    }
    for concept_id, (english, russian, chinese, kazakh) in concepts.items():
        unit = store.addsourceunit(english)
        unit.setid(concept_id)
        unit.set_target_terms(russian, "ru")
        unit.set_target_terms(chinese, "zh")
        unit.set_target_terms(kazakh, "kk")
    made = etree.fromstring(bytes(store), etree.XMLParser(load_dtd=False, no_network=True))
    # translate-toolkit writes no statuses; a Weblate export may: mark the short form deprecated.
    short_form = next(tig for tig in made.iter("tig") if tig.findtext("term") == "ЕАЭС")
    etree.SubElement(short_form, "termNote", type="administrativeStatus").text = "deprecatedTerm-admn-sts"
    imported = tmp_path / "weblate.tbx"
    imported.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD '
                         b'MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">\n' + etree.tostring(made, encoding="UTF-8"))

    settings = project / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'glossary = "texts/glossary.tbx"', 'glossary = "terms/new.tbx"'), encoding="utf-8")
    result = cli("glossary", "import", imported, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 concepts and 9 terms added" in result.stdout
    assert cli("validate", project / "terms" / "new.tbx", cwd=project).returncode == 0

    glossary = load_glossary(project / "terms" / "new.tbx", LANGUAGES)
    eaeu = glossary.concept("eurasian-union")
    assert [(t.lang, t.text, t.status) for t in eaeu.terms] == [
        ("en", "Eurasian Economic Union", "preferred"),
        ("ru", "Евразийский экономический союз", "preferred"),
        ("ru", "ЕАЭС", "deprecated"),
        ("zh", "欧亚经济联盟", "preferred"),
        ("kk", "Еуразиялық экономикалық одақ", "preferred"),
    ]
    assert glossary.concept("xi-an-summit").subject == "phrase"  # an XML ID, and the subject field TBX 2 lacked


def test_a_file_that_is_not_tbx_2_is_refused(project, cli):
    result = cli("glossary", "import", project / "texts" / "glossary.tbx", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (f"{project / 'texts' / 'glossary.tbx'}:2:1: root element is <tbx>, not <martif>; "
                             "is this a TBX 2 / TBX-Basic 2008 file?\n")
