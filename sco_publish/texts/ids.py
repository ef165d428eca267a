"""Giving new segments fresh IDs without renumbering the others, and never an ID used before."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from sco_publish.atomic import Replacement, file_state, remove_stale_temporaries
from sco_publish.catalogs.paths import catalog_path, template_path
from sco_publish.catalogs.pofile import read_po_bytes
from sco_publish.errors import Location, UserError
from sco_publish.settings import Settings
from sco_publish.texts.reader import SEGMENT_ID, SEGMENT_TAGS
from sco_publish.xmlparse import XML_ID, parse_xml

_SEGMENT_XPATH = " | ".join(f"//{tag}" for tag in SEGMENT_TAGS)
# A segment ID as a msgctxt line: active, obsolete (#~) or previous (#| or #~|), maybe after an empty first string.
_MARK = rb"(?:#~\|? ?|#\| ?)?"
_CATALOG_CONTEXT = re.compile(
    rb"^" + _MARK + rb'msgctxt[ \t]+(?:""[ \t]*\r?\n' + _MARK + rb')?"s([1-9][0-9]{0,8})"', re.MULTILINE,
)


@dataclass(frozen=True)
class TakenId:
    """The highest segment ID a text's catalogs know, and the catalog that knows it."""

    number: int
    path: Path


def highest_catalog_id(settings: Settings, document_id: str) -> TakenId | None:
    """The highest segment ID in the template or a catalog of the document, active or obsolete:
    a new segment given it would receive the translation kept under it."""
    highest = None
    paths = [template_path(settings, document_id),
             *(catalog_path(settings, lang, document_id) for lang in settings.target_languages)]
    for path in paths:
        if path.exists():
            number = max((int(m.group(1)) for m in _CATALOG_CONTEXT.finditer(read_po_bytes(path))), default=0)
            if number and (highest is None or number > highest.number):
                highest = TakenId(number, path)
    return highest


def assign_missing_ids(settings: Settings, paths: list[Path]) -> dict[Path, list[str]]:
    """Give every segment without ``xml:id`` in the texts ``paths`` the next unused ID; the new
    IDs of each text changed. The texts are written together, once all are ready.

    Existing IDs are never touched, and IDs of deleted segments are never reused: a new ID
    is above ``nextId`` (a high-water mark that only grows), every ID in the text, and
    every ID the text's catalogs still know.
    """
    remove_stale_temporaries(paths)
    assigned = {}
    with Replacement("assign-ids") as replacement:
        for path in paths:
            read_as = file_state(path)
            tree = parse_xml(path)
            new_ids = _assign(tree, path, highest_catalog_id(settings, path.stem))
            if new_ids:
                data = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
                replacement.add(path, b'<?xml version="1.0" encoding="UTF-8"?>\n' + data + b"\n", read_as)
                assigned[path] = new_ids
        replacement.commit()
    return assigned


def _assign(tree: etree._ElementTree, path: Path, taken: TakenId | None) -> list[str]:
    root = tree.getroot()
    match = SEGMENT_ID.fullmatch(root.get("nextId", ""))
    if not match:
        raise UserError(Location(path, root.sourceline, 1), "the root element needs nextId=\"sN\"")
    used = {int(m.group(1)) for e in root.iter() if (m := SEGMENT_ID.fullmatch(e.get(XML_ID) or ""))}
    counter = max(int(match.group(1)), max(used, default=0) + 1, taken.number + 1 if taken else 1)
    new_ids = []
    for element in root.xpath(_SEGMENT_XPATH):
        if element.get(XML_ID) is None:
            element.set(XML_ID, f"s{counter}")
            new_ids.append(f"s{counter}")
            counter += 1
    if new_ids:
        root.set("nextId", f"s{counter}")
    return new_ids
