"""Reading and writing PO files, fast and byte-compatible with GNU gettext's msgcat.

The writer reproduces msgcat's layout: comment order (translator, extracted,
references, flags, previous), flag order and the flags gettext keeps, 79-column
wrapping through libunistring (see ``linebreak``), escaping, and ``#~`` obsolete
entries.  The reader accepts what other tools write (any wrapping, ``#~|``, octal
escapes) and reports errors as ``file:line``.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from pathlib import Path

from sco_publish.atomic import write_if_changed
from sco_publish.catalogs.catalog import Catalog, Message
from sco_publish.catalogs.linebreak import UC_BREAK_PROHIBITED, break_positions
from sco_publish.errors import UNPRINTABLE, Location, UserError
from sco_publish.parallel import can_fork, forked_map

PAGE_WIDTH = 79

# gettext 0.21's format languages, in the order msgcat prints their flags.
FORMAT_LANGUAGES = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep ruby "
    "sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl perl-brace php "
    "gcc-internal gfc-internal ycp"
).split()
_FLAG_RANK = {}
for _rank, _language in enumerate(FORMAT_LANGUAGES):
    for _prefix in ("", "no-", "possible-", "impossible-"):
        _FLAG_RANK[f"{_prefix}{_language}-format"] = _rank

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
            "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_NEEDS_ESCAPE = re.compile(r'[\\"\n\t\r\a\b\f\v]')
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
              "\\": "\\", '"': '"', "'": "'", "?": "?"}
_ESCAPE_SEQUENCE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]+)|(.))", re.DOTALL)
_ESCAPED_PAIR = re.compile(rb"\\.")
_NARROW = re.compile(r"[\u0020-\u007e\u00a0-\u10ff\u2000-\u2027\u2030-\u205e]*")


# ---------------------------------------------------------------- reading

class WriterCache:
    """What files ``format_po`` wrote say about how it writes: the text of each message read
    from them (by everything that text depends on) and the string lines of each msgid and
    msgstr, which the writer then copies instead of wrapping again. Filled by the reader
    only from a file the caller knows to be exactly what ``format_po`` writes; one per run
    that reads and then writes catalogs (sync's), dropped with it."""

    def __init__(self) -> None:
        self.messages: dict[tuple, str] = {}
        self.strings: dict[tuple[str, str], str] = {}  # ("msgid" or "msgstr", value) → the lines after the keyword

    def add(self, message: Message, block: str, match: re.Match[str]) -> None:
        self.messages[_layout_key(message)] = block if block.endswith("\n") else block + "\n"
        if "no-wrap" not in message.flags:
            self.strings[("msgid", message.msgid)] = match.group("msgid")
            self.strings[("msgstr", message.msgstr)] = match.group("msgstr")


def _layout_key(message: Message) -> tuple:
    """Everything the PO text of a message depends on."""
    return (message.msgid, message.msgstr, message.msgctxt, message.msgid_plural, tuple(message.msgstr_plural),
            tuple(message.translator_comments), tuple(message.extracted_comments), tuple(message.references),
            tuple(message.flags), message.previous_msgctxt, message.previous_msgid, message.previous_msgid_plural,
            message.obsolete)


def read_po(path: Path, cache: WriterCache | None = None) -> Catalog:
    """The catalog in ``path``. With a ``cache`` (the caller knows the file is exactly what
    ``format_po`` writes), its messages' text goes there, so that unchanged ones are not re-wrapped."""
    return parse_po_bytes(read_po_bytes(path), path, cache)


def read_po_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError(path, f"cannot read: {error.strerror}") from None


def parse_po_bytes(data: bytes, path: Path, cache: WriterCache | None = None) -> Catalog:
    """The catalog in ``data``, the bytes of the file ``path``, which must be UTF-8."""
    return parse_po(_decode(data, path, 1), path, cache)


def _decode(data: bytes, path: Path, first_line: int) -> str:
    """``data``, bytes of ``path`` from line ``first_line`` on, as text; bad UTF-8 is a user error."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first_line + data[: error.start].count(b"\n")
        raise UserError(Location(path, line, 1), "not valid UTF-8; save the catalog as UTF-8") from None


def header_field_in(data: bytes, name: str) -> str | None:
    """The header field ``name`` of a catalog's bytes, looked up in its first 4 KB without
    parsing the file (sync needs nothing else of an old template than its date)."""
    match = re.search(rf'"{re.escape(name)}: ([^"\\]*)\\n"', data[:4096].decode("utf-8", errors="replace"))
    return match.group(1) if match else None


def parse_po(text: str, path: Path | str = "<string>", cache: WriterCache | None = None) -> Catalog:
    return _Parser(path, cache).parse(text)


class FragmentBoundaryError(Exception):
    """A fragment of a catalog did not end where a message ends (or has CR LF line ends, which
    the one cutting it could not see): parse the file as a whole."""


EntryKey = tuple[str | None, str]  # msgctxt and msgid: no two active entries of a catalog share one


def parse_po_fragment(data: bytes, path: Path, first_line: int) -> tuple[list[Message], list[EntryKey]]:
    """The messages in ``data``: bytes of the catalog ``path`` from its line ``first_line``
    on, cut between messages (the header need not be among them), for reading parts of a
    large file in parallel; a message running past the end raises ``FragmentBoundaryError``.
    With them, the keys of the active entries, by which the parser told duplicates within
    the fragment: a key in two fragments is a duplicate only reading the whole file reports."""
    if b"\r" in data:
        raise FragmentBoundaryError(f"{path}: CR LF line ends")
    parser = _Parser(path)
    messages = parser.parse(_decode(data, path, first_line), first_line, whole=False).messages
    return messages, list(parser.seen)


_BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")
_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_STRING_LINES = rf"{_STRING}(?:\n{_STRING})*"
_SIMPLE_MESSAGE = re.compile(
    rf"(?P<comments>(?:#(?:[^|~\n][^\n]*)?\n)*)"
    rf"(?:msgctxt (?P<msgctxt>{_STRING_LINES})\n)?"
    rf"msgid (?P<msgid>{_STRING_LINES})\n"
    rf"msgstr (?P<msgstr>{_STRING_LINES})\n?"
)


class _Parser:
    def __init__(self, path: Path | str, cache: WriterCache | None = None) -> None:
        self.path = path
        self.cache = cache
        self.messages: list[Message] = []
        self.current = Message(msgid="")
        self.started = False  # a keyword line was seen for the current message
        self.target: tuple[str, int] | None = None  # field that continuation strings extend
        self.seen: dict[EntryKey, int] = {}  # each active entry's key → its line

    def error(self, line: int, message: str) -> UserError:
        return UserError(Location(self.path, line, 1), message)

    def parse(self, text: str, first_line: int = 1, whole: bool = True) -> Catalog:
        """Parse message by message: the common shape through one regular expression, the rest
        line by line. ``text`` is the whole file, or (not ``whole``) a fragment of it starting
        on ``first_line``, which must end where a message ends (see ``parse_po_fragment``)."""
        if text.startswith("\ufeff"):
            text = text[1:]
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        if not whole:  # the empty line after a part's last message would end a message cut in two
            text = text.rstrip("\n")
        number = first_line
        for block in _BLOCK_SEPARATOR.split(text):
            match = _SIMPLE_MESSAGE.fullmatch(block)
            if match and not self.started:
                self.add_simple(match, number)
                if self.cache is not None:
                    self.cache.add(self.messages[-1], block, match)
            else:
                for offset, line in enumerate(block.split("\n")):
                    self.parse_line(line, number + offset)
                if self.started and self.target and self.target[0] == "msgstr":
                    self.finish(number)
            number += block.count("\n") + 2
        if not whole and (self.started or self.current != Message(msgid="")):
            raise FragmentBoundaryError(f"{self.path}:{number}: a message continues past this fragment")
        self.finish(number)
        return Catalog(path=self.path if isinstance(self.path, Path) else None, messages=self.messages)

    def add_simple(self, match: re.Match[str], number: int) -> None:
        """A message without previous strings, plurals or #~: comments, msgctxt, msgid, msgstr."""
        comments = match.group("comments")
        message = self.current
        if comments:  # no #| or #~ lines here (the pattern excludes them): nothing else to check
            for line in comments[:-1].split("\n"):
                _store_comment(message, line)
        message.line = number
        context = match.group("msgctxt")
        if context is not None:
            message.msgctxt = self.strings(context, number)
        message.msgid = self.strings(match.group("msgid"), number)
        message.msgstr = self.strings(match.group("msgstr"), number)
        self.started = True
        self.target = ("msgstr", -1)
        self.finish(number)

    def strings(self, lines: str, number: int) -> str:
        """The value of already validated string lines ``"a"\\n"b"``, concatenated and unescaped."""
        # The pattern has checked the shape, so the only '"\n"' are where one line ends and the next begins.
        body = lines[1:-1].replace('"\n"', "")
        return _unescape(body, self, number) if "\\" in body else body

    def finish(self, number: int) -> None:
        if not self.started:  # trailing comments without a message are dropped, as gettext does
            return
        message = self.current
        if self.target is None or not (self.target[0] == "msgstr"):
            raise self.error(number, "message has no msgstr (is the file truncated?)")
        if message.msgctxt is not None and UNPRINTABLE.search(message.msgctxt):
            raise self.error(message.line, f"msgctxt {message.msgctxt!r} holds a control character; "
                                           "a segment ID is plain text, correct it")
        key = (message.msgctxt, message.msgid)
        if not message.obsolete:
            if key in self.seen:
                raise self.error(
                    message.line,
                    f"duplicate message (first defined on line {self.seen[key]}); remove one of them",
                )
            self.seen[key] = message.line
        self.messages.append(message)
        self.current = Message(msgid="")
        self.started = False
        self.target = None

    def parse_line(self, line: str, number: int) -> None:
        if not line.strip():
            if self.started:
                self.finish(number)
            return
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].lstrip(" ")
            if not line:
                return
            if line.startswith("|"):
                line = "#" + line
        if line.startswith("#"):
            self.parse_comment(line, number)
            return
        self.parse_keyword(line.strip(), number, obsolete)

    def parse_comment(self, line: str, number: int) -> None:
        kind = line[1:2]
        if kind == "|":
            self.parse_previous(line[2:].strip(), number)
            return
        if self.started and self.target and self.target[0] == "msgstr":
            self.finish(number)
        message = self.current
        _store_comment(message, line)
        if not message.line:
            message.line = number

    def parse_previous(self, rest: str, number: int) -> None:
        if self.started and self.target and self.target[0] == "msgstr":
            self.finish(number)
        message = self.current
        if rest.startswith('"'):
            field = getattr(self, "previous_target", None)
            if field is None:
                raise self.error(number, "continuation line without a #| keyword")
            setattr(message, field, getattr(message, field) + self.string(rest, number))
            return
        keyword, _, value = rest.partition(" ")
        field = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid",
                 "msgid_plural": "previous_msgid_plural"}.get(keyword)
        if field is None:
            raise self.error(number, f"unknown keyword {keyword!r} in a #| line")
        setattr(message, field, self.string(value.strip(), number))
        self.previous_target = field
        if not message.line:
            message.line = number

    def parse_keyword(self, line: str, number: int, obsolete: bool) -> None:
        if line.startswith('"'):
            if self.target is None:
                raise self.error(number, "string without a keyword before it")
            self.append(self.string(line, number))
            return
        keyword, _, value = line.partition(" ")
        value = value.strip()
        if keyword in ("msgctxt", "msgid") and self.started and self.target and self.target[0] == "msgstr":
            self.finish(number)
        message = self.current
        message.obsolete = message.obsolete or obsolete
        if keyword == "msgctxt":
            if self.started:
                raise self.error(number, "msgctxt must come before msgid")
            message.msgctxt = self.string(value, number)
            self.target = ("msgctxt", 0)
        elif keyword == "msgid":
            if self.target and self.target[0] == "msgid":
                raise self.error(number, "msgid after msgid without msgstr")
            message.msgid = self.string(value, number)
            self.target = ("msgid", 0)
            message.line = message.line or number
        elif keyword == "msgid_plural":
            self.require(("msgid",), number, keyword)
            message.msgid_plural = self.string(value, number)
            self.target = ("msgid_plural", 0)
        elif keyword == "msgstr":
            self.require(("msgid",), number, keyword)
            message.msgstr = self.string(value, number)
            self.target = ("msgstr", -1)
        elif keyword.startswith("msgstr[") and keyword.endswith("]") and keyword[7:-1].isdigit():
            self.require(("msgid_plural", "msgstr"), number, keyword)
            index = int(keyword[7:-1])
            if index != len(message.msgstr_plural):
                raise self.error(number, f"{keyword} out of order; expected msgstr[{len(message.msgstr_plural)}]")
            message.msgstr_plural.append(self.string(value, number))
            self.target = ("msgstr", index)
        else:
            raise self.error(number, f"unknown keyword {keyword!r}; expected msgctxt, msgid or msgstr")
        if keyword != "msgctxt" or not message.line:
            message.line = message.line or number
        self.started = True

    def require(self, previous: tuple[str, ...], number: int, keyword: str) -> None:
        if self.target is None or self.target[0] not in previous:
            raise self.error(number, f"{keyword} without a preceding {' or '.join(previous)}")

    def append(self, value: str) -> None:
        field, index = self.target
        message = self.current
        if field == "msgstr" and index >= 0:
            message.msgstr_plural[index] += value
        else:
            setattr(message, field, getattr(message, field) + value)

    def string(self, token: str, number: int) -> str:
        if len(token) < 2 or token[0] != '"' or token[-1] != '"' or token.endswith('\\"') and not token.endswith('\\\\"'):
            raise self.error(number, f"expected a quoted string, found {token[:40]!r} (unterminated string?)")
        body = token[1:-1]
        if "\\" not in body:
            if '"' in body:
                raise self.error(number, "unescaped quotation mark inside a string")
            return body
        return _unescape(body, self, number)


def _unescape(body: str, parser: _Parser, number: int) -> str:
    def replace(match: re.Match[str]) -> str:
        octal, hexadecimal, char = match.groups()
        if octal:
            return chr(int(octal, 8))
        if hexadecimal:
            code = int(hexadecimal, 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise parser.error(number, f"escape \\x{hexadecimal[:12]} is not a Unicode character "
                                           "(past U+10FFFF, or a surrogate); write the character itself")
            return chr(code)
        if char in _UNESCAPES:
            return _UNESCAPES[char]
        raise parser.error(number, f"invalid escape sequence \\{char}")

    if '"' in _ESCAPE_SEQUENCE.sub("", body):
        raise parser.error(number, "unescaped quotation mark inside a string")
    return _ESCAPE_SEQUENCE.sub(replace, body)


def _store_comment(message: Message, line: str) -> None:
    """A ``#.``, ``#:``, ``#,`` or translator comment line, into its field (one space after
    the mark is the separator, not part of the comment)."""
    kind = line[1:2]
    if kind == ".":
        message.extracted_comments.append(line[3:] if line[2:3] == " " else line[2:])
    elif kind == ":":
        message.references.extend(line[2:].split())
    elif kind == ",":
        message.flags.extend([flag.strip() for flag in line[2:].split(",") if flag.strip()])
    else:
        message.translator_comments.append(line[2:] if kind == " " else line[1:])


# ---------------------------------------------------------------- writing

def write_po(catalog: Catalog, path: Path, old: bytes | None = None) -> bool:
    """Write atomically; returns False (and leaves the file alone) when nothing would change
    (``old``: the file's bytes, if known)."""
    return write_if_changed(path, format_po(catalog).encode("utf-8"), old)


PARALLEL_FORMAT_MINIMUM = 5000  # messages to wrap below which a second process costs more than it saves


def format_po(catalog: Catalog, jobs: int = 1, cache: WriterCache | None = None) -> str:
    """The catalog as msgcat prints it: obsolete messages last (untranslated ones dropped, as msgcat
    does), a blank line between messages. Messages the ``cache`` knows are copied; with
    ``jobs`` > 1, many others are wrapped by forked processes, a share each."""
    active = [m for m in catalog.messages if not m.obsolete]
    ordered = active + [m for m in catalog.messages if m.obsolete and m.has_translation]
    known = cache.messages if cache is not None else {}
    texts = [known.get(_layout_key(message)) for message in ordered] if known else [None] * len(ordered)
    pending = [ordered[number] for number, text in enumerate(texts) if text is None]
    strings = cache.strings if cache is not None else {}
    if jobs > 1 and len(pending) >= PARALLEL_FORMAT_MINIMUM and can_fork():
        share = -(-len(pending) // jobs)
        shares = [partial(_format_messages, pending[start:start + share], strings)
                  for start in range(0, len(pending), share)]
        formatted = [text for part in forked_map(shares, here_first=True) for text in part]
    else:
        formatted = _format_messages(pending, strings)
    blanks = (number for number, text in enumerate(texts) if text is None)
    for number, text in zip(blanks, formatted):
        texts[number] = text
    return "\n".join(texts)


def _format_messages(messages: list[Message], known: dict[tuple[str, str], str]) -> list[str]:
    return [_format_message(message, known) for message in messages]


def _canonical_flags(message: Message) -> list[str]:
    """The flags msgcat keeps, in its order; fuzzy only on translated messages."""
    flags = ["fuzzy"] if message.fuzzy and message.has_translation else []
    flags += sorted({f for f in message.flags if f in _FLAG_RANK}, key=lambda f: (_FLAG_RANK[f], f))
    flags += [f for f in message.flags if f.startswith("range:")][:1]
    if "no-wrap" in message.flags:
        flags.append("no-wrap")
    return flags


def _format_message(message: Message, known: dict[tuple[str, str], str]) -> str:
    lines: list[str] = []
    for comment in message.translator_comments:
        lines.append(f"# {comment}" if comment else "#")
    for comment in message.extracted_comments:
        lines.append(f"#. {comment}" if comment else "#.")
    if message.references:
        lines.extend(_format_references(message.references))
    flags = _canonical_flags(message)
    if flags:
        lines.append("#, " + ", ".join(flags))
    wrap = "no-wrap" not in message.flags
    prefix = "#~ " if message.obsolete else ""
    previous = "#~| " if message.obsolete else "#| "
    for name, value in (("msgctxt", message.previous_msgctxt), ("msgid", message.previous_msgid),
                        ("msgid_plural", message.previous_msgid_plural)):
        if value is not None:
            _format_string(lines, previous, name, value, wrap, known)
    if message.msgctxt is not None:
        _format_string(lines, prefix, "msgctxt", message.msgctxt, wrap, known)
    _format_string(lines, prefix, "msgid", message.msgid, wrap, known)
    if message.msgid_plural is not None:
        _format_string(lines, prefix, "msgid_plural", message.msgid_plural, wrap, known)
        for index, value in enumerate(message.msgstr_plural):
            _format_string(lines, prefix, f"msgstr[{index}]", value, wrap, known)
    else:
        _format_string(lines, prefix, "msgstr", message.msgstr, wrap, known)
    return "\n".join(lines) + "\n"


def _format_references(references: list[str]) -> list[str]:
    lines = []
    line = "#:"
    for reference in references:
        if len(line) > 2 and len(line) + len(reference) + 1 > PAGE_WIDTH:
            lines.append(line)
            line = "#:"
        line += " " + reference
    lines.append(line)
    return lines


def _format_string(lines: list[str], prefix: str, name: str, value: str, wrap: bool,
                   known: dict[tuple[str, str], str]) -> None:
    """``name "value"`` appended to ``lines``: as read from a file the writer wrote when
    ``known`` (a ``WriterCache``'s strings) has it, e.g. a template's msgids once its catalog
    was read, else wrapped now."""
    written = known.get((name, value)) if known and wrap and not prefix else None
    if written is None:
        lines.extend(_string_lines(prefix, name, value, wrap))
    else:
        first, *rest = written.split("\n")
        lines += [f"{name} {first}", *rest]


@lru_cache(maxsize=2**18)  # a template and its catalogs share their msgids
def _string_lines(prefix: str, name: str, value: str, wrap: bool) -> tuple[str, ...]:
    """``name "value"`` as msgcat writes it (gettext's write-po.c, function ``wrap``).

    The value is cut into portions after each newline; a value of several portions,
    or one that must be wrapped, starts with an empty ``name ""`` line.
    """
    width = (PAGE_WIDTH if wrap else 2**31 - 1) - 1 - (len(prefix) + 1)
    raw_portions = value.split("\n")
    portions = [p + "\n" for p in raw_portions[:-1]] + ([raw_portions[-1]] if raw_portions[-1] else [])
    portions = [_escape(p) for p in portions] or [""]
    breaks: list[int] | None = None
    if len(portions) == 1:
        portion = portions[0]
        first_column = len(name) + 1
        if _fits(portion, width - first_column):
            return (f'{prefix}{name} "{portion}"',)
        if len(portion) > width and _NARROW.fullmatch(portion):
            # Too wide from any column: it wraps exactly when it has a break opportunity,
            # so the breaks from column 0 (needed anyway) answer the first-line question.
            breaks = _breaks(portion, width, 0)
            if not breaks:
                return (f'{prefix}{name} "{portion}"',)
        elif not _breaks(portion, width, first_column):
            return (f'{prefix}{name} "{portion}"',)
    lines = [f'{prefix}{name} ""']
    for portion in portions:
        if _fits(portion, width):
            lines.append(f'{prefix}"{portion}"')
            continue
        encoded = portion.encode("utf-8")
        start = 0
        for position in (breaks if breaks is not None else _breaks(portion, width, 0)) + [len(encoded)]:
            lines.append(f'{prefix}"{encoded[start:position].decode("utf-8")}"')
            start = position
    return tuple(lines)


def _escape(text: str) -> str:
    return text.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(text) else text


def _fits(portion: str, room: int) -> bool:
    """True when the portion needs no line break: narrow characters only, and short enough."""
    return len(portion) <= room and _NARROW.fullmatch(portion) is not None


def _breaks(portion: str, width: int, start_column: int) -> list[int]:
    encoded = portion.encode("utf-8")
    overrides = bytearray(len(encoded))
    for match in _ESCAPED_PAIR.finditer(encoded):
        overrides[match.start() + 1] = UC_BREAK_PROHIBITED
    if portion.endswith("\\n") and overrides[len(encoded) - 2] == 0:
        overrides[len(encoded) - 2] = UC_BREAK_PROHIBITED  # no break just before a final newline
    return break_positions(encoded, width, start_column, bytes(overrides))
