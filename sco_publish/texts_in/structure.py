"""Finding a document's structure in a stream of blocks: what is the title, the date and
place, the preamble, the parts and their numbers, the lists, the signatures, and what is
the web page around the text rather than the text.

Every guess that could be wrong (a short line taken for a part heading, a line dropped as
navigation, two lines joined) is recorded as a ``Decision`` for the import report: the
editor reads the report, not the whole text, to check the import.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from sco_publish.texts_in.readers import HEADING, ITEM, ROW, TEXT, Block


@dataclass(frozen=True)
class Decision:
    line: int
    text: str  # what was decided, in words the editor can check against the source


@dataclass
class Segment:
    """Text that becomes one segment; ``source`` is what the source had, before any
    correction (the editorial notes record the difference)."""

    text: str
    line: int
    source: str = ""

    def __post_init__(self) -> None:
        self.source = self.source or self.text


@dataclass
class Note:
    target: Segment
    type: str  # correction or editorial
    text: str
    sic: str | None = None
    corr: str | None = None


@dataclass
class ItemList:
    entries: list[Segment | ItemList] = field(default_factory=list)


@dataclass
class Section:
    num: int
    heading: Segment | None
    blocks: list[Segment | ItemList] = field(default_factory=list)


@dataclass
class Signature:
    office: Segment
    person: Segment


@dataclass
class Draft:
    """A document as found in the source, before IDs and glossary checks."""

    title: Segment | None = None
    date: datetime.date | None = None
    published: datetime.date | None = None
    place: Segment | None = None
    place_ref: str | None = None  # the place's glossary concept
    author: str | None = None
    source_url: str | None = None
    preamble: list[Segment | ItemList] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    body: list[Segment | ItemList] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    def segments(self) -> list[Segment]:
        """Every text segment in document order (title and place first)."""
        found = [segment for segment in (self.title, self.place) if segment is not None]
        found += _flatten(self.preamble)
        for section in self.sections:
            found += [section.heading] if section.heading else []
            found += _flatten(section.blocks)
        found += _flatten(self.body)
        for signature in self.signatures:
            found += [signature.office, signature.person]
        return found


def _flatten(blocks: list[Segment | ItemList]) -> list[Segment]:
    found: list[Segment] = []
    for block in blocks:
        found += _flatten(block.entries) if isinstance(block, ItemList) else [block]
    return found


# ------------------------------------------------------------------ what is not the text

_NAVIGATION = re.compile(
    r"""^(?:home\s*[>»›].*                       # breadcrumbs
        |【.*】|\[.*\]                          # font-size widgets
        |print|share|email|e-mail|tweet|close|back\ to\ top|top|favorites?|subscribe
        |(?:font\ )?(?:small|medium|large)(?:\ size)?
        |share\ (?:on|to|this)\b.*
        |(?:editor|editors|responsible\ editor|photo|photographer|translator|proofreader)\s*[:：].*
        |(?:\[[^\]]*\]\([^)]*\)\s*[▲|•·]?\s*)+     # rows of links left over from the page
        )$""",
    re.IGNORECASE | re.VERBOSE,
)
_FOOTER = re.compile(r"^(?:related links|copyright\b|©|contact us|all rights reserved|website identifier)",
                     re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^source\s*:\s*(?P<url>https?://\S+)\s*$", re.IGNORECASE)
_COPYRIGHT_HOLDER = re.compile(r"^copyright\s*©\s*(?:\d{4}\s*)?(?P<holder>.+?)\.?$", re.IGNORECASE)

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DATE = (rf"(?:{_MONTH}\s+\d{{1,2}},\s*\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
         r"|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}年\d{1,2}月\d{1,2}日)")
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
# the page's own time stamp: a date alone on its line, perhaps with a time and a view counter
_STAMP = re.compile(rf"^(?:date\s*)?(?P<date>{_DATE})(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?:\s+\d+)?(?:\s+(?P<rest>.*))?$",
                    re.IGNORECASE)
# "Tianjin, People's Republic of China, 1 September 2025 - In his address, …"
_DATELINE = re.compile(rf"^(?P<place>[^,.;:]{{2,40}})(?:,[^,.;:]{{2,60}})?,\s*(?P<date>{_DATE})\s*[-–—]\s+(?P<rest>\S.*)$",
                       re.IGNORECASE)


def parse_date(text: str) -> datetime.date | None:
    """A date as written in English, ISO, day.month.year or Chinese."""
    text = text.strip()
    for pattern, order in ((r"(\d{4})-(\d{2})-(\d{2})", "ymd"), (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
                           (r"(\d{4})年(\d{1,2})月(\d{1,2})日", "ymd")):
        match = re.fullmatch(pattern, text)
        if match:
            parts = dict(zip(order, map(int, match.groups())))
            return _valid_date(parts["y"], parts["m"], parts["d"])
    words = re.findall(r"\w+", text.lower())
    month = next((MONTHS.index(word) + 1 for word in words if word in MONTHS), None)
    numbers = [int(word) for word in words if word.isdigit()]
    if month and len(numbers) == 2:
        day, year = sorted(numbers)
        return _valid_date(year, month, day)
    return None


def _valid_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# ------------------------------------------------------------------ part headings

NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                 "tenth", "eleventh", "twelfth")
CHINESE_DIGITS = "一二三四五六七八九"
_PART_WORD = r"(?:(?:part|section|chapter)\s+)?"
_HEADINGS = (
    ("word", re.compile(rf"^{_PART_WORD}(?P<num>{'|'.join(NUMBER_WORDS + ORDINAL_WORDS)})[.:]?(?:\s+(?P<rest>.+))?$",
                        re.IGNORECASE)),
    ("roman", re.compile(rf"^{_PART_WORD}(?P<num>[IVXLC]+)(?:[.)]\s*(?P<rest>.*)|\s*)$")),
    ("arabic", re.compile(rf"^{_PART_WORD}(?P<num>\d{{1,2}})(?:[.)]\s*(?P<rest>.*)|\s*)$", re.IGNORECASE)),
    ("chinese", re.compile(rf"^第?(?P<num>[{CHINESE_DIGITS}十]+)[、.．部分章]\s*(?P<rest>.*)$")),
)
MAX_HEADING_LENGTH = 100


def heading_number(text: str) -> tuple[int, str] | None:
    """The part number and heading text of a line that reads as a part heading: a short
    line beginning with a number in words, Roman or Arabic numerals or Chinese numerals,
    and not ending like a sentence."""
    if len(text) > MAX_HEADING_LENGTH or text.endswith((".", ";", ",", "。", "；", "，")) and not re.fullmatch(r"\S+\.", text):
        return None
    for style, pattern in _HEADINGS:
        match = pattern.match(text)
        if not match:
            continue
        rest = (match.group("rest") or "").strip()
        if style == "word" and rest and not re.match(r"^[.:–—-]", text[match.end("num"):]):
            continue  # "One of the priorities is …" is a sentence, not "One. Priorities"
        number = _number_value(match.group("num"), style)
        if number:
            return number, rest.lstrip(".:–—- ")
    return None


def _number_value(numeral: str, style: str) -> int | None:
    if style == "word":
        word = numeral.lower()
        return (NUMBER_WORDS.index(word) if word in NUMBER_WORDS else ORDINAL_WORDS.index(word)) + 1
    if style == "arabic":
        return int(numeral) or None
    if style == "chinese":
        return _chinese_value(numeral)
    return _roman_value(numeral)


def _roman_value(numeral: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for current, following in zip(numeral, numeral[1:] + " "):
        value = values[current]
        total += -value if values.get(following, 0) > value else value
    return total if 0 < total < 40 else None


def _chinese_value(numeral: str) -> int | None:
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return CHINESE_DIGITS.index(numeral) + 1 if len(numeral) == 1 else None
    ten_count = CHINESE_DIGITS.index(tens) + 1 if tens else 1
    return ten_count * 10 + (CHINESE_DIGITS.index(units) + 1 if units else 0)


# ------------------------------------------------------------------ signatures

# an office as the first cell of a signature row: English and Russian name the office first,
# Chinese last (白俄罗斯共和国总统)
_OFFICE = re.compile(r"^(?:the\s+)?(?:president|prime minister|chairman|chairwoman|chair|king|emir|sultan|"
                     r"head|premier|vice[- ]president|secretary[- ]general|minister|chancellor)\b.*\bof\b"
                     r"|^(?:президент|премьер-министр|председатель|генеральный секретарь)\b"
                     r"|(?:总统|总理|主席|国王|秘书长)$",
                     re.IGNORECASE)


# ------------------------------------------------------------------ lists

BULLETS = ("–", "—", "-", "•", "·", "*", "▪", "○", "◦")
_SENTENCE_END = (".", "!", "?", "。", "！", "？", ":", ";", "：", "；", "”", "\"", "’", ")", "»")
QUOTES = "\"'“”‘’«»"
MIN_BROKEN_LINE = 60  # a line this long that stops mid-sentence was broken by the page


def _bullet(text: str) -> str | None:
    """The text after a bullet character, or None."""
    for bullet in BULLETS:
        if text.startswith(bullet + " ") or text.startswith(bullet + "\u00a0"):
            return text[len(bullet):].strip()
    return None


# ------------------------------------------------------------------ the finder

@dataclass(frozen=True)
class _Piece:
    """A block on its way to becoming a segment: the text so far, what the source had, and
    the notes owed to the segment it will become (a join, a dateline removed)."""

    text: str
    kind: str
    line: int
    level: int = 0
    cells: tuple[str, ...] = ()
    source: str = ""
    notes: tuple[tuple[str, str, str | None, str | None], ...] = ()  # type, text, sic, corr


def find_structure(blocks: list[Block]) -> Draft:
    draft = Draft()
    pieces = [_Piece(b.text, b.kind, b.line, b.level, b.cells, b.text) for b in blocks]
    pieces = _split_run_together(pieces, draft)
    pieces = _drop_page_furniture(pieces, draft)
    pieces = _take_title(pieces, draft)
    pieces = _take_signatures(pieces, draft)
    pieces = _join_broken_lines(pieces, draft)
    pieces = _take_dateline(pieces, draft)
    _take_parts(pieces, draft)
    if draft.date is None:
        _date_from_text(draft)
    return draft


def _date_from_text(draft: Draft) -> None:
    """The first date the opening paragraphs name ("…in Tianjin on September 1, 2025"),
    else the page's time stamp."""
    opening = [segment for segment in draft.segments() if segment is not draft.title][:3]
    for segment in opening:
        for match in _DATE_RE.finditer(segment.text):
            if parse_date(match.group(0)):
                draft.date = parse_date(match.group(0))
                draft.decisions.append(Decision(segment.line, f"date {draft.date} taken from “{match.group(0)}” in the text"))
                return
    if draft.published:
        draft.date = draft.published
        draft.decisions.append(Decision(0, f"no date in the text: the page's date {draft.date} taken as the date"))


_RUN_TOGETHER = re.compile(r";(?=[A-Z“\"‘])")


def _split_run_together(pieces: list[_Piece], draft: Draft) -> list[_Piece]:
    """"…to 2030;A decision to grant…": the page lost a line break between two list items."""
    result = []
    for piece in pieces:
        parts = _RUN_TOGETHER.split(piece.text) if piece.kind in (TEXT, ITEM) else [piece.text]
        for index, part in enumerate(parts):
            text = part + (";" if index < len(parts) - 1 else "")
            result.append(replace(piece, text=text, source=text))
        if len(parts) > 1:
            draft.decisions.append(Decision(piece.line, f"split into {len(parts)} at “;” followed by a capital "
                                                        f"letter (items run together): “{_short(piece.text)}”"))
    return result


def _drop_page_furniture(pieces: list[_Piece], draft: Draft) -> list[_Piece]:
    kept: list[_Piece] = []
    for position, piece in enumerate(pieces):
        source = _SOURCE_LINE.match(piece.text)
        if source:
            draft.source_url = source.group("url")
            draft.decisions.append(Decision(piece.line, f"source address taken from the line “{_short(piece.text)}”"))
            continue
        if _FOOTER.match(piece.text) and kept:
            rest = pieces[position:]
            holder = next((m.group("holder") for p in rest if (m := _COPYRIGHT_HOLDER.match(p.text))), None)
            draft.author = draft.author or holder
            draft.decisions.append(Decision(piece.line, f"dropped the page footer from here on ({len(rest)} lines, "
                                                        f"from “{_short(piece.text)}”)"))
            break
        stamp = _STAMP.match(piece.text) if piece.kind != ROW else None
        if stamp and parse_date(stamp.group("date")):
            draft.published = draft.published or parse_date(stamp.group("date"))
            rest = (stamp.group("rest") or "").strip()
            draft.decisions.append(Decision(piece.line, f"page time stamp “{_short(piece.text[:len(piece.text) - len(rest)].strip())}” "
                                                        f"taken as the publication date {draft.published}"))
            if rest:
                kept.append(replace(piece, text=rest, source=rest))
            continue
        if _NAVIGATION.match(piece.text) and piece.kind != ROW:
            draft.decisions.append(Decision(piece.line, f"dropped as page navigation or a page control: “{_short(piece.text)}”"))
            continue
        kept.append(piece)
    return kept


def _take_title(pieces: list[_Piece], draft: Draft) -> list[_Piece]:
    """The first heading, or a first line short enough and not a sentence."""
    for index, piece in enumerate(pieces[:3]):
        if piece.kind == HEADING:
            draft.title = Segment(piece.text, piece.line)
            return pieces[:index] + pieces[index + 1:]
    first = pieces[0] if pieces else None
    if (first is not None and first.kind == TEXT and len(first.text) <= 250
            and not first.text.endswith((".", ";", ":", "。")) and heading_number(first.text) is None):
        draft.title = Segment(first.text, first.line)
        draft.decisions.append(Decision(first.line, f"first line taken for the title: “{_short(first.text)}”"))
        return pieces[1:]
    return pieces


def _take_signatures(pieces: list[_Piece], draft: Draft) -> list[_Piece]:
    kept = []
    for piece in pieces:
        if piece.kind == ROW and len(piece.cells) == 2 and _OFFICE.search(piece.cells[0]):
            draft.signatures.append(Signature(Segment(piece.cells[0], piece.line), Segment(piece.cells[1], piece.line)))
        else:
            kept.append(piece)
    if draft.signatures:
        draft.decisions.append(Decision(draft.signatures[0].office.line,
                                        f"{len(draft.signatures)} rows of office and name taken for the signatures"))
    return kept


def _join_broken_lines(pieces: list[_Piece], draft: Draft) -> list[_Piece]:
    """A long line that stops mid-sentence, followed by text that is not a heading, is one
    paragraph the page broke in two."""
    joined: list[_Piece] = []
    for piece in pieces:
        previous = joined[-1] if joined else None
        if (previous is not None and previous.kind == TEXT and piece.kind == TEXT
                and len(previous.text) >= MIN_BROKEN_LINE and not previous.text.endswith(_SENTENCE_END)
                and heading_number(piece.text) is None and _bullet(piece.text) is None):
            glue = "" if previous.text.endswith("-") else " "
            note = ("editorial", f"Joined two lines that the source split after “{previous.text.split()[-1].strip(QUOTES)}”.", None, None)
            joined[-1] = replace(previous, text=previous.text + glue + piece.text,
                                 source=previous.source + glue + piece.source, notes=previous.notes + (note,))
            draft.decisions.append(Decision(piece.line, f"joined to the line before, which stops mid-sentence: "
                                                        f"“…{previous.text[-30:]}” + “{piece.text[:30]}…”"))
        else:
            joined.append(piece)
    return joined


def _take_dateline(pieces: list[_Piece], draft: Draft) -> list[_Piece]:
    """"Place, Country, 1 September 2025 - In his address…": date and place go to the metadata."""
    for index, piece in enumerate(pieces[:3]):
        match = _DATELINE.match(piece.text) if piece.kind == TEXT else None
        if match and parse_date(match.group("date")):
            draft.date = parse_date(match.group("date"))
            draft.place = Segment(match.group("place").strip(), piece.line)
            rest = match.group("rest")
            first_word = rest.split()[0]
            note = ("correction", "The dateline is kept as metadata (date and place).",
                    piece.text[:match.start("rest")] + first_word, first_word)
            draft.decisions.append(Decision(piece.line, f"dateline “{_short(piece.text[:match.start('rest')].strip())}” "
                                                        "taken as the date and place and removed from the paragraph"))
            return pieces[:index] + [replace(piece, text=rest, notes=piece.notes + (note,))] + pieces[index + 1:]
    return pieces


def _take_parts(pieces: list[_Piece], draft: Draft) -> None:
    """Preamble, numbered parts and their paragraphs; without part headings, one body."""
    current: list[Segment | ItemList] = draft.preamble
    pending_items: list[tuple[int, Segment]] = []
    expected = 1

    def flush_items() -> None:
        if pending_items:
            current.append(_nest(pending_items))
            draft.decisions.append(Decision(pending_items[0][1].line,
                                            f"{len(pending_items)} lines taken for a list "
                                            f"(from “{_short(pending_items[0][1].text)}”)"))
            pending_items.clear()

    def undo_empty_section() -> None:
        """A part heading with nothing under it was no heading: its line is a paragraph."""
        nonlocal current, expected
        if draft.sections and not draft.sections[-1].blocks:
            empty = draft.sections.pop()
            current = draft.sections[-1].blocks if draft.sections else draft.preamble
            line = headings[id(empty)]
            current.append(Segment(line.text, line.line))
            expected = empty.num
            draft.decisions.append(Decision(line.line, f"“{_short(line.text)}” has no paragraphs under it: "
                                                       "kept as a paragraph, not a part heading"))

    headings: dict[int, _Piece] = {}
    for position, piece in enumerate(pieces):
        numbered = heading_number(piece.text) if piece.kind in (TEXT, HEADING) else None
        if piece.kind == HEADING or numbered:
            flush_items()
            undo_empty_section()
            num, heading = numbered if numbered else (expected, piece.text)
            if num != expected:
                draft.decisions.append(Decision(piece.line, f"part number jumps to {num} where {expected} was expected: "
                                                            f"the source may lack a heading; check where part {expected} begins"))
            section = Section(num, Segment(heading, piece.line) if heading else None)
            draft.sections.append(section)
            headings[id(section)] = piece
            current, expected = section.blocks, num + 1
            if piece.kind == TEXT:
                draft.decisions.append(Decision(piece.line, f"line “{_short(piece.text)}” taken for the heading of part {num}"))
            continue
        item = _list_item(piece, pieces[position - 1] if position else None, pending_items)
        text = item[1] if item else piece.text
        segment = Segment(text, piece.line, source=text if item else piece.source)
        draft.notes += [Note(segment, kind, note, sic, corr) for kind, note, sic, corr in piece.notes]
        if item is not None:
            pending_items.append((item[0], segment))
            continue
        flush_items()
        current.append(segment)
    flush_items()
    undo_empty_section()
    if not draft.sections:
        draft.body, draft.preamble = draft.preamble, []


def _list_item(piece: _Piece, previous: _Piece | None, pending: list[tuple[int, Segment]]) -> tuple[int, str] | None:
    """(depth, text) when ``piece`` is a list item: marked as one by its format, or a line
    with a bullet, or one ending with “;” after a line ending with “:” or after another item."""
    if piece.kind == ITEM:
        return piece.level, piece.text
    if piece.kind != TEXT:
        return None
    bulleted = _bullet(piece.text)
    if bulleted is not None:
        nested = any(level == 0 for level, _ in pending)  # bullets under plain items elaborate them
        return (1 if nested else 0), bulleted
    introduced = previous is not None and previous.text.endswith((":", "：")) and not pending
    if piece.text.endswith((";", "；")) and (introduced or pending):
        return 0, piece.text
    if pending and piece.text.endswith((":", "：")):
        return 0, piece.text  # an item that a nested list elaborates
    if pending and piece.text.endswith((".", "。")) and pending[-1][1].text.endswith((";", "；")) and len(piece.text) < 300:
        return 0, piece.text  # the last item of a list whose items end with “;”
    return None


def _nest(items: list[tuple[int, Segment]]) -> ItemList:
    """Items with depths as nested lists (a nested list elaborates the item before it)."""
    root = ItemList()
    stack = [(0, root)]
    for level, segment in items:
        while level < stack[-1][0] and len(stack) > 1:
            stack.pop()
        while level > stack[-1][0]:
            inner = ItemList()
            stack[-1][1].entries.append(inner)
            stack.append((stack[-1][0] + 1, inner))
        stack[-1][1].entries.append(segment)
    return root


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"
