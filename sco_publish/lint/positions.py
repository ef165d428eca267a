"""Where a finding points: from an offset in a unit's text to a line and column of its file.

Only findings need positions, so a file's lines are read again when the first finding in
it (or in a part of a large catalog: only that part's bytes) asks for one; checking text
that has no findings costs nothing more. In a catalog the offset is mapped through the
quoted strings of the msgstr as written: an entry's string may run over several lines
(``msgstr ""`` and continuation lines) and an escape (``\\"``, ``\\n``, ``\\\\``, octal,
hex) takes several columns for one character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sco_publish.lint.model import Region, Unit
from sco_publish.xmlparse import wide_encoding

_OCTAL = "01234567"
_HEX = "0123456789abcdefABCDEF"
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_FUZZY = re.compile(r"(?<![\w-])fuzzy(?![\w-])")
_CATALOG_COMMENT_KINDS = ".:,|~"  # marks after "#" that are not translator comments


@dataclass(eq=False)
class FileLines:
    """The lines of a file, or of bytes ``start`` to ``end`` of it (a catalog part, whose
    first line is the file's line ``first_line``), read at the first question."""

    path: Path
    start: int = 0
    end: int | None = None
    first_line: int = 1
    _lines: list[str] | None = field(default=None, repr=False)

    def line(self, number: int) -> str | None:
        """The file's line ``number`` (1-based) without its line end; None outside the range."""
        if self._lines is None:
            self._lines = self._read()
        index = number - self.first_line
        return self._lines[index] if 0 <= index < len(self._lines) else None

    def release(self) -> None:
        self._lines = None

    def _read(self) -> list[str]:
        try:
            with self.path.open("rb") as handle:
                handle.seek(self.start)
                data = handle.read(-1 if self.end is None else self.end - self.start)
        except OSError:  # gone since it was checked: the findings keep their fallback positions
            return []
        # Only for columns, of a file read once already: an XML text may be UTF-16 or UTF-32
        # (as the reader accepts it); a catalog, and a part of one, is UTF-8.
        codec = wide_encoding(data) if self.start == 0 else None
        return split_lines(data.decode(codec or "utf-8", errors="replace"))


def split_lines(text: str) -> list[str]:
    """``text`` cut into lines as line numbers count them: at line feeds only (``str.splitlines``
    also cuts at U+2028, form feeds and more, which editors do not); without the byte order
    mark, which no editor counts as a column."""
    return [line.removesuffix("\r") for line in text.removeprefix("\ufeff").split("\n")]


def region(lines: FileLines, line: int, column: int, end_line: int | None = None,
           end_column: int | None = None) -> Region:
    end_line = line if end_line is None else end_line
    end_column = column if end_column is None else end_column
    return Region(line, column, end_line, end_column,
                  _utf16_column(lines.line(line), column), _utf16_column(lines.line(end_line), end_column))


def _utf16_column(text: str | None, column: int) -> int:
    """``column`` (code points) counted in UTF-16 code units: a character beyond U+FFFF takes two."""
    if not text:
        return column
    return column + sum(1 for char in text[:column - 1] if ord(char) > 0xFFFF)


def hit_region(unit: Unit, rule: str, start: int | None, length: int, form: int | None, found: str) -> Region:
    """The region of a finding of ``rule`` in ``unit``: ``length`` characters from ``start`` of
    the text checked (the translation, form ``form`` of a plural, or a text's segment or line).
    ``start`` None: the translation as a whole (it lacks something), or for ``untranslated``
    the empty msgstr, for ``fuzzy`` the flag, for ``waiver-invalid`` the waiver's comment."""
    lines = unit.lines
    fallback = region(lines, unit.line, 1) if lines else Region(unit.line, 1, unit.line, 1, 1, 1)
    if lines is None:
        return fallback
    if rule == "waiver-invalid":
        return _waiver_region(unit, found) or fallback
    if unit.target_lang is None:
        if unit.path.suffix == ".xml":
            return _xml_region(unit, start or 0, length) or fallback
        return _paragraph_region(unit, start or 0, length)
    if rule == "fuzzy":
        return _flag_region(unit) or fallback
    keyword = "msgstr" if not unit.plurals else f"msgstr[{form or 0}]"
    if start is None:
        target = unit.plurals[form or 0] if unit.plurals else unit.target or ""
        start, length = 0, 0 if rule == "untranslated" else len(target)
    return po_string_region(lines, unit.line, keyword, start, length) or fallback


def _paragraph_region(unit: Unit, start: int, length: int) -> Region:
    """Characters ``start`` to ``start + length`` of a paragraph of plain text, its lines joined by line feeds."""
    def line_and_column(offset: int) -> tuple[int, int]:
        line_start = unit.source.rfind("\n", 0, offset) + 1
        return unit.line + unit.source.count("\n", 0, offset), offset - line_start + 1
    first = line_and_column(start)
    return region(unit.lines, *first, *(line_and_column(start + length) if length else first))


def source_region(unit: Unit, start: int, length: int, source_form: int | None) -> Region | None:
    """Where the source text at ``start`` stands in the msgid (``source_form`` 0 or None) or the msgid_plural (1)."""
    if unit.lines is None or unit.target_lang is None:
        return None
    return po_string_region(unit.lines, unit.line, "msgid_plural" if source_form else "msgid", start, length)


def po_string_region(lines: FileLines, entry_line: int, keyword: str, start: int, length: int) -> Region | None:
    """Characters ``start`` to ``start + length`` of the string after ``keyword`` in the entry
    beginning on ``entry_line``; an empty stretch where that character would be."""
    strings = _quoted_strings(lines, entry_line, keyword)
    if not strings:
        return None
    first = _character(strings, start)
    if length <= 0:
        return region(lines, first[0], first[1])
    last = _character(strings, start + length - 1)
    return region(lines, first[0], first[1], last[0], last[2])


def _quoted_strings(lines: FileLines, entry_line: int, keyword: str) -> list[tuple[int, str, int, int]]:
    """The quoted strings that make up the value of ``keyword`` in the entry beginning on
    ``entry_line``: line number, line, and the indexes of the opening and closing quotes."""
    number = entry_line
    while True:
        text = lines.line(number)
        if text is None or not text.strip():
            return []
        stripped = text.lstrip()
        if stripped.startswith(keyword) and stripped[len(keyword):len(keyword) + 1] in (" ", "\t", '"'):
            break
        number += 1
    strings = []
    quoted = _QUOTED.search(text, len(text) - len(stripped) + len(keyword))
    while quoted:
        strings.append((number, text, quoted.start(), quoted.end() - 1))
        number += 1
        text = lines.line(number) or ""
        quoted = _QUOTED.match(text, len(text) - len(text.lstrip()))
    return strings


def _character(strings: list[tuple[int, str, int, int]], offset: int) -> tuple[int, int, int]:
    """Line, column and end column of character ``offset`` of the value written as ``strings``;
    past its end, the closing quote (where more text would go)."""
    for number, text, opening, closing in strings:
        if "\\" not in text[opening:closing]:  # each character one column
            if offset < closing - opening - 1:
                return number, opening + 2 + offset, opening + 3 + offset
            offset -= closing - opening - 1
            continue
        index = opening + 1
        while index < closing:
            width = _escape_width(text, index) if text[index] == "\\" else 1
            if offset == 0:
                return number, index + 1, index + 1 + width
            offset -= 1
            index += width
    number, _, _, closing = strings[-1]
    return number, closing + 1, closing + 1


def _escape_width(text: str, index: int) -> int:
    """Columns taken by the escape sequence at ``text[index]`` (a backslash): \\n, \\", \\\\ take
    two, an octal escape up to four, a hex escape as many as its digits and two."""
    end = index + 1
    if text[end:end + 1] and text[end] in _OCTAL:
        while end < index + 4 and end < len(text) and text[end] in _OCTAL:
            end += 1
        return end - index
    if text[end:end + 1] == "x":
        end += 1
        while end < len(text) and text[end] in _HEX:
            end += 1
        return end - index
    return 2


def _entry_lines(unit: Unit):
    """Number and text of each line of the catalog entry of ``unit``, up to its end."""
    number = unit.line
    while (text := unit.lines.line(number)) is not None and text.strip():
        yield number, text
        number += 1


def _flag_region(unit: Unit) -> Region | None:
    """The ``fuzzy`` of the entry's ``#,`` line."""
    for number, text in _entry_lines(unit):
        if text.startswith("#,") and (match := _FUZZY.search(text)):
            return region(unit.lines, number, match.start() + 1, number, match.end() + 1)
    return None


def _waiver_region(unit: Unit, rule: str) -> Region | None:
    """The ``lint-waive: RULE`` of a translator comment, or of the XML comment before a segment."""
    if unit.target_lang is None:
        numbers = [(n, unit.lines.line(n)) for n in range(unit.line, max(0, unit.line - 10), -1)]
        candidates = [(n, text) for n, text in numbers if text is not None]
    else:
        candidates = [(n, text) for n, text in _entry_lines(unit)
                      if text.startswith("#") and text[1:2] not in _CATALOG_COMMENT_KINDS]
    for number, text in candidates:
        match = re.search(rf"lint-waive:\s*{re.escape(rule)}(?![\w-])", text)
        if match:
            end = text.find("-->", match.end())
            return region(unit.lines, number, match.start() + 1, number, (end if end >= 0 else len(text.rstrip())) + 1)
    return None


def _xml_region(unit: Unit, start: int, length: int) -> Region | None:
    """The text at ``start`` of a segment, found as written in the element's lines: the
    occurrence of the found text that has as many before it in the segment as in the file.
    None when the text is written otherwise there (an entity, a line break inside)."""
    lines = unit.lines
    text = lines.line(unit.line)
    opening = re.search(rf'<([\w:-]+)[^>]*xml:id="{re.escape(unit.context or "")}"[^>]*>', text or "")
    if text is None or opening is None or length <= 0:
        return None
    found = unit.source[start:start + length]
    skip = unit.source[:start].count(found)
    closing = f"</{opening.group(1)}"
    number, index = unit.line, opening.end()
    while text is not None:
        end = text.find(closing, index)
        limit = len(text) if end < 0 else end
        while (index := text.find(found, index, limit)) >= 0:
            if skip == 0:
                return region(lines, number, index + 1, number, index + 1 + len(found))
            skip -= 1
            index += len(found)
        if end >= 0:
            return None
        number, index = number + 1, 0
        text = lines.line(number)
    return None
