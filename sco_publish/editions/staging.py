"""A build's outputs prepared beside the output folder's files, then swapped in together.

Rendering can fail at any edition (a glyph no font has, a refused fetch, a full disk) and
a build can be killed at any moment, yet dist/ must never hold new HTML beside an old PDF.
So every output is first written whole (and flushed to disk) into a staging folder inside
the output folder, and only when all are there are they renamed over their targets, the
manifest last. A failure while renaming puts back the files already replaced: hard links
to them are kept in the staging folder until the end.

A build holds a lock on ``<output>/.sco-publish.lock`` from start to end; a staging folder
that a build finds while holding the lock was left by a killed build, and is removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sco_publish.errors import UserError

LOCK = ".sco-publish.lock"
PREFIX = ".sco-publish-staging-"


@dataclass
class Staging:
    output: Path
    folder: Path
    names: list[str] = field(default_factory=list)  # relative to both folders, in commit order

    def add(self, name: str, data: bytes) -> None:
        write_staged(self.folder / name, data)
        self.names.append(name)

    def commit(self) -> None:
        """Rename every staged file over its target; on any failure, undo the renames done."""
        replaced: list[tuple[Path, Path | None]] = []
        created: list[Path] = []
        try:
            for name in self.names:
                target = self.output / name
                created += _make_folders(target.parent)
                backup = None
                if target.exists():
                    backup = self.folder / ".replaced" / name
                    backup.parent.mkdir(parents=True, exist_ok=True)
                    os.link(target, backup)
                os.replace(self.folder / name, target)
                replaced.append((target, backup))
        except BaseException:
            for target, backup in reversed(replaced):
                with contextlib.suppress(OSError):
                    if backup:
                        os.replace(backup, target)
                    else:
                        target.unlink()
            for folder in reversed(created):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise


def write_staged(path: Path, data: bytes) -> None:
    """Write a staged file and flush it to disk, so that a renamed file is a complete one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _make_folders(folder: Path) -> list[Path]:
    missing = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    for parent in reversed(missing):
        parent.mkdir()
    return list(reversed(missing))


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the output folder's lock, and remove what killed builds left there."""
    output.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(output / LOCK, os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(output, "another sco-publish build is writing this folder; wait for it to end") from None
        for abandoned in output.glob(PREFIX + "*"):
            shutil.rmtree(abandoned, ignore_errors=True)
        yield
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def staging(output: Path) -> Iterator[Staging]:
    """A staging folder in ``output`` (whose lock the caller holds), removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=output))
    try:
        yield Staging(output, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
