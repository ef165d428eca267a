"""Canonical texts: schema validation, safe parsing, stable segment IDs, recorded corrections."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from conftest import REPO, SEEDS

from sco_publish.texts.reader import load_document

TEXTS = sorted((REPO / "texts").glob("*.xml"))


def test_project_validates(cli):
    result = cli("validate", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "files valid" in result.stdout


def test_three_texts_are_present():
    assert {p.stem for p in TEXTS} == {"tianjin-declaration", "tokayev-address", "council-meeting-report"}


def test_declaration_structure():
    document = load_document(REPO / "texts" / "tianjin-declaration.xml")
    assert [s.num for s in document.sections] == [1, 2, 3, 4, 5]
    assert all(s.blocks for s in document.sections)
    assert document.date.isoformat() == "2025-09-01"
    assert document.lang == "en"
    people = {s.person_ref: s.person.text for s in document.signatures}
    assert len(people) == 10
    assert people["japarov"] == "Japarov"
    assert people["pezeshkian"] == "Pezeshkian"
    assert people["sharif"] == "Shehbaz Sharif"
    assert {s.country for s in document.signatures} >= {"KZ", "CN", "RU", "KG", "PK", "IR"}
    texts = " ".join(s.text for s in document.segments())
    for junk in ("Home >", "Copyright", "Medium size", "Related Links", "Zaparov", "Shabazz", "Pezeshchian"):
        assert junk not in texts


def test_every_correction_is_recorded_against_the_seed():
    """Each <sic> is text that really stood in the seed, and its <corr> is in the target segment."""
    seeds = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    checked = 0
    for path in TEXTS:
        document = load_document(path)
        seed = seeds[re.search(r'seed="([^"]+)"', path.read_text(encoding="utf-8")).group(1)]
        segments = {s.id: s.text for s in document.segments()}
        for note in document.notes:
            if note.sic is None:
                continue
            assert note.sic in seed, f"{path.name}: {note.sic!r} is not in the seed"
            assert note.corr in segments[note.segment_id] or note.corr == "", (path.name, note)
            assert note.sic not in segments[note.segment_id] or note.sic in note.corr
            checked += 1
    assert checked >= 10


def test_report_corrects_machine_translation_errors():
    document = load_document(REPO / "texts" / "council-meeting-report.xml")
    text = " ".join(s.text for s in document.segments())
    for wrong in ("OCS", "Scos", "SCOS", "Coutrening", "Anti-Drogue", "Outcore", "working together and working together"):
        assert wrong not in text
    assert "SCO" in text and "Anti-Drug" in text


def test_texts_are_nfc_with_typographic_quotes():
    for path in TEXTS:
        for segment in load_document(path).segments():
            assert unicodedata.normalize("NFC", segment.text) == segment.text
            assert '"' not in segment.text, (path.name, segment.id)
            assert "'" not in segment.text, (path.name, segment.id)


def _write(project: Path, name: str, content: str) -> Path:
    path = project / "texts" / name
    path.write_text(content, encoding="utf-8")
    return path


def test_malformed_xml_is_reported_with_line(cli, project):
    path = project / "texts" / "tokayev-address.xml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[20] = lines[20].replace("</p>", "")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("validate", path, cwd=project)
    assert result.returncode == 1
    assert re.search(r"tokayev-address\.xml:\d+:\d+: malformed XML", result.stderr)
    assert "Traceback" not in result.stderr


def test_schema_violation_is_reported_with_line(cli, project):
    path = project / "texts" / "tokayev-address.xml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('<p xml:id="s6">')].count("\n") + 1
    start = text.index('<p xml:id="s6">')
    end = text.index("</p>", start)
    path.write_text(text[:start] + '<para xml:id="s6">' + text[start + len('<p xml:id="s6">'):end] + "</para>"
                    + text[end + len("</p>"):], encoding="utf-8")
    result = cli("validate", path, cwd=project)
    assert result.returncode == 1
    assert f"tokayev-address.xml:{line}:" in result.stderr
    assert "schema:" in result.stderr


def test_duplicate_id_is_reported_at_the_second_use(cli, project):
    path = project / "texts" / "tokayev-address.xml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('<p xml:id="s7">')].count("\n") + 1
    path.write_text(text.replace('<p xml:id="s7">', '<p xml:id="s6">', 1), encoding="utf-8")
    result = cli("validate", path, cwd=project)
    assert result.returncode == 1
    assert f"tokayev-address.xml:{line}:1: duplicate segment ID 's6'" in result.stderr


def test_external_entity_is_refused(cli, project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = _write(project, "xxe.xml", (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE document [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        '<document type="report" xml:lang="en" nextId="s2"><meta>&leak;</meta></document>\n'
    ))
    result = cli("validate", path, cwd=project, timeout=30)
    assert result.returncode == 1
    assert "xxe.xml:2:1: DOCTYPE declarations are not allowed" in result.stderr
    assert "TOP-SECRET" not in result.stderr + result.stdout


def test_billion_laughs_is_refused_quickly(cli, project):
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 12)
    )
    path = _write(project, "laughs.xml", f'<?xml version="1.0"?>\n<!DOCTYPE d [{entities}]>\n<d>&a11;</d>\n')
    result = cli("validate", path, cwd=project, timeout=30)
    assert result.returncode == 1
    assert "laughs.xml:2:1: DOCTYPE declarations are not allowed" in result.stderr


def test_inserting_a_paragraph_keeps_every_other_id(cli, project):
    path = project / "texts" / "tianjin-declaration.xml"
    before = load_document(path)
    text = path.read_text(encoding="utf-8")
    anchor = '      <p xml:id="s60">'
    path.write_text(text.replace(anchor, "      <p>A paragraph inserted by an editor.</p>\n" + anchor, 1), encoding="utf-8")
    result = cli("assign-ids", path, cwd=project)
    assert result.returncode == 0, result.stderr
    after = load_document(path)
    old = [(s.id, s.text) for s in before.segments()]
    new = [(s.id, s.text) for s in after.segments()]
    inserted = [pair for pair in new if pair not in old]
    assert len(inserted) == 1
    new_id, new_text = inserted[0]
    assert new_text == "A paragraph inserted by an editor."
    assert new_id == before.next_id  # the high-water mark, never an ID used before
    assert [p for p in new if p != inserted[0]] == old
    assert after.next_id == f"s{int(before.next_id[1:]) + 1}"
    assert cli("validate", path, cwd=project).returncode == 0


def test_ids_of_deleted_segments_are_not_reused(cli, project):
    path = project / "texts" / "tokayev-address.xml"
    before = load_document(path)
    last = max(int(s.id[1:]) for s in before.segments())
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf'\n\s*<item xml:id="s{last}">[^<]*</item>', "", text)
    text = text.replace('<p xml:id="s5">', "<p>New paragraph.</p>\n    <p xml:id=\"s5\">")
    path.write_text(text, encoding="utf-8")
    assert cli("assign-ids", path, cwd=project).returncode == 0
    ids = {s.id for s in load_document(path).segments()}
    assert f"s{last}" not in ids
    assert before.next_id in ids


def test_unknown_language_setting_is_a_usage_error(cli, project):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"en", "ru", "zh", "kk"]', '"en", "xx-nope"]'))
    result = cli("validate", cwd=project)
    assert result.returncode == 2
    assert "unknown language 'xx-nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_takes_the_glossary_from_the_option_over_the_settings(cli, project, tmp_path):
    moved = tmp_path / "elsewhere.tbx"
    (project / "texts" / "glossary.tbx").rename(moved)
    missing = cli("validate", cwd=project)
    assert missing.returncode == 2 and "glossary.tbx: no such file" in missing.stderr
    result = cli("validate", "--glossary", moved, cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "4 files valid"
    broken = project / "broken.tbx"
    broken.write_text(moved.read_text(encoding="utf-8").replace('id="tianjin"', 'id="tianjin-city"'), encoding="utf-8")
    unknown = cli("validate", "--glossary", "broken.tbx", cwd=project)
    assert unknown.returncode == 1 and "glossary has no concept 'tianjin'" in unknown.stderr
