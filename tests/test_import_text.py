"""`sco-publish import SOURCE --id NAME`: new canonical texts from the seeds and from
Markdown, plain text, HTML and DOCX files, measured against the shipped texts."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import unicodedata
from html import escape
from pathlib import Path

import pytest
from lxml import etree

from sco_publish.catalogs.pofile import read_po
from sco_publish.texts.reader import check_text, load_document
from sco_publish.xmlparse import XML_ID
from tests.conftest import SEEDS

SEED_FOR = {  # raw seed → the shipped text made from it by hand
    "001_66c86a04fd630952.txt": "tianjin-declaration",
    "000_c9974e225fdadbd4.txt": "tokayev-address",
    "003_84b4cc600d508421.txt": "council-meeting-report",
}
BODY_TAGS = ("heading", "p", "item", "office", "person")  # title, place, author are metadata, compared apart
MIN_AGREEMENT = 0.95


def normalised(text: str) -> str:
    """Text compared as read: NFC, straight quotes, single spaces (the shipped texts made
    the quotes typographic, as the import does)."""
    text = unicodedata.normalize("NFC", text)
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def segments(path: Path, as_in_source: bool) -> list[str]:
    """The body segments of a text in order; with ``as_in_source``, every correction the
    text records (``<corr>`` back to ``<sic>``) undone, so that the text is what the seed had."""
    root = etree.parse(str(path)).getroot()
    corrections: dict[str, dict[str, str]] = {}  # one note may stand for several occurrences (“twice in this paragraph”)
    for note in root.iterfind("meta/editorialNotes/note"):
        if note.findtext("sic") is not None and note.findtext("corr") is not None:
            corrections.setdefault(note.get("target"), {})[note.findtext("corr")] = note.findtext("sic")
    found = []
    for element in root.iter(*BODY_TAGS):
        text = element.text
        if as_in_source:
            for corr, sic in corrections.get(element.get(XML_ID), {}).items():
                text = text.replace(corr, sic)
        found.append(normalised(text))
    return found


def agreement(imported: list[str], shipped: list[str]) -> tuple[float, float]:
    """(Share of the shipped segments that the import gives with the same text, in order;
    share of the imported segments that are shipped ones): difflib's matching blocks of the
    two lists. The second catches what should have been dropped (a page footer) or split."""
    matcher = difflib.SequenceMatcher(None, imported, shipped, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / len(shipped), same / len(imported)


def sections(path: Path) -> list[tuple[int, str]]:
    root = etree.parse(str(path)).getroot()
    return [(int(section.findtext("num")), normalised(section.find("p").text)[:60])
            for section in root.iterfind("mainBody/section")]


def signatories(path: Path) -> list[tuple[str, str, str]]:
    root = etree.parse(str(path)).getroot()
    return [(signature.get("country"), signature.get("person"), normalised(signature.findtext("office")))
            for signature in root.iterfind("conclusions/signatures/signature")]


def import_seed(cli, project: Path, seed: str) -> tuple[Path, Path, str]:
    """Import ``seed`` as a new text beside the shipped one; (new text, shipped text, report)."""
    shipped = project / "texts" / f"{SEED_FOR[seed]}.xml"
    result = cli("import", SEEDS / seed, "--id", f"imported-{SEED_FOR[seed]}", cwd=project)
    assert result.returncode == 0, result.stderr
    imported = project / "texts" / f"imported-{SEED_FOR[seed]}.xml"
    report = (project / "texts" / f"imported-{SEED_FOR[seed]}.import-report.txt").read_text(encoding="utf-8")
    assert report in result.stdout  # printed and written beside the text
    assert check_text(imported) == []
    return imported, shipped, report


@pytest.mark.parametrize("seed", ["001_66c86a04fd630952.txt", "000_c9974e225fdadbd4.txt"])
def test_seed_import_agrees_with_the_shipped_text(cli, project: Path, seed: str) -> None:
    imported, shipped, report = import_seed(cli, project, seed)
    as_read = agreement(segments(imported, True), segments(shipped, True))
    as_published = agreement(segments(imported, False), segments(shipped, False))
    print(f"\n{seed} → {shipped.name}: {len(segments(imported, True))} segments imported, "
          f"{len(segments(shipped, True))} shipped; shipped segments given with the same text as the seed had it: "
          f"{as_read[0]:.1%} (imported segments that are shipped ones: {as_read[1]:.1%}); "
          f"with each side's corrections applied: {as_published[0]:.1%} ({as_published[1]:.1%})")
    assert min(as_read) >= MIN_AGREEMENT
    assert signatories(imported) == signatories(shipped)
    root, shipped_root = etree.parse(str(imported)).getroot(), etree.parse(str(shipped)).getroot()
    for path in ("meta/date", "meta/place"):
        assert root.findtext(path) == shipped_root.findtext(path)
    assert root.find("meta/place").get("ref") == shipped_root.find("meta/place").get("ref")
    assert normalised(root.findtext("meta/title")) == normalised(shipped_root.findtext("meta/title"))
    # Sections: the same, except one whose heading the seed lacks, which the report names.
    missing = {int(number) for number in re.findall(r"part number jumps to \d+ where (\d+) was expected", report)}
    expected_sections = [section for section in sections(shipped) if section[0] not in missing]
    assert [num for num, _ in sections(imported)] == [num for num, _ in expected_sections]
    for (num, first), (_, shipped_first) in zip(sections(imported), expected_sections):
        if num - 1 not in missing:  # a section after a missing heading starts where the seed's does
            assert first == shipped_first


def test_seed_001_as_a_web_page_agrees_too(cli, project: Path, tmp_path: Path) -> None:
    """The same seed saved as an HTML page (paragraphs, a signature table, navigation and a
    footer in their own elements, entities escaped) imports as the text file does."""
    rows, paragraphs = [], []
    for line in (SEEDS / "001_66c86a04fd630952.txt").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            cells = "".join(f"<td>{escape(cell)}</td>" for cell in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
        elif line.strip():
            paragraphs.append(f"<p>{escape(line)}</p>")
    page = tmp_path / "declaration.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>MFA</title><script>track()</script></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header><main>"
        + "".join(paragraphs[:-6]) + f"<table>{''.join(rows)}</table>" + "</main><footer>"
        + "".join(paragraphs[-6:]) + "</footer><div class='share'><button>WeChat</button></div></body></html>",
        encoding="utf-8",
    )
    root, _ = import_file(cli, project, page, "from-html")
    imported = project / "texts" / "from-html.xml"
    shipped = project / "texts" / "tianjin-declaration.xml"
    as_read = agreement(segments(imported, True), segments(shipped, True))
    print(f"\n001 as an HTML page → tianjin-declaration.xml: {as_read[0]:.1%} ({as_read[1]:.1%})")
    assert min(as_read) >= MIN_AGREEMENT
    assert signatories(imported) == signatories(shipped)
    assert "track()" not in etree.tostring(root, encoding="unicode")


def test_seed_001_signatories_corrected_as_recorded_notes(cli, project: Path) -> None:
    imported, _, report = import_seed(cli, project, "001_66c86a04fd630952.txt")
    root = etree.parse(str(imported)).getroot()
    notes = {(note.findtext("sic"), note.findtext("corr")) for note in root.iterfind("meta/editorialNotes/note")}
    assert {("Pezeshchian", "Pezeshkian"), ("Zaparov", "Japarov"), ("Cholon-Ata", "Cholpon-Ata")} <= notes
    persons = [person.text for person in root.iter("person")]
    assert "Pezeshkian" in persons and "Pezeshchian" not in persons
    assert "part number jumps to 3 where 2 was expected" in report
    assert "dropped the page footer" in report and "“Home > Important News”" in report


def test_seed_003_records_a_correction_for_every_name_the_lint_finds(cli, project: Path) -> None:
    seed = SEEDS / "003_84b4cc600d508421.txt"
    linted = cli("lint", seed, "--format", "json", cwd=project)
    name_rules = ("term-deprecated", "term-misspelled")
    in_seed = [f["found"] for f in json.loads(linted.stdout)["findings"] if f["rule"] in name_rules]
    assert {"OCS", "Scos", "Méijiang Convention and Exhibition Center"} <= set(in_seed)
    imported, _, report = import_seed(cli, project, "003_84b4cc600d508421.txt")
    root = etree.parse(str(imported)).getroot()
    recorded = [note.findtext("sic") for note in root.iterfind("meta/editorialNotes/note[@type='correction']")]
    assert sorted(recorded) == sorted(in_seed)
    print(f"\n003: the lint finds {len(in_seed)} deprecated or misspelled names in the seed; "
          f"{len(recorded)} corrections recorded")
    after = json.loads(cli("lint", imported, "--format", "json", cwd=project).stdout)["findings"]
    assert [f for f in after if f["rule"] in name_rules] == []


def import_file(cli, project: Path, source: Path, name: str, *options: str) -> tuple[etree._Element, str]:
    """Import ``source`` as ``texts/<name>.xml``; (its root element, what the command printed)."""
    result = cli("import", source, "--id", name, *options, cwd=project)
    assert result.returncode == 0, result.stderr
    return etree.parse(str(project / "texts" / f"{name}.xml")).getroot(), result.stdout


def parts(root: etree._Element) -> list[tuple[str, str | None]]:
    return [(section.findtext("num"), section.findtext("heading")) for section in root.iterfind("mainBody/section")]


def signers(root: etree._Element) -> list[tuple[str, str, str]]:
    return [(s.get("country"), s.get("person"), s.findtext("person")) for s in root.iter("signature")]


def test_markdown_with_roman_parts_lists_and_a_signature_table(cli, project: Path, tmp_path: Path) -> None:
    source = tmp_path / "statement.md"
    source.write_text(
        "# Joint Statement of the Council of Heads of State of the SCO\n\n"
        "Astana, 4 July 2024 - The member states adopted this statement.\n\n"
        "## I. Politics\n\nThe member states support the OCS.\n\n"
        "## II. Economy\n\nThe member states agree on the following:\n\n"
        "- trade;\n  - tariffs;\n- transport.\n\n"
        "| President of the Republic of Kazakhstan | Tokaev |\n|---|---|\n"
        "| President of the Russian Federation | Putin |\n",
        encoding="utf-8",
    )
    root, _ = import_file(cli, project, source, "astana-statement")
    assert root.get("type") == "declaration" and root.findtext("meta/date") == "2024-07-04"
    assert root.find("meta/place").get("ref") == "astana"
    assert parts(root) == [("1", "Politics"), ("2", "Economy")]
    assert [item.text for item in root.iter("item")] == ["trade;", "tariffs;", "transport."]
    assert root.find("mainBody/section/list/list/item").text == "tariffs;"
    assert signers(root) == [("KZ", "tokayev", "Tokayev"), ("RU", "putin", "Putin")]
    assert "The member states support the SCO." in [p.text for p in root.iter("p")]
    assert root.find("preamble/p").text == "The member states adopted this statement."


def test_plain_text_with_chinese_part_numbers(cli, project: Path, tmp_path: Path) -> None:
    source = tmp_path / "zh.txt"
    source.write_text("上海合作组织成员国元首理事会天津宣言\n2025年9月1日\n天津\n一、总则\n成员国重申。\n二、安全\n成员国支持。\n"
                      "白俄罗斯共和国总统\t卢卡申科\n俄罗斯联邦总统\t普京\n", encoding="utf-8")
    root, _ = import_file(cli, project, source, "zh-declaration", "--lang", "zh")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    assert parts(root) == [("1", "总则"), ("2", "安全")]
    assert signers(root) == [("BY", "lukashenko", "卢卡申科"), ("RU", "putin", "普京")]


def test_html_page_drops_navigation_and_editor_lines(cli, project: Path, tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_text(
        "<!DOCTYPE html><html><head><title>x</title><script>var a = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> &gt; <a href='/news'>News</a></nav>"
        "<div class='share'><button>Share</button></div>"
        "<h1>Qingdao Declaration of the Council of Heads of State of the SCO</h1>"
        "<p>Qingdao, 10 June 2018 - The leaders met.</p>"
        "<h2>1. Security</h2><p>They condemned <span class='term'>terrorism</span> &amp; extremism.</p>"
        "<ul><li>First point;</li><li>Second point.</li></ul>"
        "<h2>2. Economy</h2><p>They support trade.</p><p>Editor: Wang Xiaoming</p>"
        "<footer>Copyright © Ministry</footer></body></html>",
        encoding="utf-8",
    )
    root, printed = import_file(cli, project, source, "qingdao-declaration")
    text = etree.tostring(root, encoding="unicode")
    assert [p.text for p in root.iter("p")] == ["The leaders met.", "They condemned terrorism & extremism.",
                                                "They support trade."]
    assert [item.text for item in root.iter("item")] == ["First point;", "Second point."]
    assert "Editor" not in text and "Home" not in text and "var a" not in text
    assert "dropped as page navigation or a page control: “Editor: Wang Xiaoming”" in printed


def test_docx_headings_lists_and_signature_table(cli, project: Path, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Dushanbe Declaration of the Council of Heads of State of the SCO", level=0)
    document.add_paragraph("Dushanbe, 17 September 2021 - The leaders of the member states met.")
    document.add_heading("Part one", level=1)
    document.add_paragraph("The member states welcomed Zaparov.")
    document.add_paragraph("energy;", style="List Bullet")
    document.add_paragraph("transport.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "President of the Kyrgyz Republic", "Zaparov"
    source = tmp_path / "dushanbe.docx"
    document.save(str(source))
    root, _ = import_file(cli, project, source, "dushanbe-declaration")
    assert root.findtext("meta/title") == "Dushanbe Declaration of the Council of Heads of State of the SCO"
    assert root.find("meta/place").get("ref") == "dushanbe"
    assert root.findtext("mainBody/section/num") == "1"
    assert [item.text for item in root.iter("item")] == ["energy;", "transport."]
    assert signers(root) == [("KG", "japarov", "Japarov")]
    sics = [note.findtext("sic") for note in root.iterfind("meta/editorialNotes/note")]
    assert sics.count("Zaparov") == 2  # the paragraph and the signature, each corrected on the record


def test_new_text_goes_through_validate_and_sync(cli, project: Path) -> None:
    """The imported text validates, and sync gives it a template and one catalog per language
    holding exactly its segments, which gettext accepts."""
    assert cli("import", SEEDS / "003_84b4cc600d508421.txt", "--id", "report-two", cwd=project).returncode == 0
    validated = cli("validate", cwd=project)
    assert validated.returncode == 0 and validated.stderr == "", validated.stderr
    synced = cli("sync", cwd=project)
    assert synced.returncode == 0, synced.stderr
    segments = [(s.id, s.text) for s in load_document(project / "texts" / "report-two.xml").segments()]
    assert len(segments) > 10
    catalogs = [project / "locales" / "report-two.pot"]
    catalogs += [project / "locales" / lang / "LC_MESSAGES" / "report-two.po" for lang in ("ru", "zh", "kk")]
    for path in catalogs:
        assert [(m.msgctxt, m.msgid) for m in read_po(path).entries] == segments, path
        assert subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True).returncode == 0, path


def test_bad_input_is_one_line_and_exit_2(cli, project: Path, tmp_path: Path) -> None:
    source = tmp_path / "notes.pdf"
    source.write_bytes(b"%PDF-1.7")
    result = cli("import", source, "--id", "x", cwd=project)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    result = cli("import", broken, "--id", "x", cwd=project)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "DOCX" in result.stderr
    existing = cli("import", SEEDS / "000_c9974e225fdadbd4.txt", "--id", "tokayev-address", cwd=project)
    assert existing.returncode == 2 and "--force" in existing.stderr
    two = cli("import", SEEDS / "000_c9974e225fdadbd4.txt", SEEDS / "003_84b4cc600d508421.txt", "--id", "x", cwd=project)
    assert two.returncode == 2 and "one by one" in two.stderr


def test_a_part_heading_with_nothing_under_it_stays_a_paragraph(cli, project: Path, tmp_path: Path) -> None:
    source = tmp_path / "short.txt"
    source.write_text("Astana, 4 July 2024 - The leaders met.\nI. Security\nThey agreed.\nII\n", encoding="utf-8")
    root, printed = import_file(cli, project, source, "short-text")
    assert parts(root) == [("1", "Security")]
    assert [p.text for p in root.iter("p")] == ["The leaders met.", "They agreed.", "II"]
    assert "“II” has no paragraphs under it" in printed


def test_force_replaces_a_text_without_handing_out_its_ids_again(cli, project: Path) -> None:
    """Replacing a text must not give its old IDs to new segments: the catalogs would put
    the old translations on them. Numbering goes on from the old nextId."""
    old = etree.parse(str(project / "texts" / "tokayev-address.xml")).getroot()
    root, _ = import_file(cli, project, SEEDS / "000_c9974e225fdadbd4.txt", "tokayev-address", "--force")
    old_ids = {element.get(XML_ID) for element in old.iter() if element.get(XML_ID)}
    new_ids = {element.get(XML_ID) for element in root.iter() if element.get(XML_ID)}
    assert not old_ids & new_ids
    assert root.find("meta/title").get(XML_ID) == old.get("nextId")
