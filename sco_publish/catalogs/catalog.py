"""The catalog model: messages as plain data, independent of the PO syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from sco_publish.errors import Location, UserError

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")


@dataclass(slots=True)
class Message:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Has a translation that is not fuzzy (what msgfmt would compile)."""
        strings = self.msgstr_plural if self.msgid_plural is not None else [self.msgstr]
        return bool(strings) and all(strings) and not self.fuzzy

    @property
    def has_translation(self) -> bool:
        strings = self.msgstr_plural if self.msgid_plural is not None else [self.msgstr]
        return any(strings)

    def set_fuzzy(self, fuzzy: bool) -> None:
        if fuzzy and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not fuzzy:
            self.flags = [flag for flag in self.flags if flag != "fuzzy"]


@dataclass
class Catalog:
    """Messages in file order; the first may be the header (msgid "")."""

    path: Path | None = None
    messages: list[Message] = field(default_factory=list)

    @property
    def header(self) -> Message | None:
        first = self.messages[0] if self.messages else None
        return first if first is not None and first.is_header else None

    @property
    def entries(self) -> list[Message]:
        """The active (non-header, non-obsolete) messages."""
        return [m for m in self.messages if not m.is_header and not m.obsolete]

    def header_fields(self) -> list[tuple[str, str]]:
        return parse_header(self.header.msgstr) if self.header else []

    def header_field(self, name: str) -> str | None:
        return next((value for key, value in self.header_fields() if key == name), None)


def require_segment_ids(messages: list[Message], path: Path) -> None:
    """Every active entry names its segment in ``msgctxt``: sync, lint and stats refuse alike
    an entry without one (translate-toolkit's po2xliff → xliff2po round trip drops them all)."""
    for message in messages:
        if message.msgctxt is None and not message.is_header and not message.obsolete:
            raise UserError(
                Location(path, message.line, 1),
                f"entry {message.msgid[:40]!r} has no msgctxt (segment ID), so no segment can be told; "
                "restore it from the .pot, and for XLIFF use `sco-publish export`/`sco-publish import` "
                "(xliff2po drops every msgctxt)",
            )


def parse_header(msgstr: str) -> list[tuple[str, str]]:
    """``Key: value`` lines of a header msgstr, in order."""
    fields = []
    for line in msgstr.split("\n"):
        key, colon, value = line.partition(":")
        if colon:
            fields.append((key.strip(), value.strip()))
    return fields


def format_header(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in fields)


def declared_language(catalog: Catalog, path: Path) -> str | None:
    """The language of the ``Language`` header (``ru`` for ``ru_RU``), None without one; a
    value that names no language (a typo, a path with ``..``) is refused, naming the header."""
    declared = catalog.header_field("Language")
    if not declared:
        return None
    try:
        if _LANGUAGE_TAG.fullmatch(declared):
            return Locale.parse(declared.replace("-", "_")).language
    except (ValueError, UnknownLocaleError):
        pass
    raise UserError(
        Location(path, catalog.header.line, 1),
        f"Language header {declared!r} is not a language code; write one such as \"ru\" or \"zh_CN\"",
    )


def check_declared_language(catalog: Catalog, path: Path, lang: str) -> None:
    """Refuse a catalog whose ``Language`` header names another language than its folder ``lang``."""
    declared = declared_language(catalog, path)
    if declared and declared != Locale.parse(lang).language:
        raise UserError(
            Location(path, catalog.header.line, 1),
            f"Language header says {catalog.header_field('Language')!r} but the catalog is in the {lang!r} folder; "
            "move the file or fix the header",
        )
