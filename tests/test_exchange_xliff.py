"""XLIFF exchange: export, import, conformance to the OASIS schemas and test suite, and a round
trip through translate-toolkit (the library Weblate uses)."""

from __future__ import annotations

import contextlib
import functools
import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, isoschematron

from sco_publish.catalogs.pofile import format_po, read_po
from sco_publish.errors import UserError
from sco_publish.exchange.model import FUZZY, TRANSLATED
from sco_publish.exchange.xliff2 import read_xliff2
from sco_publish.exchange.xliff2_rules import Problem, check_document
from sco_publish.xmlparse import parse_xml
from sco_publish.exchange.xliff12 import read_xliff12
from tests.conftest import REPO

# ../shared/standards beside the repository (CI, /work/main); from a git worktree one folder further up.
STANDARDS = next((folder / "shared" / "standards" for folder in REPO.parents
                  if (folder / "shared" / "standards").is_dir()), REPO.parent / "shared" / "standards")
SUITE = STANDARDS / "xliff-2.1" / "test-suite" / "core"
needs_standards = pytest.mark.skipif(not STANDARDS.is_dir(), reason=f"{STANDARDS} (the OASIS schemas and test suite) is absent")
DOCUMENT = "tokayev-address"


def catalog(project: Path, lang: str = "ru") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{DOCUMENT}.po"


def edit_catalog(path: Path, segment_id: str, target: str, fuzzy: bool = False, previous: str | None = None) -> None:
    """An edit made in the .po file directly, written by the project's msgcat-identical writer."""
    po = read_po(path)
    message = next(m for m in po.entries if m.msgctxt == segment_id)
    message.msgstr = target
    message.set_fuzzy(fuzzy)
    message.previous_msgid = previous
    path.write_text(format_po(po), encoding="utf-8")


def export(cli, project: Path, format: str = "xliff2") -> Path:
    result = cli("export", "--lang", "ru", "--format", format, "-o", "xliff", DOCUMENT, cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "xliff" / f"{DOCUMENT}.ru.xlf"


def with_fuzzy_entry(project: Path) -> None:
    """s3 fuzzy with its previous English, as sync leaves a changed segment."""
    edit_catalog(catalog(project), "s3", "Акорда (черновик)", fuzzy=True, previous="The Akorda")


# ---------------------------------------------------------------- conformance of what we write

SCHEMAS = STANDARDS / "xliff-2.1" / "schemas"


@functools.cache
def _xliff2_schema() -> etree.XMLSchema:
    """The core XSD with every module XSD the TC's catalog names and the folder holds (lax
    wildcards then validate module elements too), resolved locally, no network."""
    catalog = etree.parse(str(SCHEMAS / "catalog.xml"))
    imports = "".join(
        f'<xs:import namespace="{uri.get("name")}" schemaLocation="{(SCHEMAS / uri.get("uri")).as_uri()}"/>'
        for uri in catalog.getroot() if uri.get("name", "").startswith("urn:oasis") and (SCHEMAS / uri.get("uri")).is_file())
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(driver.encode(), etree.XMLParser(no_network=True)))


SVRL = "{http://purl.oclc.org/dsdl/svrl}"


@functools.cache
def _saxon():
    """One Saxon processor for the session: its stylesheets die with it (the process exits if they outlive it)."""
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    # Saxon-HE 13.1.1's optimizer crashed the process compiling the core rules' stylesheet
    # ("Bad parent pointer in expression tree", LoopLifter): the rules need no optimizing.
    processor.set_configuration_property("http://saxon.sf.net/feature/optimizationLevel", "0")
    return processor


@functools.cache
def _schematron(name: str):
    """The TC's Schematron rules (``queryBinding="xslt2"``), compiled to a stylesheet by the ISO
    skeleton lxml ships (XSLT 1 itself) and run by Saxon as XSLT 2. Returns a function giving
    the failed assertions and reports of a file."""
    skeleton = Path(isoschematron.__file__).parent / "resources" / "xsl" / "iso-schematron-xslt1"
    # The .sch declare their publishing entities in an internal DTD subset: trusted files, no network.
    tree = etree.parse(str(SCHEMAS / name), etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=True))
    tree.getroot().set("queryBinding", "xslt")  # the skeleton refuses "xslt2"; Saxon runs the output as 2.0
    for step in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt1.xsl"):
        tree = etree.XSLT(etree.parse(str(skeleton / step)))(tree)
    tree.getroot().set("version", "2.0")
    executable = _saxon().new_xslt30_processor().compile_stylesheet(stylesheet_text=etree.tostring(tree, encoding="unicode"))

    def failures(path: Path) -> list[str]:
        report = etree.fromstring(executable.transform_to_string(source_file=str(path)).encode())
        return [" ".join(found.findtext(f"{SVRL}text").split())
                for found in report.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report")]
    return failures


def _xliff12_schema() -> etree.XMLSchema:
    """The 1.2 strict XSD with its import of xml.xsd pointed at the copy beside it."""
    folder = STANDARDS / "xliff-1.2"
    tree = etree.parse(str(folder / "xliff-core-1.2-strict.xsd"), etree.XMLParser(no_network=True))
    for element in tree.iter("{http://www.w3.org/2001/XMLSchema}import"):
        if element.get("namespace") == "http://www.w3.org/XML/1998/namespace":
            element.set("schemaLocation", (folder / "xml.xsd").as_uri())
    return etree.XMLSchema(tree)


def export_everything(cli, project: Path, format: str) -> list[Path]:
    """Every document in every language."""
    paths = []
    for lang in ("ru", "zh", "kk"):
        result = cli("export", "--lang", lang, "--format", format, "-o", "everything", cwd=project)
        assert result.returncode == 0, result.stderr
        paths += [Path(line) if Path(line).is_absolute() else project / line for line in result.stdout.split()]
    assert len(paths) == 9
    return paths


@needs_standards
@pytest.mark.parametrize("format", ["xliff2", "xliff12"])
def test_every_exported_file_validates(cli, project, format):
    """XLIFF 2.1: the core and module XSDs, the TC's Schematron rules (core and glossary) and our
    own processing-requirement checks; XLIFF 1.2: the strict XSD."""
    with_fuzzy_entry(project)
    schema = _xliff2_schema() if format == "xliff2" else _xliff12_schema()
    for exported in export_everything(cli, project, format):
        tree = etree.parse(str(exported))
        assert schema.validate(tree), (exported, schema.error_log)
        if format == "xliff2":
            assert _schematron("xliff_core_2.1.sch")(exported) == [], exported
            assert _schematron("glossary.sch")(exported) == [], exported
            read_xliff2(parse_xml(exported).getroot(), exported)
    # The schemas do reject: a unit without its segment; in 1.2 strict, an attribute of another
    # namespace (which is why the fingerprint is in extradata there).
    if format == "xliff2":
        unit = tree.find(".//{urn:oasis:names:tc:xliff:document:2.0}unit")
        unit.remove(unit.find("{urn:oasis:names:tc:xliff:document:2.0}segment"))
    else:
        tree.find(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit").set("{urn:x}foreign", "x")
    assert not schema.validate(tree)


def test_notes_carry_the_place_the_glossary_hints_and_the_editorial_notes(cli, project):
    tree = etree.parse(str(export(cli, project)))
    unit = tree.find(".//{urn:oasis:names:tc:xliff:document:2.0}unit[@id='s1']")
    notes = {note.get("category"): note.text for note in unit.iter("{urn:oasis:names:tc:xliff:document:2.0}note")}
    assert notes["location"] == "document title"
    assert notes["glossary"].startswith("glossary: ") and "→" in notes["glossary"]
    assert notes["editorial"].startswith("Straight quotation marks")
    terms = [(entry.findtext("{urn:oasis:names:tc:xliff:glossary:2.0}term"),
              entry.findtext("{urn:oasis:names:tc:xliff:glossary:2.0}translation"))
             for entry in unit.iter("{urn:oasis:names:tc:xliff:glossary:2.0}glossEntry")]
    assert ("Kassym-Jomart Tokayev", "Касым-Жомарт Токаев") in terms


# ---------------------------------------------------------------- states and a safe import

@pytest.mark.parametrize("format", ["xliff2", "xliff12"])
def test_export_then_import_without_edits_is_a_byte_identical_no_op(cli, project, format):
    with_fuzzy_entry(project)
    edit_catalog(catalog(project), "s4", "")  # one untranslated entry too
    before = catalog(project).read_bytes()
    stamp = catalog(project).stat().st_mtime_ns
    path = export(cli, project, format)
    units = {u.id: u for f in (read_xliff2 if format == "xliff2" else read_xliff12)(parse_xml(path).getroot(), path)
             for u in f.units}
    assert (units["s3"].translation.state, units["s3"].translation.previous_source) == (FUZZY, "The Akorda")
    assert units["s4"].translation.state == "untranslated" and units["s5"].translation.state == TRANSLATED
    result = cli("import", path, cwd=project)
    assert result.returncode == 0, result.stderr
    assert catalog(project).read_bytes() == before and catalog(project).stat().st_mtime_ns == stamp
    msgcat = subprocess.run(["msgcat", str(catalog(project))], capture_output=True, check=True)
    assert msgcat.stdout == before


def test_a_character_xml_cannot_hold_travels_as_a_code_point_in_xliff2_and_is_refused_in_xliff12(cli, project):
    edit_catalog(catalog(project), "s5", "Текст\x01с управляющим символом.")
    before = catalog(project).read_bytes()
    path = export(cli, project)
    assert '<cp hex="0001"/>' in path.read_text(encoding="utf-8")
    assert cli("import", path, cwd=project).returncode == 0
    assert catalog(project).read_bytes() == before
    result = cli("export", "--lang", "ru", "--format", "xliff12", "-o", "xliff12", DOCUMENT, cwd=project)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"{catalog(project)}: segment 's5': U+0001 in the translation")


def _set_target(path: Path, unit_id: str, text: str) -> None:
    tree = etree.parse(str(path))
    unit = tree.find(f".//{{urn:oasis:names:tc:xliff:document:2.0}}unit[@id='{unit_id}']")
    unit.find(".//{urn:oasis:names:tc:xliff:document:2.0}target").text = text
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def test_a_translation_changed_in_the_catalog_since_the_export_is_a_conflict(cli, project):
    path = export(cli, project)
    _set_target(path, "s5", "Перевод из CAT-программы.")
    edit_catalog(catalog(project), "s5", "Правка в каталоге.")
    edited = catalog(project).read_bytes()
    result = cli("import", path, cwd=project)
    assert result.returncode == 1
    assert f"{path.name}:" in result.stderr and "conflict: segment 's5'" in result.stderr
    assert catalog(project).read_bytes() == edited  # never overwritten
    result = cli("import", "--force", path, cwd=project)
    assert result.returncode == 0, result.stderr
    assert next(m for m in read_po(catalog(project)).entries if m.msgctxt == "s5").msgstr == "Перевод из CAT-программы."


def test_a_unit_whose_source_changed_is_kept_as_fuzzy_and_reported(cli, project):
    path = export(cli, project)
    tree = etree.parse(str(path))
    unit = tree.find(".//{urn:oasis:names:tc:xliff:document:2.0}unit[@id='s5']")
    unit.find(".//{urn:oasis:names:tc:xliff:document:2.0}source").text = "An older English sentence."
    unit.find(".//{urn:oasis:names:tc:xliff:document:2.0}target").text = "Старый перевод."
    path.write_bytes(etree.tostring(tree))
    result = cli("import", path, cwd=project)
    assert result.returncode == 1 and "unit 's5': its source is no longer the canonical text" in result.stderr
    message = next(m for m in read_po(catalog(project)).entries if m.msgctxt == "s5")
    assert (message.fuzzy, message.msgstr, message.previous_msgid) == (True, "Старый перевод.", "An older English sentence.")


def test_export_refuses_a_catalog_out_of_step_with_its_text(cli, project):
    text = project / "texts" / f"{DOCUMENT}.xml"
    text.write_text(text.read_text(encoding="utf-8").replace(">Tianjin<", ">Tianjin City<"), encoding="utf-8")
    result = cli("export", "--lang", "ru", DOCUMENT, cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"{catalog(project)}: not in step with {DOCUMENT}.xml "
                                     "(segment 's2'); run `sco-publish sync` first")
    assert cli("export", "--lang", "fr", cwd=project).returncode == 2


def test_bad_input_is_one_line_and_exit_2(cli, project):
    bad = project / "bad.xlf"
    bad.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en">\n'
                   '<file id="f"><unit id="u"><segment><source>a</source><target>b</target></segment></unit></file></xliff>')
    good = export(cli, project)
    _set_target(good, "s5", "Перевод из CAT-программы.")
    before = catalog(project).read_bytes()
    result = cli("import", good, bad, cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"{bad}:2: <target> without trgLang on <xliff>; add trgLang"
    assert catalog(project).read_bytes() == before  # every file is checked before any catalog is written


# ---------------------------------------------------------------- the OASIS conformance suite

RULES = {"structure": "structure (the core schema's, in code)", "ids": "ID uniqueness per scope",
         "languages": "srcLang/trgLang/xml:lang", "references": "references, pairing, inline codes"}


def _first_problem(path: Path) -> Problem | None:
    """What refuses the file: the first problem, also the one import reports."""
    root = parse_xml(path).getroot()
    problems = check_document(root, path)
    with pytest.raises(UserError) if problems else contextlib.nullcontext():
        read_xliff2(root, path)
    return problems[0] if problems else None


@needs_standards
def test_oasis_conformance_suite(cli, project, capsys):
    valid = sorted((SUITE / "valid").glob("*.xlf"))
    invalid = sorted((SUITE / "invalid").glob("*.xlf"))
    accepted = [path for path in valid if _first_problem(path) is None]
    refused = {path: _first_problem(path) for path in invalid}
    kinds = Counter(RULES[problem.rule] for problem in refused.values() if problem is not None)
    schema, core_rules = _xliff2_schema(), _schematron("xliff_core_2.1.sch")
    by_xsd = [path for path in invalid if not schema.validate(etree.parse(str(path)))]
    by_schematron = [path for path in invalid if core_rules(path)]
    valid_flagged = [path.name for path in valid if core_rules(path) or not schema.validate(etree.parse(str(path)))]
    with capsys.disabled():
        print(f"\nXLIFF 2.1 conformance suite ({SUITE})")
        print(f"  sco-publish import: valid accepted {len(accepted)}/{len(valid)}, "
              f"invalid refused {sum(e is not None for e in refused.values())}/{len(invalid)}, by the first check failing:")
        for kind, count in kinds.most_common():
            print(f"    {count:3}  {kind}")
        print(f"  for comparison, the TC's core and module XSDs alone refuse {len(by_xsd)}/{len(invalid)}, "
              f"its core Schematron (Saxon) alone {len(by_schematron)}/{len(invalid)}, "
              f"both {len(set(by_xsd) | set(by_schematron))}/{len(invalid)}; "
              f"valid files they flag: {', '.join(valid_flagged) or 'none'}")
    assert len(valid) == 25 and len(invalid) == 119
    assert accepted == valid
    assert [path.name for path, error in refused.items() if error is None] == []
    for path, problem in refused.items():
        assert str(problem.error).startswith(f"{path}:") and problem.error.location.line  # file:line: what is wrong
    # The importer reads a valid file and reports each of its units, one line each.
    result = cli("import", SUITE / "valid" / "sample1.xlf", cwd=project)
    units = etree.parse(str(SUITE / "valid" / "sample1.xlf")).findall(".//{urn:oasis:names:tc:xliff:document:2.0}unit")
    assert result.returncode == 1 and len(result.stderr.splitlines()) == len(units) > 0
    assert all("is not a segment of the project" in line for line in result.stderr.splitlines())


# ---------------------------------------------------------------- through translate-toolkit

@pytest.mark.parametrize("format", ["xliff2", "xliff12"])
def test_round_trip_through_translate_toolkit(cli, project, tmp_path, format):
    from translate.storage import xliff, xliff2

    direct = tmp_path / "direct.po"
    direct.write_bytes(catalog(project).read_bytes())
    path = export(cli, project, format)
    store = (xliff2.Xliff2File if format == "xliff2" else xliff.xlifffile).parsefile(str(path))
    units = {unit.xmlelement.get("id") if format == "xliff12" else unit.getunitelement().get("id"): unit
             for unit in store.units}
    units["s5"].settarget("Новый перевод пятого сегмента.")
    units["s6"].settarget("Черновик шестого.")
    units["s6"].markfuzzy(True)
    path.write_bytes(bytes(store))
    edit_catalog(direct, "s5", "Новый перевод пятого сегмента.")
    edit_catalog(direct, "s6", "Черновик шестого.", fuzzy=True)

    result = cli("import", path, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "2 taken" in result.stdout
    assert catalog(project).read_bytes() == direct.read_bytes()
    # The rest of the loop: sync has nothing to change in what import wrote; stats sees the fuzzy entry.
    synced = cli("sync", cwd=project)
    assert synced.returncode == 0 and synced.stdout.strip().endswith(", 0 updated"), synced.stdout
    stats = cli("stats", "--format", "json", cwd=project)
    row = next(r for r in json.loads(stats.stdout)["catalogs"] if r["document"] == DOCUMENT and r["lang"] == "ru")
    assert row["fuzzy"] == 1


def test_catalog_without_msgctxt_is_refused_alike_by_sync_lint_and_stats(cli, project):
    """translate-toolkit's po2xliff → xliff2po round trip drops every msgctxt."""
    from translate.convert import po2xliff, xliff2po

    po = catalog(project)
    xlf = project / "via.xlf"
    with po.open("rb") as source, xlf.open("wb") as output:
        po2xliff.convertpo(source, output, None)
    with xlf.open("rb") as source, po.open("wb") as output:
        xliff2po.convertxliff(source, output, None)
    assert "msgctxt" not in po.read_text(encoding="utf-8")
    lines = []
    for command in (["sync"], ["lint", po], ["stats"]):
        result = cli(*command, cwd=project)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert len(result.stderr.splitlines()) == 1 and "has no msgctxt (segment ID)" in result.stderr
        assert "sco-publish import" in result.stderr
        lines.append(result.stderr.split(": ", 1)[0])
    assert len(set(lines)) == 1  # the same file:line:col from all three
