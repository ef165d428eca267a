"""A large lint run shared out to processes: files cut into parts, one share of the parts
per worker, and a catalog read again whole when reading it in parts went wrong.

Above ``PARALLEL_MINIMUM`` bytes of input, each catalog is cut between entries into
``jobs`` parts and worker k reads and checks part k of every catalog: catalogs being
aligned on the same segments, a source text shared by several languages' catalogs is
then analysed once, by one worker. A catalog the cuts would misread (an entry broken by
an empty line at a cut, CR LF line ends, one entry in two parts) is read again whole,
with the same findings or error as ``-j 1``. The checking itself is the caller's
(``engine.check_parts``); this module only decides what is read where.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import BinaryIO

from sco_publish.catalogs.catalog import Catalog, Message
from sco_publish.catalogs.paths import is_project_catalog
from sco_publish.catalogs.plurals import form_uses
from sco_publish.catalogs.pofile import EntryKey, FragmentBoundaryError, parse_po_fragment
from sco_publish.errors import UserError
from sco_publish.lint.model import Checked, Finding, Unit
from sco_publish.lint.positions import FileLines
from sco_publish.lint.sources import (catalog_language, plain_text_language, units_from_catalog, units_from_messages,
                                      units_from_plain_text, units_from_text)
from sco_publish.parallel import can_fork, forked_map
from sco_publish.settings import Settings

PARALLEL_MINIMUM = 1_000_000  # bytes of input below which starting workers costs more than it saves

# reads one file, or one part of a large catalog, into units and, for a part of a catalog,
# the keys (msgctxt, msgid) of its entries
Part = Callable[[], tuple[list[Unit], list[EntryKey]]]


@dataclass
class PartResult:
    number: int  # parts are numbered in file order
    checked: Checked | None = None
    findings: list[Finding] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)  # hashes of its entries' keys, to see duplicates across parts
    error: UserError | FragmentBoundaryError | None = None


CheckParts = Callable[[list[tuple[int, Part]]], list[PartResult]]  # reads and checks numbered parts


def check_in_parts(paths: list[Path], settings: Settings, jobs: int, text_lang: str | None,
                   check: CheckParts) -> list[PartResult]:
    """The results of ``check`` over every file of ``paths``, in file order; large inputs
    read and checked in parts by ``jobs`` forked processes."""
    sizes = [_checked_size(path) for path in paths]
    parallel = jobs > 1 and sum(sizes) >= PARALLEL_MINIMUM and can_fork()
    jobs = jobs if parallel else 1
    owners: list[Path] = []  # the file of each part
    shares: list[list[tuple[int, Part]]] = [[] for _ in range(jobs)]
    for path in paths:
        for number, part in enumerate(file_parts(path, settings, jobs, text_lang)):
            shares[number % jobs].append((len(owners), part))
            owners.append(path)
    if parallel:
        done = [result for share in forked_map([partial(check, share) for share in shares]) for result in share]
    else:
        done = check(shares[0])
    done.sort(key=lambda result: result.number)
    results = []
    for path, group in groupby(done, key=lambda result: owners[result.number]):
        parts = list(group)
        if len(parts) > 1 and _read_apart_wrongly(parts):  # read it again whole: right units, or the right error
            whole = partial(_whole, units_from_catalog, path, settings.source_language, is_project_catalog(settings, path))
            parts = check([(parts[0].number, whole)])
        results += parts
    return results


def read_part(number: int, part: Part) -> tuple[PartResult, list[Unit]]:
    """The units of one part, or the error reading it, with what the reports list of them and
    the keys that show an entry read twice."""
    result = PartResult(number)
    try:
        units, keys = part()
    except (UserError, FragmentBoundaryError) as error:
        result.error = error
        units, keys = [], []
    if units:
        result.checked = Checked(units[0].path, units[0].lang, [u.line for u in units], [u.context for u in units])
    result.keys = [hash(key) for key in keys]
    return result, units


def _read_apart_wrongly(parts: list[PartResult]) -> bool:
    """Whether the parts of a catalog, read each on its own, missed what reading it whole
    sees: a message running past a cut, or the same entry in two parts."""
    if any(isinstance(result.error, FragmentBoundaryError) for result in parts):
        return True
    keys = [key for result in parts for key in result.keys]
    return len(set(keys)) != len(keys)


def _checked_size(path: Path) -> int:
    if not path.is_file():
        raise UserError(path, "no such file")
    if path.suffix not in (".po", ".xml", ".txt", ".md"):
        raise UserError(path, "cannot lint this kind of file; give .po, .xml, .txt or .md files")
    return path.stat().st_size


def file_parts(path: Path, settings: Settings, parts: int, text_lang: str | None = None) -> list[Part]:
    if path.suffix == ".po":
        return catalog_parts(path, settings.source_language, parts, is_project_catalog(settings, path))
    if path.suffix == ".xml":
        return [partial(_whole, units_from_text, path)]
    return [partial(_whole, units_from_plain_text, path, plain_text_language(path, settings, text_lang))]


def _whole(read: Callable[..., list[Unit]], *args) -> tuple[list[Unit], list[EntryKey]]:
    """A file read as one part: no other part can hold its entries again."""
    return read(*args), []


def catalog_parts(path: Path, source_lang: str, parts: int, segment_ids: bool = False) -> list[Part]:
    """The units of the catalog ``path`` as about ``parts`` parts that can be read in
    parallel. A catalog that cannot be cut is one part."""
    ranges = cut_catalog(path, parts) if parts > 1 else None
    if not ranges:
        return [partial(_whole, units_from_catalog, path, source_lang, segment_ids)]
    first = Catalog(messages=read_catalog_range(path, *ranges[0])[0])
    lang, forms = catalog_language(first, path), form_uses(first.header_field("Plural-Forms"))
    return [partial(_units_from_range, path, start, end, lang, source_lang, segment_ids, forms) for start, end in ranges]


def _units_from_range(path: Path, start: int, end: int, lang: str, source_lang: str,
                      segment_ids: bool, forms: tuple[str, ...] | None) -> tuple[list[Unit], list[EntryKey]]:
    messages, keys = read_catalog_range(path, start, end)
    # a part begins where its first message does (on its first comment, msgctxt or msgid line)
    lines = FileLines(path, start, end, messages[0].line if messages and start else 1)
    return units_from_messages(path, messages, lang, source_lang, lines, segment_ids, forms), keys


# ---------------------------------------------------------------- cutting a catalog

_MESSAGE_BOUNDARY = re.compile(rb'"\n\n(?=#|msgctxt |msgid )')
_WINDOW = 1 << 16


def cut_catalog(path: Path, parts: int) -> list[tuple[int, int]] | None:
    """Byte ranges of the catalog ``path``: its head (the first message: the header), then
    about ``parts`` ranges of equal size, for reading in parallel (``read_catalog_range``).

    Cuts fall only on an empty line after a string line and before a comment or a
    message, so that each range is a run of whole messages; a range that nevertheless
    does not end with a message (a form this cannot see) raises ``FragmentBoundaryError``
    when read. Only the places around the cuts are read here. ``None`` when the file has
    no such place.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = _next_boundary(handle, 0)
            if head is None:
                return None
            cuts = [0, head]
            step = max(1, (size - head) // parts)
            for target in range(head + step, head + parts * step, step):
                cut = _next_boundary(handle, max(target, cuts[-1]))
                if cut is None or cut >= size:
                    break
                cuts.append(cut)
    except OSError as error:
        raise UserError(path, f"cannot read: {error.strerror}") from None
    cuts = [*dict.fromkeys(cuts), size]
    return [(start, end) for start, end in zip(cuts, cuts[1:]) if end > start]


def _next_boundary(handle: BinaryIO, offset: int) -> int | None:
    """The end of the first message boundary at or after ``offset``."""
    while True:
        handle.seek(offset)
        window = handle.read(_WINDOW + 16)  # overlapping the next window by more than a boundary
        if not window:
            return None
        found = _MESSAGE_BOUNDARY.search(window)
        if found and (found.end() <= _WINDOW or len(window) <= _WINDOW):
            return offset + found.end()
        if len(window) <= _WINDOW:
            return None
        offset += _WINDOW


def read_catalog_range(path: Path, start: int, end: int) -> tuple[list[Message], list[EntryKey]]:
    """The messages in bytes ``start`` to ``end`` of the catalog ``path`` (a range from
    ``cut_catalog``) and the keys of its entries; the bytes before are read only to count their lines."""
    try:
        with path.open("rb") as handle:
            first_line = 1 + sum(handle.read(min(_WINDOW * 16, start - done)).count(b"\n")
                                 for done in range(0, start, _WINDOW * 16))
            handle.seek(start)
            data = handle.read(end - start)
    except OSError as error:
        raise UserError(path, f"cannot read: {error.strerror}") from None
    return parse_po_fragment(data, path, first_line)
