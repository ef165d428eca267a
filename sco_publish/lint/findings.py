"""Lint findings: what was found where, independent of how it is reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

RULES = {
    "term-deprecated": "A deprecated glossary term is used.",
    "term-missing": "The source names a glossary concept that the translation does not render.",
    "term-misspelled": "A word is a near miss of a protected name in the glossary.",
    "term-unknown": "A proper name or capitalised multi-word term of a text is not in the glossary.",
    "number-mismatch": "A number, date or amount of the source is missing in the translation.",
    "untranslated": "A catalog entry has no translation.",
    "fuzzy": "A catalog entry is marked fuzzy and needs review.",
    "waiver-invalid": "A lint waiver has no reason or names an unknown rule.",
}
DEFAULT_SEVERITY = {
    "term-deprecated": "error",
    "term-missing": "error",
    "term-misspelled": "error",
    "term-unknown": "warning",
    "number-mismatch": "error",
    "untranslated": "warning",
    "fuzzy": "warning",
    "waiver-invalid": "error",
}
RELEASE_ERRORS = ("untranslated", "fuzzy")
SEVERITIES = ("error", "warning", "info", "off")


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
