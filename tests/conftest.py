"""Shared fixtures: a throwaway copy of the project, and running the real CLI."""

from __future__ import annotations

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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's texts, catalogs, templates and settings, safe to modify."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root)
    for folder in ("texts", "locales", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def cli():
    return run_cli
