"""TMX 1.4b: the project's translations out for CAT tools, other translation memories in for sync.

Export writes one ``<tu>`` per segment with the English and every language that has a
(non-fuzzy) translation, the document and segment ID as ``<prop>``s, so a CAT tool's
concordance leads back to the segment. Import reads any TMX 1.4 file a tool wrote (inline
codes dropped, language variants folded onto the project's languages) and stores what the
project can use, en → each target language, as a TMX of our own in the memory folder,
where sync finds it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sco_publish import __version__
from sco_publish.atomic import write_atomically
from sco_publish.catalogs.paths import catalog_path
from sco_publish.catalogs.pofile import read_po
from sco_publish.texts.model import Document
from sco_publish.errors import Location, UserError
from sco_publish.settings import Settings
from sco_publish.xmlparse import XML_LANG, parse_xml

DOCUMENT_PROP = "x-document"
SEGMENT_PROP = "x-segment"
# Inline elements holding native codes of the original format, not text (TMX 1.4b, section 3.7).
_CODE_ELEMENTS = {"bpt", "ept", "it", "ph", "ut"}
# Traditional Chinese is not the project's zh (Simplified).
_TRADITIONAL_CHINESE = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


@dataclass
class TranslationUnit:
    """One segment in several languages, and where it came from."""

    texts: dict[str, str]  # language → text, the source language first
    document: str | None = None
    segment: str | None = None
    origin: str = ""  # how a suggestion names it: "tianjin-declaration s14", "client.tmx:120"


@dataclass
class TmxImport:
    path: Path  # where the memory was stored
    units: int = 0
    per_language: Counter = field(default_factory=Counter)
    skipped: int = 0  # units without the source language or without any project language


# ---------------------------------------------------------------- writing

def write_tmx(units: Iterable[TranslationUnit], source_lang: str) -> bytes:
    """A TMX 1.4b document; ``datatype`` is plain text (segments carry no markup)."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "sco-publish", "creationtoolversion": __version__,
        "segtype": "paragraph", "o-tmf": "gettext PO", "adminlang": "en",
        "srclang": source_lang, "datatype": "plaintext",
    })
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu", tuid=unit.origin) if unit.origin else etree.SubElement(body, "tu")
        for kind, value in ((DOCUMENT_PROP, unit.document), (SEGMENT_PROP, unit.segment)):
            if value:
                etree.SubElement(tu, "prop", type=kind).text = value
        for lang, text in unit.texts.items():
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def project_units(settings: Settings, documents: list[Document]) -> Iterator[TranslationUnit]:
    """Every segment that has a translation in at least one language, in document order."""
    for document in documents:
        translations: dict[str, dict[str, str]] = {}
        for lang in settings.target_languages:
            path = catalog_path(settings, lang, document.id)
            if not path.exists():
                raise UserError(path, "catalog missing; run `sco-publish sync` first")
            translations[lang] = {m.msgctxt: m.msgstr for m in read_po(path).entries
                                  if m.translated and m.msgid_plural is None}
        for segment in document.segments():
            texts = {lang: found[segment.id] for lang, found in translations.items() if segment.id in found}
            if texts:
                yield TranslationUnit({document.lang: segment.text, **texts}, document.id, segment.id,
                                      f"{document.id} {segment.id}")


# ---------------------------------------------------------------- reading

def read_tmx(path: Path, source_lang: str, languages: Iterable[str]) -> tuple[list[TranslationUnit], int]:
    """The units of ``path`` that have ``source_lang`` and at least one of ``languages``, each
    with only those languages, and how many units were left out. A TMX that breaks the
    structure 1.4b requires is refused (``file:line: what``)."""
    tree = parse_xml(path, external_doctype=True)
    root = tree.getroot()
    if root.tag != "tmx":
        raise UserError(Location(path, root.sourceline, 1), f"root element is <{root.tag}>, not <tmx>; is this a TMX file?")
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise UserError(Location(path, root.sourceline, 1), "<tmx> needs a <header> and a <body> (TMX 1.4b)")
    wanted = [source_lang, *(lang for lang in languages if lang != source_lang)]
    units, skipped = [], 0
    for tu in body.iterfind("tu"):
        texts = _tu_texts(path, tu, wanted)
        if source_lang not in texts or len(texts) < 2:
            skipped += 1
            continue
        props = {prop.get("type"): prop.text for prop in tu.iterfind("prop")}
        document, segment = props.get(DOCUMENT_PROP), props.get(SEGMENT_PROP)
        label = tu.get("tuid") or (f"{document} {segment}" if document and segment else f"line {tu.sourceline}")
        units.append(TranslationUnit(texts, document, segment, f"{path.name} {label}"))
    return units, skipped


def _tu_texts(path: Path, tu: etree._Element, wanted: list[str]) -> dict[str, str]:
    """Language → plain text for each wanted language of the unit (the first variant wins)."""
    texts: dict[str, str] = {}
    for tuv in tu.iterfind("tuv"):
        tag = tuv.get(XML_LANG) or tuv.get("lang")  # ``lang`` is TMX 1.1's attribute
        seg = tuv.find("seg")
        if not tag or seg is None:
            raise UserError(Location(path, tuv.sourceline, 1), "<tuv> needs an xml:lang and a <seg> (TMX 1.4b)")
        lang = _project_language(tag, wanted)
        if lang is not None and lang not in texts:
            text = _plain_text(seg).strip()
            if text:
                texts[lang] = text
    return {lang: texts[lang] for lang in wanted if lang in texts}


def _project_language(tag: str, wanted: list[str]) -> str | None:
    """The project language a TMX language tag is a variant of (``ru-RU`` → ``ru``)."""
    tag = tag.lower().replace("_", "-")
    if tag.startswith(_TRADITIONAL_CHINESE):
        return None
    return next((lang for lang in wanted if tag == lang.lower() or tag.startswith(lang.lower() + "-")), None)


def _plain_text(seg: etree._Element) -> str:
    """The segment's text without native codes (``<bpt>``, ``<ph>`` …); ``<hi>`` keeps its text."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag not in _CODE_ELEMENTS and isinstance(child.tag, str):
            parts.append(_plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def memory_files(settings: Settings) -> list[Path]:
    return sorted(settings.memory_dir.glob("*.tmx")) if settings.memory_dir.is_dir() else []


def import_tmx(settings: Settings, path: Path) -> TmxImport:
    """Store the usable units of ``path`` in the memory folder as ``<name>.tmx`` (replacing an
    earlier import of the same name); sync then suggests from them."""
    units, skipped = read_tmx(path, settings.source_language, settings.target_languages)
    target = settings.memory_dir / f"{path.stem}.tmx"
    report = TmxImport(target, units=len(units), skipped=skipped)
    for unit in units:
        report.per_language.update(lang for lang in unit.texts if lang != settings.source_language)
        unit.origin = unit.origin.removeprefix(f"{path.name} ")  # the stored file's name is added when it is read
    write_atomically(target, write_tmx(units, settings.source_language))
    return report
