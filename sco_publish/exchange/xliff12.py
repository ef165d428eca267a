"""XLIFF 1.2 (strict schema), for tools that have not moved to XLIFF 2.

One ``<file>`` per document (``original`` = its ID), one ``<trans-unit>`` per segment
(``id`` = the segment ID). States as translate-toolkit reads them: untranslated = no
``<target>``; fuzzy = ``state="needs-review-translation"``, not approved, the previous English
in ``<note from="sco-publish:previous-source">``; translated = ``state="translated"``,
``approved="yes"``. The catalog fingerprint at export is in ``extradata`` (the strict schema
allows no attributes of other namespaces there).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sco_publish.errors import Location, UserError
from sco_publish.exchange.model import (
    FUZZY, PREVIOUS_SOURCE_CATEGORY, TRANSLATED, UNTRANSLATED, ExchangeFile, ReadFile, ReadUnit, Translation,
)
from sco_publish.xmlparse import XML_SPACE

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
FINGERPRINT_PREFIX = "sco-publish-catalog:"
_TRANSLATED_STATES = {"translated", "signed-off", "final"}


def _x(name: str) -> str:
    return f"{{{XLIFF12}}}{name}"


def write_xliff12(exchange: ExchangeFile) -> bytes:
    root = etree.Element(_x("xliff"), nsmap={None: XLIFF12}, version="1.2")
    file = etree.SubElement(root, _x("file"), {
        "original": exchange.document, "source-language": exchange.source_lang,
        "target-language": exchange.target_lang, "datatype": "plaintext"})
    header = etree.SubElement(file, _x("header"))
    etree.SubElement(header, _x("note"), {"from": "sco-publish"}).text = f"Canonical text: {exchange.original}"
    body = etree.SubElement(file, _x("body"))
    for unit in exchange.units:
        translation = unit.translation
        element = etree.SubElement(body, _x("trans-unit"), {
            "id": unit.id, "resname": unit.id, "extradata": FINGERPRINT_PREFIX + translation.fingerprint,
            XML_SPACE: "preserve"})  # whitespace in segments is text
        if translation.state == TRANSLATED:
            element.set("approved", "yes")
        etree.SubElement(element, _x("source")).text = unit.source
        if translation.state != UNTRANSLATED:
            state = "translated" if translation.state == TRANSLATED else "needs-review-translation"
            target = exchange.require_xml_text(unit, translation.target, "the translation")
            etree.SubElement(element, _x("target"), state=state).text = target
        notes = [("sco-publish:location", unit.location)]
        notes += [("sco-publish:glossary", f"glossary: {found} → {target}") for found, target in unit.terms]
        notes += [("sco-publish:editorial", text) for text in unit.editorial_notes]
        if translation.previous_source is not None:
            notes.append((PREVIOUS_SOURCE_CATEGORY,
                          exchange.require_xml_text(unit, translation.previous_source, "the previous source")))
        for origin, text in notes:
            etree.SubElement(element, _x("note"), {"from": origin}).text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_xliff12(root: etree._Element, path: Path) -> list[ReadFile]:
    """The files of an XLIFF 1.2 document (its parsed root); the structure import relies on is checked."""
    files = []
    for file in root.iterchildren(_x("file")):
        source_lang = file.get("source-language")
        if not source_lang or file.get("original") is None:
            raise UserError(Location(path, file.sourceline), "<file> needs original and source-language")
        units, seen = [], {}
        for unit in file.iter(_x("trans-unit")):
            unit_id = unit.get("id")
            if unit_id is None or unit.find(_x("source")) is None:
                raise UserError(Location(path, unit.sourceline), "<trans-unit> needs an id and a <source>")
            if unit_id in seen:
                raise UserError(Location(path, unit.sourceline),
                                f"<trans-unit> id {unit_id!r} is not unique (also on line {seen[unit_id]})")
            seen[unit_id] = unit.sourceline
            units.append(_read_unit(unit))
        files.append(ReadFile(path, file.sourceline, file.get("original"), source_lang,
                              file.get("target-language"), tuple(units)))
    if etree.QName(root).namespace != XLIFF12 or not files:
        raise UserError(Location(path, root.sourceline), "not an XLIFF 1.2 document with a <file>")
    return files


def _read_unit(unit: etree._Element) -> ReadUnit:
    source = _plain_text(unit.find(_x("source")))
    target_element = unit.find(_x("target"))
    target = _plain_text(target_element) if target_element is not None else ""
    previous = next((note.text or "" for note in unit.iterchildren(_x("note"))
                     if note.get("from") == PREVIOUS_SOURCE_CATEGORY), None)
    if not target:
        translation = Translation(UNTRANSLATED)
    elif target_element.get("state") in _TRANSLATED_STATES and unit.get("approved") != "no":
        translation = Translation(TRANSLATED, target)
    else:
        translation = Translation(FUZZY, target, previous)
    extradata = unit.get("extradata") or ""
    fingerprint = extradata.removeprefix(FINGERPRINT_PREFIX) if extradata.startswith(FINGERPRINT_PREFIX) else None
    return ReadUnit(unit.sourceline, unit.get("id"), source, translation, fingerprint)


def _plain_text(element: etree._Element) -> str | None:
    """Text of a ``<source>``/``<target>``; None when it holds inline elements (not one of our segments)."""
    return None if len(element) else element.text or ""
