"""Where lint findings point (inside the msgstr, through wrapped strings, escapes and plural
forms, in every output format), how waived findings are reported, and --max-warnings."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO
from lxml import etree

HEADER = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
# Each offending term stands after something that takes more columns than characters or on
# a continuation line: a msgstr "" with its text on the next lines, escapes (\" \n \t \\)
# before the term, a plural form. Lines 5 on.
ENTRIES = (
    '# a translator comment\n'                                           # 6
    '#. section 1\n'                                                     # 7
    'msgctxt "s1"\n'                                                     # 8
    'msgid ""\n'                                                         # 9
    '"President Japarov said: "\n'                                       # 10
    '"\\"hello\\"."\n'                                                   # 11
    'msgstr ""\n'                                                        # 12
    '"Он сказал: \\"привет\\"\\n"\n'                                     # 13
    '"\\t\\\\ Выступил президент Джапаров."\n'                           # 14
    '\n'
    'msgctxt "s2"\n'                                                     # 16
    'msgid "%d statement by Japarov"\n'                                  # 17
    'msgid_plural "%d statements by Japarov"\n'                          # 18
    'msgstr[0] "%d заявление Жапарова"\n'                                # 19
    'msgstr[1] "%d заявления Джапарова"\n'                               # 20
    'msgstr[2] "%d заявлений Жапарова"\n'                                # 21
    '\n'
    '#, fuzzy\n'                                                         # 23
    'msgctxt "s3"\n'
    'msgid "More."\n'
    'msgstr "Ещё."\n'
    '\n'
    'msgctxt "s4"\n'
    'msgid "Untranslated."\n'
    'msgstr ""\n'                                                        # 30
    '\n'
    'msgctxt "s5"\n'
    'msgid "The SCO summit in Astana."\n'                                # 33
    'msgstr "Саммит в Астане."\n'                                        # 34
)
# (rule, line, column, end column) as a reader counts them in the file above
EXPECTED = [
    ("term-deprecated", 14, 26, 34),  # Джапаров after \t and \\, on the msgstr's second string line
    ("term-deprecated", 20, 25, 34),  # Джапарова in msgstr[1]
    ("fuzzy", 23, 4, 9),              # the flag
    ("untranslated", 30, 9, 9),       # inside the empty msgstr, where the text goes
    ("term-missing", 34, 9, 25),      # the translation that lacks the term: all of the msgstr text
]


@pytest.fixture
def catalog(project: Path) -> Path:
    path = project / "positions.po"
    path.write_text(HEADER + ENTRIES, encoding="utf-8")
    return path


def _lint(cli, project: Path, *args: str | Path):
    return cli("lint", *args, cwd=project)


def test_every_position_is_the_offending_text_in_the_file(catalog):
    """The expected positions are what they claim: the found text stands there verbatim."""
    lines = catalog.read_text(encoding="utf-8").split("\n")
    assert lines[14 - 1][26 - 1:34 - 1] == "Джапаров"
    assert lines[20 - 1][25 - 1:34 - 1] == "Джапарова"
    assert lines[23 - 1][4 - 1:9 - 1] == "fuzzy"
    assert lines[30 - 1][9 - 1] == '"'
    assert lines[34 - 1][9 - 1:25 - 1] == "Саммит в Астане."


def test_json_positions(cli, project, catalog):
    result = _lint(cli, project, "--format", "json", catalog)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["line"], f["column"], f["end_column"]) for f in findings] == EXPECTED
    missing = findings[-1]
    assert (missing["source_line"], missing["source_column"]) == (33, 12)  # "SCO" in the msgid


def test_text_github_and_junit_positions(cli, project, catalog):
    text = _lint(cli, project, "--no-colour", catalog).stdout.splitlines()
    assert [line.split(": ")[0] for line in text[:-1]] == [f"positions.po:{l}:{c}" for _, l, c, _ in EXPECTED]
    github = _lint(cli, project, "--format", "github", catalog).stdout.splitlines()
    assert [line.split(",title=")[0].split(",", 1)[1] for line in github] == [
        f"line={l},col={c}" for _, l, c, _ in EXPECTED]
    junit = etree.fromstring(_lint(cli, project, "--format", "junit", catalog).stdout.encode())
    reported = [node.text.split(": ")[0] for node in junit.iter("failure", "system-out")]
    assert reported == [f"positions.po:{l}:{c}" for _, l, c, _ in EXPECTED]


def _sarif_schema() -> dict:
    path = REPO / "node_modules" / "@microsoft" / "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json"
    if not path.exists():
        pytest.skip("npm install (scripts/setup.sh --test) provides the SARIF schema")
    return json.loads(path.read_text(encoding="utf-8"))


def test_sarif_positions(cli, project, catalog):
    log = json.loads(_lint(cli, project, "--format", "sarif", catalog).stdout)
    jsonschema.validate(log, _sarif_schema())
    run = log["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]]
    assert [(r["startLine"], r["startColumn"], r["endLine"], r["endColumn"]) for r in regions] == [
        (line, column, line, end) for _, line, column, end in EXPECTED]  # Cyrillic: one UTF-16 unit each
    related = run["results"][-1]["relatedLocations"][0]["physicalLocation"]["region"]
    assert (related["startLine"], related["startColumn"], related["endColumn"]) == (33, 12, 15)


def test_sarif_columns_count_utf16_units_and_the_others_characters(cli, project):
    """A character beyond U+FFFF is one column in text and JSON, two UTF-16 units in SARIF."""
    path = project / "notes.md"
    path.write_text("Line one\n\U0001F600 the OCS met.\n", encoding="utf-8")
    finding = json.loads(_lint(cli, project, "--format", "json", path).stdout)["findings"][0]
    assert (finding["line"], finding["column"], finding["end_column"]) == (2, 7, 10)
    log = json.loads(_lint(cli, project, "--format", "sarif", path).stdout)
    jsonschema.validate(log, _sarif_schema())
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 8, 11)


def test_a_term_in_a_canonical_text_is_found_on_its_line(cli, project):
    text = project / "texts" / "council-meeting-report.xml"
    source = text.read_text(encoding="utf-8")
    marker = '<p xml:id="s6">President Xi warmly '
    assert marker in source
    text.write_text(source.replace(marker, marker + "greeted the OCS and "), encoding="utf-8")
    finding = json.loads(_lint(cli, project, "--format", "json", text).stdout)["findings"][0]
    line = text.read_text(encoding="utf-8").split("\n")[finding["line"] - 1]
    assert line[finding["column"] - 1:finding["end_column"] - 1] == "OCS"
    assert finding["column"] == line.index(marker) + len(marker) + len("greeted the ") + 1


# ---------------------------------------------------------------- waivers

WAIVED = (
    '# lint-waive: term-missing: the name is omitted in the official text\n'
    'msgctxt "w1"\nmsgid "President Japarov spoke."\nmsgstr "Выступил президент."\n\n'
    '# lint-waive: fuzzy: checked by the second reader\n'
    '#, fuzzy\nmsgctxt "w2"\nmsgid "More."\nmsgstr "Ещё."\n\n'
    'msgctxt "w3"\nmsgid "Untranslated."\nmsgstr ""\n'
)


def test_waived_findings_are_suppressions_in_sarif(cli, project):
    path = project / "waived.po"
    path.write_text(HEADER + WAIVED, encoding="utf-8")
    result = _lint(cli, project, "--format", "sarif", path)
    assert result.returncode == 0
    log = json.loads(result.stdout)
    jsonschema.validate(log, _sarif_schema())
    suppressed = {r["ruleId"]: r["suppressions"] for r in log["runs"][0]["results"] if "suppressions" in r}
    assert suppressed == {
        "term-missing": [{"kind": "inSource", "justification": "the name is omitted in the official text"}],
        "fuzzy": [{"kind": "inSource", "justification": "checked by the second reader"}],
    }
    untranslated = [r for r in log["runs"][0]["results"] if r["ruleId"] == "untranslated"]
    assert len(untranslated) == 1 and "suppressions" not in untranslated[0]


def test_waived_findings_are_counted_in_json_and_text(cli, project):
    path = project / "waived.po"
    path.write_text(HEADER + WAIVED, encoding="utf-8")
    report = json.loads(_lint(cli, project, "--format", "json", path).stdout)
    assert report["summary"] == {"segments": 3, "errors": 0, "warnings": 1, "waived": 2}
    assert [f["rule"] for f in report["findings"]] == ["untranslated"]
    assert {(f["rule"], f["waiver"]) for f in report["waived"]} == {
        ("term-missing", "the name is omitted in the official text"), ("fuzzy", "checked by the second reader")}
    text = _lint(cli, project, "--no-colour", path).stdout.splitlines()
    assert text[-1] == "3 segments checked: 0 errors, 1 warnings, 2 waived"
    assert len(text) == 2  # the untranslated entry; waived findings are only counted


def test_an_invalid_waiver_points_at_the_waiver(cli, project):
    path = project / "waiver.po"
    path.write_text(HEADER + '# lint-waive: no-such-rule: why\nmsgctxt "s1"\nmsgid "Hi."\nmsgstr "Привет."\n',
                    encoding="utf-8")
    finding = json.loads(_lint(cli, project, "--format", "json", path).stdout)["findings"][0]
    assert (finding["rule"], finding["line"], finding["column"]) == ("waiver-invalid", 6, 3)


# ---------------------------------------------------------------- --max-warnings

def test_max_warnings_says_why_it_failed(cli, project, catalog):
    path = project / "warnings.po"
    path.write_text(HEADER + WAIVED.replace("# lint-waive: fuzzy: checked by the second reader\n", ""), encoding="utf-8")
    assert _lint(cli, project, "--max-warnings", "2", path).returncode == 0
    result = _lint(cli, project, "--max-warnings", "1", path)
    assert result.returncode == 1
    assert result.stderr.strip() == "lint failed: 2 warnings, more than --max-warnings 1"


@pytest.mark.parametrize("value", ["-1", "two"])
def test_max_warnings_must_be_a_count(cli, project, catalog, value):
    result = _lint(cli, project, "--max-warnings", value, catalog)
    assert result.returncode == 2
    assert "argument --max-warnings:" in result.stderr and "Traceback" not in result.stderr


def test_octal_and_hex_escapes_and_a_term_wrapped_over_two_lines(tmp_path):
    """An octal (\\101) or hex (\\x42) escape is one character over four columns; a term the
    wrapping cut in two ends on the next line."""
    from sco_publish.lint.positions import FileLines, po_string_region

    path = tmp_path / "escapes.po"
    path.write_text('msgctxt "s1"\nmsgid "x"\nmsgstr ""\n"\\101\\x42 Шанхайская "\n"организация"\n', encoding="utf-8")
    value = "AB Шанхайская организация"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = value.index("Шанхайская")
    region = po_string_region(FileLines(path), 1, "msgstr", start, len("Шанхайская организация"))
    assert (region.line, region.column, region.end_line, region.end_column) == (4, 11, 5, 13)
    assert lines[3][10:].startswith("Шанхайская") and lines[4][:12] == '"организация'
    after_escapes = po_string_region(FileLines(path), 1, "msgstr", 1, 1)  # the B of \x42
    assert (after_escapes.column, after_escapes.end_column) == (6, 10)


def test_junit_puts_a_finding_in_its_entry_also_without_msgctxt(cli, project):
    path = project / "no-context.po"
    path.write_text(HEADER + '#. a comment\nmsgid "President Japarov spoke."\nmsgstr ""\n"Выступил президент "\n'
                    '"Джапаров."\n\nmsgid "Hello."\nmsgstr "Привет."\n', encoding="utf-8")
    junit = etree.fromstring(_lint(cli, project, "--format", "junit", path).stdout.encode())
    cases = {case.get("name"): [node.text for node in case] for case in junit.iter("testcase")}
    assert cases == {"6 [ru]": ["no-context.po:10:2: deprecated term “Джапаров” for japarov; use “Садыр Жапаров”"],
                     "12 [ru]": []}


def test_a_plural_form_lacking_a_term_is_checked_against_msgid_plural(cli, project):
    path = project / "plural.po"
    path.write_text(HEADER + 'msgctxt "s1"\nmsgid "%d statement by Japarov"\nmsgid_plural "%d statements by Japarov"\n'
                    'msgstr[0] "%d заявление Жапарова"\nmsgstr[1] "%d заявления"\nmsgstr[2] "%d заявлений Жапарова"\n',
                    encoding="utf-8")
    findings = json.loads(_lint(cli, project, "--format", "json", path).stdout)["findings"]
    assert [(f["rule"], f["line"], f["column"], f["end_column"], f["source_line"], f["source_column"])
            for f in findings] == [("term-missing", 10, 12, 24, 8, 32)]  # msgstr[1]; Japarov in msgid_plural
