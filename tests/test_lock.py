"""requirements.lock: every dependency of pyproject.toml pinned, with hashes, and exactly
what `make lock` resolves (its command, recorded in the lock's header, run again)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = REPO / "requirements.lock"


@dataclass(frozen=True)
class Pin:
    requirement: Requirement
    hashes: tuple[str, ...]

    @property
    def version(self) -> str:
        return next(iter(self.requirement.specifier)).version


def read_lock(text: str) -> dict[str, list[Pin]]:
    """Pins by normalised name (a name may be pinned twice, for different markers); anything
    but an exact pin with hashes fails."""
    pins: dict[str, list[Pin]] = {}
    for line in re.sub(r"\\\n", " ", text).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement, *hashes = line.split("--hash=")
        pin = Pin(Requirement(requirement), tuple(h.strip() for h in hashes))
        specifiers = list(pin.requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==" and pin.hashes, f"not an exact pin with hashes: {line[:80]}"
        pins.setdefault(canonicalize_name(pin.requirement.name), []).append(pin)
    return pins


def project_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]]


def test_every_dependency_of_pyproject_is_pinned_with_hashes():
    pins = read_lock(LOCK.read_text(encoding="utf-8"))
    for requirement in project_requirements():
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned, f"{requirement.name} is not in requirements.lock; run make lock"
        for pin in pinned:
            assert requirement.specifier.contains(pin.version, prereleases=True), (requirement, pin.version)


@pytest.mark.parametrize("line", ["lxml>=5 \\\n    --hash=sha256:11", "lxml==6.1.3", "lxml==6.1.3 ; python_version < '3.12'"])
def test_a_loose_pin_or_one_without_hashes_is_refused(line):
    with pytest.raises(AssertionError, match="not an exact pin with hashes: lxml"):
        read_lock(f"babel==2.19.0 \\\n    --hash=sha256:00\n{line}\n")


@pytest.mark.slow
def test_the_lock_is_what_its_recorded_command_resolves(tmp_path: Path):
    """Run the header's `uv pip compile` again (uv from the lock; PyPI as of the recorded
    date) and compare: a dependency added to or changed in pyproject.toml without
    `make lock` shows up here."""
    header = next(line for line in LOCK.read_text(encoding="utf-8").splitlines() if "uv pip compile" in line)
    args = shlex.split(header.lstrip("# "))
    assert args[:3] == ["uv", "pip", "compile"] and "--no-config" in args and "--generate-hashes" in args
    output = tmp_path / "requirements.lock"
    args[args.index("-o") + 1] = str(output)
    env = {key: value for key, value in os.environ.items() if not key.startswith("UV_")}
    subprocess.run([sys.executable, "-m", "uv", *args[1:]], cwd=REPO, env=env, check=True, capture_output=True)

    def body(text: str) -> str:
        return re.sub(r"\A(#.*\n)+", "", text)

    assert body(output.read_text(encoding="utf-8")) == body(LOCK.read_text(encoding="utf-8"))
