"""The lint's readers: catalog entries, segments of canonical texts, paragraphs of plain text.

Each becomes a ``Unit`` (``model``): a source text, maybe a translation, where it stands,
and the waivers written next to it (``lint-waive: RULE: reason``).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from sco_publish.catalogs.catalog import Catalog, Message, declared_language, require_segment_ids
from sco_publish.catalogs.plurals import form_uses
from sco_publish.catalogs.pofile import read_po
from sco_publish.errors import UserError
from sco_publish.lint.model import Unit
from sco_publish.lint.positions import FileLines, split_lines
from sco_publish.settings import Settings
from sco_publish.texts.reader import load_document
from sco_publish.xmlparse import XML_ID, parse_xml

WAIVER = re.compile(r"lint-waive:\s*(?P<rule>[\w-]+)\s*(?::\s*(?P<reason>.*\S))?")


def parse_waivers(comments: list[str]) -> list[tuple[str, str | None]]:
    return [(m.group("rule"), m.group("reason")) for c in comments if (m := WAIVER.search(c))]


def units_from_catalog(path: Path, source_lang: str, segment_ids: bool = False) -> list[Unit]:
    """``segment_ids``: the catalog is one sync manages, whose every entry names its segment."""
    catalog = read_po(path)
    return units_from_messages(path, catalog.messages, catalog_language(catalog, path), source_lang, FileLines(path),
                               segment_ids, form_uses(catalog.header_field("Plural-Forms")))


def catalog_language(catalog: Catalog, path: Path) -> str:
    lang = declared_language(catalog, path)
    if not lang:
        raise UserError(path, "catalog has no Language header; add one (e.g. \"Language: ru\\n\")")
    return lang


def units_from_messages(path: Path, messages: list[Message], lang: str, source_lang: str,
                        lines: FileLines | None = None, segment_ids: bool = False,
                        forms: tuple[str, ...] | None = None) -> list[Unit]:
    """A unit per active message (the header and obsolete messages are not checked). With
    ``segment_ids`` (a project catalog) an entry without msgctxt is refused, as sync refuses it."""
    if segment_ids:
        require_segment_ids(messages, path)
    units = []
    for message in messages:
        if message.is_header or message.obsolete:
            continue
        state = "translated" if message.translated else "fuzzy" if message.fuzzy and message.has_translation else "untranslated"
        plural = message.msgid_plural is not None
        units.append(Unit(
            path=path,
            line=message.line,
            context=message.msgctxt,
            source=message.msgid,
            source_lang=source_lang,
            target=message.msgstr_plural[0] if plural and message.msgstr_plural else message.msgstr,
            target_lang=lang,
            state=state,
            waivers=parse_waivers(message.translator_comments) if message.translator_comments else [],
            lines=lines,
            plurals=tuple(message.msgstr_plural) if plural else (),
            source_plural=message.msgid_plural,
            form_uses=forms if plural else None,
        ))
    return units


def units_from_text(path: Path) -> list[Unit]:
    """Segments of a canonical text; an XML comment right before or inside a segment may hold a waiver."""
    document = load_document(path)
    tree = parse_xml(path)
    waivers: dict[str, list[tuple[str, str | None]]] = {}
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.get(XML_ID) is None:
            continue
        before = element.getprevious()
        nodes = ([before] if before is not None else []) + list(element)
        comments = [node.text or "" for node in nodes if node.tag is etree.Comment]
        waivers[element.get(XML_ID)] = parse_waivers(comments)
    lines = FileLines(path)
    return [
        Unit(path=path, line=segment.line, context=segment.id, source=segment.text, source_lang=document.lang,
             waivers=waivers.get(segment.id, []), lines=lines)
        for segment in document.segments()
    ]


def units_from_plain_text(path: Path, lang: str) -> list[Unit]:
    """A unit per paragraph (lines up to an empty one, joined by their line breaks): a
    hard-wrapped file breaks names across lines, and the checks must see them whole."""
    try:
        text = path.read_bytes().decode("utf-8")  # line ends as written: counted as FileLines counts them
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(path, f"cannot read as UTF-8 text: {error}") from None
    lines = FileLines(path)
    units: list[Unit] = []
    paragraph: list[str] = []
    for number, line in enumerate([*split_lines(text), ""], 1):
        if line.strip():
            paragraph.append(line)
        elif paragraph:
            units.append(Unit(path=path, line=number - len(paragraph), context=None, source="\n".join(paragraph),
                              source_lang=lang, lines=lines))
            paragraph = []
    return units


def plain_text_language(path: Path, settings: Settings, text_lang: str | None = None) -> str:
    """The language of a .txt or .md file: its name's language suffix (``release.ru.md``),
    else ``--lang``, else ``text-language`` in [tool.sco-publish.lint], else the source language."""
    suffix = Path(path.stem).suffix.lstrip(".")
    if suffix in (settings.source_language, *settings.languages):
        return suffix
    lang = text_lang or settings.lint.get("text-language") or settings.source_language
    if lang not in (settings.source_language, *settings.languages):
        where = settings.root / "pyproject.toml" if not text_lang else path
        raise UserError(where, f"text language {lang!r} is not one of the project's languages "
                               f"({', '.join((settings.source_language, *settings.languages))}); give one of them")
    return lang
