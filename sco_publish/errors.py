"""User-facing errors: one line naming the place and what to do, never a traceback."""

from __future__ import annotations

import errno
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

# Exit codes, documented in the README and in ``sco-publish --help``.
EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3  # a bug: an exception no check foresaw, from sco-publish or a library

REPORT_TO = "https://github.com/sco-publish/sco-publish/issues"
DEBUG_VARIABLE = "SCO_PUBLISH_DEBUG"

# what to do about an operating-system error, by errno
OS_ADVICE = {
    errno.ENOSPC: "free some space and run again",
    errno.EDQUOT: "free some space (or raise the quota) and run again",
    errno.EACCES: "check the permissions of the file and its folder, and run again",
    errno.EPERM: "check the permissions and attributes (chattr) of the file and its folder, and run again",
    errno.EROFS: "the file system is mounted read-only; remount it writable or use another folder",
    errno.ENOENT: "check that it exists",
    errno.EISDIR: "a folder stands where a file is wanted; move it away",
    errno.ENOTDIR: "a file stands where a folder is wanted; move it away",
    errno.ENAMETOOLONG: "use a shorter path",
    errno.ELOOP: "a symbolic link points to itself; remove the loop",
}

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


def one_line(text: str) -> str:
    """``text`` as one printable line: line breaks become spaces and other control
    characters (an ANSI escape in a catalog's msgctxt) are shown escaped, not obeyed."""
    return printable(re.sub(r"\s*[\r\n]+\s*", " ", text.strip()))


def findings_lines(text: str) -> str:
    """A list of findings (exit 1, such as every incomplete catalog of a release build),
    one printable line each."""
    return "\n".join(printable(line) for line in text.splitlines())


def describe_os_error(error: OSError, command: str) -> str:
    """``path: what the system said; what to do``, for an error of the operating system."""
    where = error.filename if error.filename is not None else f"sco-publish {command}"
    if error.filename2 is not None:
        where = f"{where} -> {error.filename2}"
    what = error.strerror or str(error)
    return f"{where}: {what}; {OS_ADVICE.get(error.errno, 'check the file and its folder, and run again')}"


def describe_internal_error(error: BaseException, command: str) -> str:
    """One line for an exception no check foresaw: which command, what was raised, where to report it."""
    name = error.type_name if isinstance(error, WorkerError) else type(error).__name__
    return (f"sco-publish {command}: internal error: {name}: {error}; please report it at {REPORT_TO} "
            f"(run again with {DEBUG_VARIABLE}=1 for the traceback)")


class WorkerError(Exception):
    """An exception of a worker process that cannot cross back as itself (lxml's errors
    hold a C error log, which does not pickle): its type's name and message, which is what
    the one line needs, instead of the pickling error the pool would raise."""

    def __init__(self, type_name: str, message: str) -> None:
        self.type_name = type_name
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (self.type_name, str(self)))


def run_portably(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``function(*args)`` in a worker process, raising only exceptions that pickle."""
    try:
        return function(*args, **kwargs)
    except Exception as error:
        try:
            pickle.dumps(error)
        except Exception:
            raise WorkerError(type(error).__name__, str(error)) from None
        raise
