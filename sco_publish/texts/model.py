"""The document model: a canonical text as sections of segments, independent of XML."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Segment:
    """One translatable unit: a stable ID, the source text and where it came from."""

    id: str
    text: str
    kind: str  # title, place, author, heading, p, item, office, person
    line: int
    section: int | None = None  # number of the enclosing section, if any


@dataclass(frozen=True)
class ItemList:
    """A list whose entries are segments or nested lists (a nested list elaborates the item before it)."""

    entries: tuple[Segment | ItemList, ...]
    kind: str = "list"

    def segments(self) -> Iterator[Segment]:
        for entry in self.entries:
            if isinstance(entry, ItemList):
                yield from entry.segments()
            else:
                yield entry


Block = Segment | ItemList


@dataclass(frozen=True)
class Section:
    num: int
    heading: Segment | None
    blocks: tuple[Block, ...]
    line: int = 0  # of the <num>


@dataclass(frozen=True)
class Signature:
    country: str  # ISO 3166-1 alpha-2
    person_ref: str  # glossary concept ID
    office: Segment
    person: Segment


@dataclass(frozen=True)
class EditorialNote:
    segment_id: str  # the segment it is about (the note's ``target`` attribute)
    type: str  # correction or editorial
    text: str
    sic: str | None = None
    corr: str | None = None


@dataclass(frozen=True)
class Document:
    id: str
    path: Path
    type: str
    lang: str
    next_id: str
    title: Segment
    date: datetime.date
    date_type: str
    place: Segment
    place_ref: str | None
    author: Segment
    source_url: str
    source_description: str
    authentic_languages: tuple[str, ...]
    published: datetime.date | None = None
    notes: tuple[EditorialNote, ...] = ()
    preamble: tuple[Block, ...] = ()
    body: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    conclusions: tuple[Block, ...] = ()
    signatures: tuple[Signature, ...] = field(default=())
    fingerprint: str = ""  # of the file's bytes: what derived data (the catalogs) was made from

    def segments(self) -> list[Segment]:
        """Every segment in reading order: metadata, preamble, body, conclusions, signatures."""
        result = [self.title, self.place, self.author]
        result += _block_segments(self.preamble)
        result += _block_segments(self.body)
        for section in self.sections:
            if section.heading:
                result.append(section.heading)
            result += _block_segments(section.blocks)
        result += _block_segments(self.conclusions)
        for signature in self.signatures:
            result += [signature.office, signature.person]
        return result

    @cached_property
    def paragraph_numbers(self) -> dict[str, str]:
        """The number every edition prints before each paragraph and list item of the text, by
        segment ID: 1, 2, 3 … in reading order through preamble, body, sections and conclusions
        (continuing across parts, as UN documents do), and a nested list's items under the item
        they elaborate (24.1, 24.2). Titles, headings, the dateline and signatures have none.
        From the canonical structure, so every language and edition prints the same numbers."""
        numbers: dict[str, str] = {}
        count = _number_blocks(self.preamble, numbers, 0)
        count = _number_blocks(self.body, numbers, count)
        for section in self.sections:
            count = _number_blocks(section.blocks, numbers, count)
        _number_blocks(self.conclusions, numbers, count)
        return numbers

    def section_heading(self, segment: Segment) -> str | None:
        """A short description of where ``segment`` stands, for translators' comments."""
        if segment.section is None:
            return None
        section = next(section for section in self.sections if section.num == segment.section)
        label = f"Part {section.num}"
        return f"{label}: {section.heading.text}" if section.heading else label


def _block_segments(blocks: tuple[Block, ...]) -> list[Segment]:
    result: list[Segment] = []
    for block in blocks:
        if isinstance(block, ItemList):
            result += block.segments()
        else:
            result.append(block)
    return result


def _number_blocks(blocks: tuple[Block, ...], numbers: dict[str, str], count: int) -> int:
    """Number ``blocks`` on from ``count``: a list's items continue the paragraphs' sequence."""
    for block in blocks:
        if isinstance(block, ItemList):
            count = _number_entries(block.entries, numbers, "", count)
        else:
            count += 1
            numbers[block.id] = str(count)
    return count


def _number_entries(entries: tuple[Segment | ItemList, ...], numbers: dict[str, str], prefix: str, count: int) -> int:
    for entry in entries:
        if isinstance(entry, ItemList):
            _number_entries(entry.entries, numbers, f"{prefix}{count}.", 0)
        else:
            count += 1
            numbers[entry.id] = f"{prefix}{count}"
    return count
