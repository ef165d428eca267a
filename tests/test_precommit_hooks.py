"""The pre-commit hooks (.pre-commit-hooks.yaml) as another repository uses them, through
`pre-commit try-repo`: pre-commit installs this repository into an environment of its own
and runs the hooks in a repository that holds only catalogs, a glossary and its settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Result

pytestmark = pytest.mark.slow
CATALOG = Path("po/ru/LC_MESSAGES/council-meeting-report.po")
SETTINGS = '[tool.sco-publish]\nlocales = "po"\nglossary = "terms/sco.tbx"\n'
POM = '<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion></project>\n'


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def translations_repo(tmp_path: Path) -> Path:
    """Catalogs under po/, the glossary at terms/sco.tbx (not the default place), an unrelated
    Maven pom.xml that is no sco-publish text, and no texts at all."""
    repo = tmp_path / "translations"
    (repo / CATALOG.parent).mkdir(parents=True)
    shutil.copy(REPO / "locales" / "ru" / "LC_MESSAGES" / CATALOG.name, repo / CATALOG)
    (repo / "terms").mkdir()
    shutil.copy(REPO / "texts" / "glossary.tbx", repo / "terms" / "sco.tbx")
    (repo / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    (repo / "pom.xml").write_text(POM, encoding="utf-8")
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "catalogs", cwd=repo)
    return repo


def try_repo(repo: Path) -> Result:
    """Every hook of this repository (with its uncommitted changes), on every file of ``repo``."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    completed = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "--all-files"],
                               cwd=repo, env=env, capture_output=True, text=True, timeout=1200)
    return Result(completed.returncode, completed.stdout, completed.stderr)


def hook_lines(output: str) -> dict[str, str]:
    """Hook name → its status word (Passed, Failed, Skipped) from pre-commit's summary lines."""
    statuses = {}
    for line in output.splitlines():
        for name in ("sco-publish glossary lint", "sco-publish validate"):
            if line.startswith(name + "."):
                statuses[name] = line.rsplit(".", 1)[-1].split(")")[-1].strip()
    return statuses


def test_hooks_pass_on_clean_catalogs_and_leave_an_unrelated_xml_file_alone(translations_repo):
    result = try_repo(translations_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert hook_lines(result.stdout) == {"sco-publish glossary lint": "Passed", "sco-publish validate": "Passed"}


def test_a_finding_in_a_catalog_fails_the_lint_hook_and_is_printed(translations_repo):
    catalog = translations_repo / CATALOG
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        '"членов Шанхайской организации сотрудничества"', '"членов организации"', 1), encoding="utf-8")
    git("commit", "-q", "-am", "a translation without the organisation's name", cwd=translations_repo)
    result = try_repo(translations_repo)
    assert result.returncode == 1
    assert hook_lines(result.stdout) == {"sco-publish glossary lint": "Failed", "sco-publish validate": "Passed"}
    assert f"{CATALOG}:" in result.stdout
    assert "term-missing" in result.stdout and "Shanghai Cooperation Organization" in result.stdout
