"""Shared fixtures: a throwaway copy of the project, and running the real CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "fixtures" / "seeds"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> Result:
    completed = subprocess.run(
        [sys.executable, "-m", "sco_publish", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def copy_repository_project(root: Path) -> Path:
    """A copy of the repository's texts, catalogs, templates and settings in ``root``."""
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root)
    for folder in ("texts", "locales", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root


def copy_synced_project(source: Path, root: Path) -> Path:
    """A copy of a project sync has run in, in the state sync left it: its record of what it
    wrote (.cache/sync-written.json, keyed by absolute path) is moved to the copy's paths, so
    that sync knows the copied catalogs as its own, as it knew the originals."""
    shutil.copytree(source, root, symlinks=True)
    record = root / ".cache" / "sync-written.json"
    if record.exists():
        old, new = f"{source.resolve()}/", f"{root.resolve()}/"
        entries = json.loads(record.read_text(encoding="utf-8"))
        assert all(key.startswith(old) for key in entries), entries
        record.write_text(json.dumps({new + key.removeprefix(old): value for key, value in entries.items()}),
                          encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's texts, catalogs, templates and settings, safe to modify."""
    return copy_repository_project(tmp_path / "project")


@pytest.fixture
def cli():
    return run_cli


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests reading the whole build of every edition (test_editions' ``built``) are slow: the
    build and the browser runs over its pages take most of a minute, too long for test-fast."""
    for item in items:
        if "built" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
