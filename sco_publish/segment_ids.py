"""Giving new segments fresh IDs without renumbering the others."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sco_publish.atomic import write_atomically
from sco_publish.errors import Location, UserError
from sco_publish.textfile import SEGMENT_ID, SEGMENT_TAGS
from sco_publish.xmlparse import XML_ID, parse_xml

_SEGMENT_XPATH = " | ".join(f"//{tag}" for tag in SEGMENT_TAGS)


def assign_missing_ids(path: Path) -> list[str]:
    """Give every segment without ``xml:id`` the next unused ID (from ``nextId``); returns the new IDs.

    Existing IDs are never touched, and IDs of deleted segments are never reused,
    because ``nextId`` only grows.
    """
    tree = parse_xml(path)
    root = tree.getroot()
    match = SEGMENT_ID.fullmatch(root.get("nextId", ""))
    if not match:
        raise UserError(Location(path, root.sourceline, 1), "the root element needs nextId=\"sN\"")
    counter = int(match.group(1))
    used = {int(m.group(1)) for e in root.iter() if (m := SEGMENT_ID.fullmatch(e.get(XML_ID) or ""))}
    counter = max(counter, max(used, default=0) + 1)
    new_ids = []
    for element in root.xpath(_SEGMENT_XPATH):
        if element.get(XML_ID) is None:
            element.set(XML_ID, f"s{counter}")
            new_ids.append(f"s{counter}")
            counter += 1
    if new_ids:
        root.set("nextId", f"s{counter}")
        data = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
        write_atomically(path, b'<?xml version="1.0" encoding="UTF-8"?>\n' + data + b"\n")
    return new_ids
