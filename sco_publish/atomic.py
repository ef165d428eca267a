"""Atomic file replacement: readers see the old file or the new one, never half of either.

Several files are replaced together (``Replacement``): each new file is written in full to a
temporary file beside its target, and only when all are written, and none of the targets
changed since it was read, are they renamed over the targets. A failure before that leaves
every target as it was. A process killed on the way leaves temporary files named
``.NAME.sco-publish-PID.tmp``, which ``remove_stale_temporaries`` recognises and removes.
A target that is a symbolic link is written through: the link stays a link.
"""

from __future__ import annotations

import filecmp
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sco_publish.errors import OS_ADVICE, UserError

_TEMPORARY = re.compile(r"\..+\.sco-publish-([0-9]+)(?:\.old)?\.tmp")


@dataclass(frozen=True)
class FileState:
    """What a save by another program changes in a file, known without reading it. (Not the
    inode's change time: making a second name for the file, as ``commit`` does, changes it.)"""

    device: int
    inode: int
    size: int
    modified_ns: int


def file_state(path: Path) -> FileState | None:
    """The state of ``path`` now (through a symbolic link), None when there is no such file.
    Taken before the file is read, so that a save during the read counts as a change."""
    try:
        found = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise UserError(path, f"cannot read: {error.strerror}") from None
    return FileState(found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path``. For files no one edits (outputs, caches): an ``OSError`` is the caller's to handle.
    It names ``path``: a failed write names no file, and the temporary file's name would mean
    nothing to the user."""
    target = _real_path(path)
    try:
        temporary = _write_temporary(target, data)
        try:
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        if error.filename is None or Path(error.filename).name.startswith(f".{target.name}."):
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise


@dataclass
class _Staged:
    shown: Path  # the path as the caller named it, for messages
    target: Path  # the file renamed over: a symbolic link's target
    temporary: Path
    read_as: FileState | None
    backup: Path | None = None  # a second name for the old file while the new ones are renamed
    replaced: bool = False


class Replacement:
    """Files replaced together or not at all, by ``command`` (named in messages)."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.staged: list[_Staged] = []

    def __enter__(self) -> Replacement:
        return self

    def __exit__(self, *exception: object) -> None:
        self._discard()

    def add(self, path: Path, data: bytes, read_as: FileState | None) -> None:
        """Write ``data`` for ``path`` to a temporary file now; ``read_as`` is the state ``path``
        had when what ``data`` is made from was read (None: there was no file)."""
        target = _real_path(path)
        try:
            temporary = _write_temporary(target, data)
        except OSError as error:
            raise UserError(path, f"cannot write, no file was changed: {error.strerror}; {_advice(error)}") from None
        self.staged.append(_Staged(path, target, temporary, read_as))

    def commit(self) -> list[Path]:
        """Rename every temporary file over its target; the paths replaced. A target that
        changed since it was read is refused, and nothing is replaced, unless it already
        holds what would be written (another run of the command wrote it just now)."""
        for item in list(self.staged):
            if file_state(item.shown) != item.read_as:
                if not _same_content(item.target, item.temporary):
                    raise UserError(item.shown, f"changed while {self.command} ran; run {self.command} again")
                item.temporary.unlink()
                self.staged.remove(item)
        for item in self.staged:
            if item.read_as is not None:
                item.backup = _second_name(item.target, item.temporary.with_suffix(".old.tmp"))
        for item in self.staged:
            try:
                os.replace(item.temporary, item.target)
            except OSError as error:
                outcome = "no file was changed" if self._restore() else f"some files were replaced; run {self.command} again"
                raise UserError(item.shown, f"cannot replace, {outcome}: {error.strerror}; {_advice(error)}") from None
            item.replaced = True
        replaced = [item.shown for item in self.staged]
        self._discard()
        return replaced

    def _restore(self) -> bool:
        """Put the targets already replaced back as they were; False if an old file had no second name."""
        restored = True
        for item in self.staged:
            if not item.replaced:
                continue
            if item.read_as is None:
                item.target.unlink(missing_ok=True)
            elif item.backup is not None:
                os.replace(item.backup, item.target)
                item.backup = None
            else:
                restored = False
        return restored

    def _discard(self) -> None:
        for item in self.staged:
            for leftover in (item.temporary, item.backup):
                if leftover is not None:
                    leftover.unlink(missing_ok=True)
        self.staged = []


def write_if_changed(path: Path, data: bytes, old: bytes | None = None) -> bool:
    """Write ``data`` atomically unless ``path`` holds it already (``old``: its bytes, if known)."""
    if old is None:
        old = path.read_bytes() if path.exists() else None
    if old == data:
        return False
    write_atomically(path, data)
    return True


def _advice(error: OSError) -> str:
    return OS_ADVICE.get(error.errno, "check the file and its folder, and run again")


def remove_stale_temporaries(files: Iterable[Path]) -> None:
    """Remove the temporary files a killed run left beside ``files`` (beside a symbolic
    link's target); those of a run still going are kept."""
    for directory in {_real_path(path).parent for path in files}:
        try:
            names = [entry.name for entry in os.scandir(directory)]
        except OSError:
            continue  # not there yet, or unreadable: writing there will say so
        for name in names:
            match = _TEMPORARY.fullmatch(name)
            if match and not _running(int(match.group(1))):
                (directory / name).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if not 0 < pid < 2**22:  # Linux's largest process ID
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process
    return True


def _real_path(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _write_temporary(target: Path, data: bytes) -> Path:
    """``data`` in a new file beside ``target``, on disk, with ``target``'s permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.sco-publish-{os.getpid()}.tmp")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o644
    temporary.unlink(missing_ok=True)  # left by a killed process that had this process ID
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _second_name(target: Path, name: Path) -> Path | None:
    """A hard link ``name`` to the old ``target``, to put it back if a later rename fails;
    None where the file system has no hard links (such a failure cannot then be undone)."""
    try:
        name.unlink(missing_ok=True)
        os.link(target, name)
    except OSError:
        return None
    return name


def _same_content(first: Path, second: Path) -> bool:
    try:
        return filecmp.cmp(first, second, shallow=False)
    except OSError:
        return False
