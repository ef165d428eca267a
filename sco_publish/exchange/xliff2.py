"""XLIFF 2.1 (core namespace ``urn:oasis:names:tc:xliff:document:2.0``) with the glossary module.

One ``<file>`` per document, one ``<unit>`` per segment with a single ``<segment>``; the
unit's ``id`` is the segment ID. States (see the README): untranslated = ``initial`` without
a target, fuzzy = ``initial`` with a target (as translate-toolkit reads it), its previous
English in a note of category ``sco-publish:previous-source``; translated = ``translated``
(``reviewed`` and ``final`` read as translated). The catalog fingerprint of each unit at
export is the extension attribute ``sp:catalog`` in our namespace.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sco_publish.exchange.model import (
    FUZZY, NAMESPACE, NOT_XML, PREVIOUS_SOURCE_CATEGORY, TRANSLATED, UNTRANSLATED,
    ExchangeFile, ReadFile, ReadUnit, Translation,
)
from sco_publish.exchange.xliff2_rules import XLIFF, check_document
from sco_publish.xmlparse import XML_SPACE

GLOSSARY = "urn:oasis:names:tc:xliff:glossary:2.0"
FINGERPRINT = f"{{{NAMESPACE}}}catalog"
_STATES = {UNTRANSLATED: "initial", FUZZY: "initial", TRANSLATED: "translated"}



def _element(parent: etree._Element, namespace: str, name: str, text: str | None = None,
             **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{namespace}}}{name}", attributes)
    element.text = text
    return element


def _content(parent: etree._Element, name: str, text: str) -> None:
    """A ``<source>`` or ``<target>``; characters XML cannot hold (a control character a
    translator's tool let into the catalog) become ``<cp hex="…"/>``, as XLIFF 2 prescribes."""
    element = _element(parent, XLIFF, name)
    pieces = NOT_XML.split(text)
    element.text = pieces[0]
    for character, following in zip(pieces[1::2], pieces[2::2]):
        code_point = _element(element, XLIFF, "cp", hex=f"{ord(character):04X}")
        code_point.tail = following


def write_xliff2(exchange: ExchangeFile) -> bytes:
    root = etree.Element(f"{{{XLIFF}}}xliff", nsmap={None: XLIFF, "gls": GLOSSARY, "sp": NAMESPACE},
                         version="2.1", srcLang=exchange.source_lang, trgLang=exchange.target_lang)
    # Whitespace in segments is text (a catalog may hold line breaks and double spaces): preserved.
    file = _element(root, XLIFF, "file", id=exchange.document, original=exchange.original, canResegment="no",
                    **{XML_SPACE: "preserve"})
    for unit in exchange.units:
        element = _element(file, XLIFF, "unit", id=unit.id, **{FINGERPRINT: unit.translation.fingerprint})
        if unit.terms:
            glossary = _element(element, GLOSSARY, "glossary")
            for found, target in unit.terms:
                entry = _element(glossary, GLOSSARY, "glossEntry")
                _element(entry, GLOSSARY, "term", found)
                _element(entry, GLOSSARY, "translation", target)
        notes = _element(element, XLIFF, "notes")
        _element(notes, XLIFF, "note", unit.location, category="location")
        for found, target in unit.terms:
            _element(notes, XLIFF, "note", f"glossary: {found} → {target}", category="glossary")
        for text in unit.editorial_notes:
            _element(notes, XLIFF, "note", text, category="editorial", appliesTo="source")
        translation = unit.translation
        if translation.previous_source is not None:
            previous = exchange.require_xml_text(unit, translation.previous_source, "the previous source")
            _element(notes, XLIFF, "note", previous, category=PREVIOUS_SOURCE_CATEGORY, appliesTo="source")
        segment = _element(element, XLIFF, "segment", id=unit.id, state=_STATES[translation.state])
        _content(segment, "source", unit.source)
        if translation.state != UNTRANSLATED:
            _content(segment, "target", translation.target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_xliff2(root: etree._Element, path: Path) -> list[ReadFile]:
    """The files of an XLIFF 2 document (its parsed root); one that breaks the core's rules is
    refused with its first problem (``UserError``)."""
    problems = check_document(root, path)
    if problems:
        raise problems[0].error
    return [
        ReadFile(path, file.sourceline, file.get("id"), root.get("srcLang"), root.get("trgLang"),
                 tuple(_read_unit(unit) for unit in file.iter(f"{{{XLIFF}}}unit")))
        for file in root.iterchildren(f"{{{XLIFF}}}file")
    ]


def _read_unit(unit: etree._Element) -> ReadUnit:
    """A unit's text and state; a tool may have split it into several segments (joined again
    here, targets in their ``order``): translated only when every segment is."""
    parts = [child for child in unit if child.tag in (f"{{{XLIFF}}}segment", f"{{{XLIFF}}}ignorable")]
    sources, targets, states = [], [], []
    for position, part in enumerate(parts, 1):
        source = _plain_text(part.find(f"{{{XLIFF}}}source"))
        target = part.find(f"{{{XLIFF}}}target")
        target_text = _plain_text(target) if target is not None else None
        sources.append(source)
        if part.tag == f"{{{XLIFF}}}segment":
            states.append((part.get("state", "initial"), bool(target_text)))
        elif target is None:
            target_text = source  # an ignorable without target stays as it is
        order = int(target.get("order")) if target is not None and target.get("order") else position
        targets.append((order, target_text))
    if None in sources or None in [text for _, text in targets if text is not None]:
        return ReadUnit(unit.sourceline, unit.get("id"), None, Translation(UNTRANSLATED), None)
    target_text = "".join(text or "" for _, text in sorted(targets, key=lambda target: target[0]))
    previous = next((note.text or "" for note in unit.iter(f"{{{XLIFF}}}note")
                     if note.get("category") == PREVIOUS_SOURCE_CATEGORY), None)
    if not any(has_target for _, has_target in states):
        translation = Translation(UNTRANSLATED)
    elif all(has_target and state != "initial" for state, has_target in states):
        translation = Translation(TRANSLATED, target_text)
    else:
        translation = Translation(FUZZY, target_text, previous)
    return ReadUnit(unit.sourceline, unit.get("id"), "".join(sources), translation, unit.get(FINGERPRINT))


def _plain_text(element: etree._Element) -> str | None:
    """The text of a ``<source>`` or ``<target>``, code points (``<cp>``) as characters; None
    when it holds other inline elements (codes, annotations): our segments are plain text."""
    text = [element.text or ""]
    for child in element:
        if child.tag != f"{{{XLIFF}}}cp":
            return None
        text += [chr(int(child.get("hex"), 16)), child.tail or ""]
    return "".join(text)
