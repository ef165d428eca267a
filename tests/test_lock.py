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
from datetime import datetime, timezone
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


def recorded_command() -> list[str]:
    """The `uv pip compile …` line of the lock's header, as arguments."""
    header = next(line for line in LOCK.read_text(encoding="utf-8").splitlines() if "uv pip compile" in line)
    return shlex.split(header.lstrip("# "))


def test_make_lock_runs_the_recorded_command_with_todays_date():
    def today() -> str:
        return datetime.now(timezone.utc).strftime("%Y-%m-%dT00:00:00Z")

    before = today()
    dry_run = subprocess.run(["make", "-n", "lock"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    days = {before, today()}  # both, should the run straddle midnight
    joined = dry_run.replace("\\\n", " ")
    made = shlex.split(joined[joined.index(".venv/bin/uv pip compile"):].splitlines()[0])[1:]
    recorded = recorded_command()[1:]

    def without_date(args: list[str]) -> list[str]:
        at = args.index("--exclude-newer")
        return args[:at] + args[at + 2:]

    assert [arg for arg in without_date(made) if arg != "--quiet"] == without_date(recorded)
    assert made[made.index("--exclude-newer") + 1] in days


@pytest.mark.slow
def test_the_lock_is_what_its_recorded_command_resolves(tmp_path: Path):
    """Run the header's `uv pip compile` again (uv from the lock; PyPI as of the recorded
    date) and compare: a dependency added to or changed in pyproject.toml without
    `make lock` shows up here."""
    args = recorded_command()
    assert args[:3] == ["uv", "pip", "compile"] and "--no-config" in args and "--generate-hashes" in args
    output = tmp_path / "requirements.lock"
    args[args.index("-o") + 1] = str(output)
    env = {key: value for key, value in os.environ.items() if not key.startswith("UV_")}
    resolved = subprocess.run([sys.executable, "-m", "uv", *args[1:]], cwd=REPO, env=env, capture_output=True, text=True)
    assert resolved.returncode == 0, resolved.stderr

    def body(text: str) -> str:
        return re.sub(r"\A(#.*\n)+", "", text)

    assert body(output.read_text(encoding="utf-8")) == body(LOCK.read_text(encoding="utf-8"))
