"""The lint's data: what is checked (``Unit``), what a check finds in it (``Hit``), where a
finding points (``Finding``, ``Region``) and the result the reporters format.

Everything here is plain data: the rules (``rules``), the file readers (``sources``) and
the reporters (``reporters``) all depend on this module, and it on none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sco_publish.lint.positions import FileLines

SEVERITIES = ("error", "warning", "info", "off")


@dataclass(slots=True)
class Unit:
    """One thing checked: a catalog entry, a segment of a canonical text or a paragraph of plain text."""

    path: Path
    line: int
    context: str | None  # the segment ID
    source: str
    source_lang: str
    target: str | None = None
    target_lang: str | None = None
    state: str | None = None  # for catalog entries: translated, fuzzy or untranslated
    waivers: list[tuple[str, str | None]] = field(default_factory=list)
    lines: FileLines | None = None  # the lines of its file (or catalog part), for finding positions
    plurals: tuple[str, ...] = ()  # msgstr[0], msgstr[1], ... of a message with plural forms
    source_plural: str | None = None  # its msgid_plural
    # what each form translates (from the catalog's Plural-Forms): "singular", "plural" or "both"
    form_uses: tuple[str, ...] | None = None

    @property
    def lang(self) -> str:
        return self.target_lang or self.source_lang


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule's check found in a unit's text; the engine adds the file position,
    severity and waiver that make it a ``Finding``."""

    rule: str
    message: str
    found: str
    expected: str | None = None
    # where ``found`` starts in the text checked (the translation, or a text without one);
    # None when the translation as a whole is at fault (it lacks a term or number, or is missing)
    start: int | None = None
    source_start: int | None = None  # where the source text the translation lacks starts
    form: int | None = None  # the plural form (msgstr[n]) checked
    source_form: int | None = None  # the English string of a plural entry it was checked against: msgid 0, msgid_plural 1
    waiver: str | None = None  # the reason data gives for leaving it (the glossary's gap list); a waiver in the text wins


@dataclass(frozen=True, slots=True)  # one or two per finding: made by the hundred thousand
class Region:
    """A stretch of a file's text. Lines and columns are 1-based; columns count characters
    (Unicode code points) of the line, and the ``utf16_`` columns count UTF-16 code units,
    SARIF's default. The end is exclusive: the column after the last character."""

    line: int
    column: int
    end_line: int
    end_column: int
    utf16_column: int
    utf16_end_column: int


@dataclass(frozen=True, slots=True)
class Finding:
    path: Path
    region: Region  # the offending text: a term, a number, the translation lacking one, a flag
    context: str | None  # segment ID
    lang: str
    rule: str
    severity: str
    message: str
    found: str
    expected: str | None = None
    waiver: str | None = None  # the reason of the waiver that silences it
    source_region: Region | None = None  # the source text a translation lacks (term-missing, number-mismatch)

    @property
    def line(self) -> int:
        return self.region.line

    @property
    def column(self) -> int:
        return self.region.column


@dataclass
class Checked:
    """The units checked in one file or part of a catalog, for the reports that list them
    all; kept as columns, which cross from worker processes cheaply."""

    path: Path
    lang: str
    lines: list[int]
    contexts: list[str | None]


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    checked: list[Checked] = field(default_factory=list)
    rules: dict[str, str] = field(default_factory=dict)  # every rule's ID and description, for formats that list them

    @property
    def segments(self) -> int:
        return sum(len(part.lines) for part in self.checked)

    def count(self, severity: str) -> int:
        """Findings of ``severity`` that no waiver silences."""
        return sum(1 for f in self.findings if f.severity == severity and f.waiver is None)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waiver is not None)
