"""Reading canonical texts (XML) into the document model, and checking them.

Segments are elements with an ``xml:id``; their IDs are stable (TEI's xml:id, Akoma
Ntoso's wId), and the root's ``nextId`` is a high-water mark so that the ID of a
deleted segment is never handed out again.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from sco_publish.texts.model import (
    Block,
    Document,
    EditorialNote,
    ItemList,
    Section,
    Segment,
    Signature,
)
from sco_publish.errors import Location, UserError
from sco_publish.xmlparse import (
    XML_ID,
    XML_LANG,
    load_schema,
    parse_xml,
    parse_xml_bytes,
    read_xml_bytes,
    validate_with_relaxng,
)

if TYPE_CHECKING:
    from sco_publish.texts.ids import TakenId

SEGMENT_ID = re.compile(r"s([1-9][0-9]{0,8})")  # as the schema's segment-id-value
SEGMENT_TAGS = ("title", "place", "author", "heading", "p", "item", "office", "person")
MAX_SECTION_NUMBER = 9999
# xsd:date: a year of four or more digits, maybe negative, and maybe a time zone.
_XSD_DATE = re.compile(r"\s*(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?\s*")


@cache
def text_schema() -> etree.RelaxNG:
    return load_schema("text.rng")


def check_text(path: Path, tree: etree._ElementTree | None = None, taken: TakenId | None = None) -> list[UserError]:
    """Every problem of one canonical text: schema, IDs, note targets, Unicode normalisation;
    with ``taken`` (the highest ID its catalogs know), a ``nextId`` that would hand it out again."""
    tree = tree if tree is not None else parse_xml(path)
    problems = validate_with_relaxng(tree, text_schema(), path)
    root = tree.getroot()
    if not problems:  # the form of the values is the schema's to check
        problems += _value_problems(path, root)
    seen: dict[str, int] = {}
    highest = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        segment_id = element.get(XML_ID)
        if segment_id is not None:
            if segment_id in seen:
                problems.append(UserError(
                    Location(path, element.sourceline, 1),
                    f"duplicate segment ID {segment_id!r} (first used on line {seen[segment_id]}); "
                    "give the new segment a fresh ID with `sco-publish assign-ids`",
                ))
            seen.setdefault(segment_id, element.sourceline)
            match = SEGMENT_ID.fullmatch(segment_id)
            if match:
                highest = max(highest, int(match.group(1)))
        for text in (element.text, element.tail):
            if text and unicodedata.normalize("NFC", text) != text:
                problems.append(UserError(
                    Location(path, element.sourceline, 1), "text is not in Unicode NFC; normalise it",
                ))
    next_id = SEGMENT_ID.fullmatch(root.get("nextId", ""))
    if next_id and int(next_id.group(1)) <= highest:
        problems.append(UserError(
            Location(path, root.sourceline, 1),
            f"nextId {root.get('nextId')!r} is not above the highest segment ID s{highest}; "
            f"set it to s{highest + 1}",
        ))
    elif next_id and taken is not None and int(next_id.group(1)) <= taken.number:
        problems.append(UserError(
            Location(path, root.sourceline, 1),
            f"nextId {root.get('nextId')!r} is not above s{taken.number}, which {taken.path} still holds "
            f"(a deleted segment's ID is never given again); set it to s{taken.number + 1}",
        ))
    for note in root.iterfind("meta/editorialNotes/note"):
        if note.get("target") not in seen:
            problems.append(UserError(
                Location(path, note.sourceline, 1),
                f"editorial note points at unknown segment {note.get('target')!r}",
            ))
    identifier = root.findtext("meta/identifier")
    if identifier and identifier != path.stem:
        problems.append(UserError(
            Location(path, root.find("meta/identifier").sourceline, 1),
            f"identifier {identifier!r} differs from the file name {path.stem!r}; rename one of them",
        ))
    return problems


def _value_problems(path: Path, root: etree._Element) -> list[UserError]:
    """Dates and section numbers the schema accepts but the model cannot hold: a year
    before 1 or after 9999 (xsd:date allows both), a number of thousands of digits."""
    problems = []
    for date in root.xpath("meta/date | meta/published"):
        try:
            parse_date(date.text or "")
        except ValueError:
            problems.append(UserError(
                Location(path, date.sourceline, 1),
                f"date {_shortened(date.text)!r} is outside the years 1 to 9999 that editions print; correct it",
            ))
    for num in root.iterfind("mainBody/section/num"):
        if section_number(num.text or "") is None:
            problems.append(UserError(
                Location(path, num.sourceline, 1),
                f"section number {_shortened(num.text)!r} is above {MAX_SECTION_NUMBER}; number the sections from 1",
            ))
    return problems


def _shortened(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= 24 else f"{text[:20]}… ({len(text)} characters)"


def parse_date(text: str) -> datetime.date:
    """An xsd:date as the calendar day it names (a time zone does not change the day an
    edition prints); ValueError for a year Python's dates cannot hold (before 1, after 9999)."""
    match = _XSD_DATE.fullmatch(text)
    if not match or len(match.group(1)) > 5:
        raise ValueError(f"not a date in the years 1 to 9999: {text[:24]!r}")
    return datetime.date(*(int(part) for part in match.groups()))


def section_number(text: str) -> int | None:
    """A section's ``<num>`` (xsd:positiveInteger: maybe ``+``, maybe leading zeros), or None above the maximum."""
    digits = text.strip().lstrip("+").lstrip("0")
    if len(digits) > len(str(MAX_SECTION_NUMBER)) or int(digits or "0") > MAX_SECTION_NUMBER:
        return None
    return int(digits)


def load_document(path: Path) -> Document:
    """Parse and check ``path``; the first problem is raised as a UserError."""
    data = read_xml_bytes(path)
    tree = parse_xml_bytes(data, path)
    return _checked_document(path, data, tree, check_text(path, tree))


@dataclass(frozen=True)
class DocumentLoad:
    """A canonical text parsed and being checked on another thread: lxml validates without
    holding the interpreter lock, so the caller can read other files meanwhile."""

    path: Path
    fingerprint: str  # known at once, before the check ends
    data: bytes
    tree: etree._ElementTree
    problems: Future[list[UserError]]

    def document(self) -> Document:
        """The document, once checked; its first problem is raised as a UserError."""
        return _checked_document(self.path, self.data, self.tree, self.problems.result())


def start_loading(path: Path, executor: Executor) -> DocumentLoad:
    data = read_xml_bytes(path)
    tree = parse_xml_bytes(data, path)
    return DocumentLoad(path, _fingerprint(data), data, tree, executor.submit(check_text, path, tree))


def _checked_document(path: Path, data: bytes, tree: etree._ElementTree, problems: list[UserError]) -> Document:
    if problems:
        raise problems[0]
    return replace(_build_document(path, tree.getroot()), fingerprint=_fingerprint(data))


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _segment(element: etree._Element, section: int | None = None) -> Segment:
    return Segment(
        id=element.get(XML_ID),
        text=element.text,
        kind=element.tag,
        line=element.sourceline,
        section=section,
    )


def _blocks(parent: etree._Element | None, section: int | None = None) -> tuple[Block, ...]:
    if parent is None:
        return ()
    blocks: list[Block] = []
    for child in parent:
        if child.tag == "p":
            blocks.append(_segment(child, section))
        elif child.tag == "list":
            blocks.append(_item_list(child, section))
    return tuple(blocks)


def _item_list(element: etree._Element, section: int | None) -> ItemList:
    entries: list[Segment | ItemList] = []
    for child in element:
        if child.tag == "item":
            entries.append(_segment(child, section))
        elif child.tag == "list":
            entries.append(_item_list(child, section))
    return ItemList(tuple(entries))


def _date(text: str | None) -> datetime.date | None:
    return parse_date(text) if text else None


def _build_document(path: Path, root: etree._Element) -> Document:
    meta = root.find("meta")
    body = root.find("mainBody")
    sections = []
    for section in body.iterfind("section"):
        num = section_number(section.findtext("num"))
        heading = section.find("heading")
        sections.append(Section(
            num=num,
            heading=_segment(heading, num) if heading is not None else None,
            blocks=_blocks(section, num),
            line=section.find("num").sourceline,
        ))
    conclusions = root.find("conclusions")
    signatures = tuple(
        Signature(
            country=signature.get("country"),
            person_ref=signature.get("person"),
            office=_segment(signature.find("office")),
            person=_segment(signature.find("person")),
        )
        for signature in root.iterfind("conclusions/signatures/signature")
    )
    notes = tuple(
        EditorialNote(
            segment_id=note.get("target"),
            type=note.get("type"),
            text=" ".join("".join(note.xpath("text()")).split()),
            sic=note.findtext("sic"),
            corr=note.findtext("corr"),
        )
        for note in meta.iterfind("editorialNotes/note")
    )
    place = meta.find("place")
    return Document(
        id=meta.findtext("identifier"),
        path=path,
        type=root.get("type"),
        lang=root.get(XML_LANG),
        next_id=root.get("nextId"),
        title=_segment(meta.find("title")),
        date=_date(meta.findtext("date")),
        date_type=meta.find("date").get("type"),
        published=_date(meta.findtext("published")),
        place=_segment(place),
        place_ref=place.get("ref"),
        author=_segment(meta.find("author")),
        source_url=meta.find("source").get("url"),
        source_description=meta.findtext("source"),
        authentic_languages=tuple(meta.findtext("authenticLanguages").split()),
        notes=notes,
        preamble=_blocks(root.find("preamble")),
        body=() if sections else _blocks(body),
        sections=tuple(sections),
        conclusions=_blocks(conclusions),
        signatures=signatures,
    )
