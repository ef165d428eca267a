"""TMX 1.4b: export of the project's translations, import of other tools' memories."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from translate.storage.tmx import tmxfile

from sco_publish.catalogs.pofile import read_po, write_po
from sco_publish.texts.reader import load_document

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Our own RELAX NG of TMX 1.4b's structure (element and attribute names from the specification).
TMX_SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "fixtures" / "standards" / "tmx14.rng")))
LANGUAGES = ("ru", "zh", "kk")


def _translated(project: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(document, segment) → language → translation, from the catalogs."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for po in sorted(project.glob("locales/*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        for message in read_po(po).entries:
            if message.translated:
                found.setdefault((po.stem, message.msgctxt), {})[lang] = message.msgstr
    return found


def test_export_is_valid_tmx_14b_and_translate_toolkit_reads_every_segment(project, cli, tmp_path):
    russian = project / "locales" / "ru" / "LC_MESSAGES" / "tianjin-declaration.po"
    catalog = read_po(russian)
    next(m for m in catalog.entries if m.msgctxt == "s9").set_fuzzy(True)  # not a translation to reuse yet
    write_po(catalog, russian)
    exported = tmp_path / "sco.tmx"
    result = cli("tmx", "export", exported, cwd=project)
    assert result.returncode == 0, result.stderr

    tree = etree.parse(str(exported))
    assert TMX_SCHEMA.validate(tree), TMX_SCHEMA.error_log.filter_from_errors()
    header = tree.find("header").attrib
    assert (header["creationtool"], header["segtype"], header["srclang"], header["adminlang"],
            header["datatype"]) == ("sco-publish", "paragraph", "en", "en", "plaintext")

    expected = _translated(project)
    sources = {(document.id, segment.id): segment.text
               for document in map(load_document, sorted(project.glob("texts/*.xml")))
               for segment in document.segments()}
    store = tmxfile(exported.open("rb"))
    units = {}
    for unit, tu in zip(store.units, tree.iter("tu"), strict=True):
        props = {prop.get("type"): prop.text for prop in tu.iterfind("prop")}
        key = (props["x-document"], props["x-segment"])
        units[key] = unit
        assert unit.getid() == f"{key[0]} {key[1]}"
        assert unit.source == sources[key]
        assert {lang: unit.gettarget(lang) for lang in expected[key]} == expected[key]
        assert {tuv.get(XML_LANG) for tuv in tu.iterfind("tuv")} == {"en", *expected[key]}
    assert units.keys() == expected.keys()
    assert "ru" not in expected["tianjin-declaration", "s9"] and "zh" in expected["tianjin-declaration", "s9"]
    assert len(units) == len(sources)  # every segment of the repository is translated


def test_a_translate_toolkit_memory_is_imported_and_sync_suggests_from_it(project, cli, tmp_path):
    memory = tmxfile(sourcelanguage="en")
    memory.addtranslation("The parties agreed to open a joint centre for desert research in Urumqi.", "en",
                          "Стороны договорились открыть совместный центр исследования пустынь в Урумчи.", "ru-RU")
    memory.addtranslation("Only a French unit.", "en", "Une unité en français.", "fr")
    client = tmp_path / "client.tmx"
    client.write_bytes(bytes(memory))  # with <!DOCTYPE tmx SYSTEM "tmx14.dtd">, never loaded

    result = cli("tmx", "import", client, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "1 units (ru 1)" in result.stdout and "1 without en or a project language left out" in result.stdout
    assert TMX_SCHEMA.validate(etree.parse(str(project / "memory" / "client.tmx")))

    text = project / "texts" / "tokayev-address.xml"
    text.write_text(text.read_text(encoding="utf-8").replace(
        "<mainBody>\n",
        "<mainBody>\n    <p>The parties agreed to open a joint centre for desert research in Kashgar.</p>\n", 1),
        encoding="utf-8")
    assert cli("assign-ids", cwd=project).returncode == 0
    result = cli("sync", cwd=project)
    assert result.returncode == 0, result.stderr
    po = read_po(project / "locales" / "ru" / "LC_MESSAGES" / "tokayev-address.po")
    [suggested] = [m for m in po.entries if "Kashgar" in m.msgid]
    assert suggested.fuzzy
    assert suggested.msgstr == "Стороны договорились открыть совместный центр исследования пустынь в Урумчи."
    [comment] = [c for c in suggested.extracted_comments if c.startswith("memory:")]
    assert re.fullmatch(r"memory: (8\d|9\d)% from client\.tmx line \d+", comment), comment


def test_inline_codes_are_dropped_and_language_variants_folded(project, cli, tmp_path):
    client = tmp_path / "tagged.tmx"
    client.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="Trados" creationtoolversion="1" segtype="sentence" o-tmf="TW4Win" adminlang="EN-US" srclang="EN-GB" datatype="rtf"/>
  <body>
    <tu tuid="7">
      <tuv xml:lang="EN-GB"><seg><bpt i="1">{\\b </bpt>Shanghai<ept i="1">}</ept> Spirit <ph>{\\tab}</ph>matters</seg></tuv>
      <tuv xml:lang="zh-TW"><seg>上海精神很重要</seg></tuv>
      <tuv xml:lang="zh-CN"><seg><hi>上海精神</hi>很重要</seg></tuv>
    </tu>
  </body>
</tmx>
""", encoding="utf-8")
    result = cli("tmx", "import", client, cwd=project)
    assert result.returncode == 0, result.stderr
    stored = etree.parse(str(project / "memory" / "tagged.tmx"))
    assert [(tuv.get("{http://www.w3.org/XML/1998/namespace}lang"), tuv.findtext("seg"))
            for tuv in stored.iter("tuv")] == [("en", "Shanghai Spirit matters"), ("zh", "上海精神很重要")]
    assert stored.find("body/tu").get("tuid") == "7"


def test_a_tmx_with_an_internal_subset_or_broken_structure_is_refused(project, cli, tmp_path):
    hostile = tmp_path / "hostile.tmx"
    hostile.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
                       '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&secret;</seg>'
                       '</tuv></tu></body></tmx>\n', encoding="utf-8")
    broken = tmp_path / "broken.tmx"
    broken.write_text('<tmx version="1.4">\n<header srclang="en"/>\n<body>\n<tu><tuv xml:lang="en"/></tu>\n'
                      '</body>\n</tmx>\n', encoding="utf-8")
    for path, line, message in ((hostile, 2, "DOCTYPE"), (broken, 4, "<tuv> needs an xml:lang and a <seg>")):
        result = cli("tmx", "import", path, cwd=project)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(f"{path}:{line}:") and message in result.stderr, result.stderr
    assert not (project / "memory").exists()


def test_an_export_that_cannot_be_written_is_one_line(project, cli, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    for command, name in ((("tmx", "export"), "sco.tmx"), (("glossary", "export"), "sco.tbx")):
        result = cli(*command, not_a_folder / name, cwd=project)
        assert result.returncode == 2
        assert result.stderr.startswith(f"{not_a_folder / name}: cannot write: ") and result.stderr.count("\n") == 1
