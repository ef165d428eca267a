"""Acknowledged gaps: names the texts use that the glossary leaves unprotected on purpose.

They live in one data file beside the glossary (``glossary-gaps.toml``), each with the
reason, instead of waivers scattered through the texts: ``term-unknown`` reports them as
waived with that reason, ``terms --missing`` marks them, and ``validate`` reports an entry
no text uses any more, so that the list cannot silently outgrow the texts.

    [[gap]]
    reason = "titles of documents cited, not protected terms"
    names = ["Charter on Diversity", "Global Counter-Terrorism Strategy"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sco_publish.errors import Location, UserError

FILE_NAME = "glossary-gaps.toml"


@dataclass(frozen=True, slots=True)
class Gap:
    name: str
    reason: str
    line: int  # where the name is written in the file


@dataclass(frozen=True)
class Gaps:
    path: Path
    entries: dict[str, Gap]  # name as `terms --missing` lists it → its gap

    def reason(self, name: str) -> str | None:
        gap = self.entries.get(name)
        return gap.reason if gap else None


def gaps_path(glossary_path: Path) -> Path:
    return glossary_path.with_name(FILE_NAME)


def load_gaps(path: Path) -> Gaps:
    """The gaps written in ``path``; none when there is no such file."""
    if not path.is_file():
        return Gaps(path, {})
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UserError(path, f"cannot read the glossary's gap list: {error}; fix the file") from None
    lines = text.splitlines()
    entries: dict[str, Gap] = {}
    for number, group in enumerate(data.get("gap", ()), 1):
        reason, names = group.get("reason") if isinstance(group, dict) else None, group.get("names", ())
        if not isinstance(reason, str) or not reason.strip() or not isinstance(names, list):
            raise UserError(path, f"gap {number} needs a reason (a string) and names (a list of strings); "
                                  'write reason = "…" and names = ["…"]')
        for name in names:
            line = _line_of(lines, name)
            if not isinstance(name, str) or name in entries:
                problem = "is no string" if not isinstance(name, str) else "is listed twice"
                raise UserError(Location(path, line), f"name {name!r} {problem}; list each name once, as a string")
            entries[name] = Gap(name, reason.strip(), line)
    return Gaps(path, entries)


def _line_of(lines: list[str], name: object) -> int:
    quoted = f'"{name}"'
    return next((number for number, line in enumerate(lines, 1) if quoted in line), 0) or 1
