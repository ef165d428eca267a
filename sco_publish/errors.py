"""User-facing errors: one line naming the place and what to do, never a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Exit codes, documented in the README and in ``sco-publish --help``.
EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2

# C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``), as ``repr`` would: text
    taken from a file cannot then colour the terminal, move its cursor or break a one-line message."""
    return UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


@dataclass(frozen=True)
class Location:
    path: Path | str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class UserError(Exception):
    """Bad input or usage; the CLI prints ``path:line:col: message`` and exits 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, location: Location | Path | str, message: str) -> None:
        self.location = location if isinstance(location, Location) else Location(location)
        self.message = message
        # Line by line: a release build reports several catalogs as one error, a line each.
        super().__init__("\n".join(map(printable, f"{self.location}: {message}".split("\n"))))

    def __reduce__(self):  # keep location and message across processes (parallel sync and build)
        return (type(self), (self.location, self.message))
