"""sco-publish as users install it: the wheel, built from the repository's files, installed
with its dependencies into a new virtual environment outside the repository, and every
command run from there in a project of its own."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, Result, run_cli
from sco_publish.catalogs.pofile import read_po

pytestmark = pytest.mark.slow
DOCUMENT = "council-meeting-report"  # the shortest text: its 7 editions build in seconds
TRANSLATIONS = ("ru", "zh", "kk")


def repository_files() -> list[str]:
    """What a clone of the working tree would hold: tracked and new files, not ignored ones."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [name for name in listing.split("\0") if name and (REPO / name).is_file()]


def run_checked(*args: str | Path) -> None:
    completed = subprocess.run([str(arg) for arg in args], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr[-4000:]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of what a clone would hold, so that nothing ignored (.venv/, dist/)
    can slip in and the build leaves nothing (build/, *.egg-info) in the repository."""
    source = tmp_path_factory.mktemp("source")
    for name in repository_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    run_checked(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, source)
    [built] = out.glob("sco_publish-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a new virtual environment holding the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    run_checked(sys.executable, "-m", "venv", venv)
    run_checked(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel)
    return venv / "bin"


@pytest.fixture
def user_project(tmp_path: Path) -> Path:
    """One text with its glossary (and the glossary's gap list), catalogs and the templates, and settings of its own."""
    root = tmp_path / "user-project"
    (root / "texts").mkdir(parents=True)
    for name in (f"{DOCUMENT}.xml", "glossary.tbx", "glossary-gaps.toml"):
        shutil.copy(REPO / "texts" / name, root / "texts")
    for lang in TRANSLATIONS:
        folder = root / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(REPO / "locales" / lang / "LC_MESSAGES" / f"{DOCUMENT}.po", folder)
    shutil.copy(REPO / "locales" / f"{DOCUMENT}.pot", root / "locales")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "pyproject.toml").write_text(
        '[tool.sco-publish]\nlanguages = ["en", "ru", "zh", "kk"]\noutput = "editions"\n', encoding="utf-8")
    return root


def run_installed(bin_dir: Path, *args: str | Path, cwd: Path) -> Result:
    """The installed console script, with nothing of the repository on its path."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    completed = subprocess.run([str(bin_dir / "sco-publish"), *map(str, args)], cwd=cwd, env=env,
                               capture_output=True, text=True, timeout=600)
    return Result(completed.returncode, completed.stdout, completed.stderr)


def test_the_wheel_holds_every_file_of_the_package(wheel):
    shipped = set(zipfile.ZipFile(wheel).namelist())
    package_files = {name for name in repository_files()
                     if name.startswith("sco_publish/") and "__pycache__" not in name}
    assert package_files - shipped == set()


def test_the_environment_runs_the_installed_package_not_the_repository(installed, tmp_path):
    where = subprocess.run([str(installed / "python"), "-c", "import sco_publish; print(sco_publish.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).is_relative_to(installed.parent)
    assert not Path(where.strip()).is_relative_to(REPO)


def test_validate_and_assign_ids(installed, user_project):
    assert run_installed(installed, "validate", cwd=user_project).stdout.strip() == "2 files valid"
    text = user_project / "texts" / f"{DOCUMENT}.xml"
    last = "<p xml:id=\"s23\">Cai Qi, Wang Yi and others attended the meeting.</p>"
    added = "<p>The meeting adopted eleven documents.</p>"
    text.write_text(text.read_text(encoding="utf-8").replace(last, f"{last}\n    {added}"), encoding="utf-8")
    line = text.read_text(encoding="utf-8").splitlines().index(f"    {added}") + 1
    invalid = run_installed(installed, "validate", cwd=user_project)
    assert invalid.returncode == 1
    assert f"{DOCUMENT}.xml:{line}:" in invalid.stderr
    assigned = run_installed(installed, "assign-ids", cwd=user_project)
    assert assigned.returncode == 0, assigned.stderr
    assert assigned.stdout.strip() == f"{text}: assigned s24"
    assert '<p xml:id="s24">The meeting adopted eleven documents.</p>' in text.read_text(encoding="utf-8")
    assert run_installed(installed, "validate", cwd=user_project).returncode == 0


def test_sync_keeps_the_committed_catalogs_and_follows_a_changed_text(installed, user_project):
    catalogs = sorted(user_project.glob("locales/**/*.po*"))
    committed = {path: path.read_bytes() for path in catalogs}
    first = run_installed(installed, "sync", cwd=user_project)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "4 catalogs, 0 updated"
    assert {path: path.read_bytes() for path in catalogs} == committed
    text = user_project / "texts" / f"{DOCUMENT}.xml"
    text.write_text(text.read_text(encoding="utf-8").replace("First, seeking common ground", "First, finding common ground"),
                    encoding="utf-8")
    second = run_installed(installed, "sync", cwd=user_project)
    for lang in TRANSLATIONS:
        assert f"locales/{lang}/LC_MESSAGES/{DOCUMENT}.po: updated (1 changed (fuzzy))" in second.stdout
        message = next(m for m in read_po(user_project / "locales" / lang / "LC_MESSAGES" / f"{DOCUMENT}.po").entries
                       if m.msgctxt == "s11")
        assert message.fuzzy and message.msgid.startswith("First, finding common ground")
        assert message.previous_msgid.startswith("First, seeking common ground")


def test_stats(installed, user_project):
    result = run_installed(installed, "stats", "--format", "json", cwd=user_project)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["catalogs"]
    assert sorted((row["document"], row["lang"]) for row in rows) == sorted((DOCUMENT, lang) for lang in TRANSLATIONS)
    assert all(row["translated"] == row["total"] > 0 and row["percent"] == 100 for row in rows)


def test_lint_of_the_project_and_of_a_single_catalog(installed, user_project):
    """`sco-publish lint x.po` is what crashed when data/languages.toml was not in the wheel."""
    clean = run_installed(installed, "lint", "--release", cwd=user_project)
    assert clean.returncode == 0, clean.stderr
    # names listed in the glossary's gap list are counted as waived; with one text of three, the
    # texts' own evidence of common words is smaller, so a few title-case runs are warned about
    summary = re.search(r" segments checked: 0 errors, ([0-9]+) warnings, [1-9][0-9]* waived$", clean.stdout.strip())
    assert summary, clean.stdout
    findings = clean.stdout.strip().splitlines()[:-1]
    assert len(findings) == int(summary.group(1)) and all(": warning term-unknown: " in line for line in findings)
    # the installed package finds what the repository's code finds in the same project
    assert clean.stdout == run_cli("lint", "--release", cwd=user_project).stdout
    catalog = user_project / "locales" / "ru" / "LC_MESSAGES" / f"{DOCUMENT}.po"
    bad = user_project / "x.po"
    bad.write_text(catalog.read_text(encoding="utf-8").replace(
        '"членов Шанхайской организации сотрудничества"', '"членов организации"', 1), encoding="utf-8")
    found = run_installed(installed, "lint", "x.po", cwd=user_project)
    assert found.returncode == 1, found.stderr
    assert "x.po:" in found.stdout and "term-missing" in found.stdout
    assert "Shanghai Cooperation Organization" in found.stdout


@pytest.mark.parametrize("format", ["xliff2", "xliff12"])
def test_export_and_import(installed, user_project, format):
    catalog = user_project / "locales" / "kk" / "LC_MESSAGES" / f"{DOCUMENT}.po"
    before = catalog.read_bytes()
    exported = run_installed(installed, "export", "--lang", "kk", "--format", format, "-o", "out", cwd=user_project)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.strip() == f"out/{DOCUMENT}.kk.xlf"
    imported = run_installed(installed, "import", f"out/{DOCUMENT}.kk.xlf", cwd=user_project)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip().endswith("0 taken, 23 unchanged; no catalog changed")
    assert catalog.read_bytes() == before


def test_build(installed, user_project):
    result = run_installed(installed, "build", "-j", "1", "-q", cwd=user_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("7 editions built, 0 up to date")
    out = user_project / "editions"
    editions = ("en", *TRANSLATIONS, *(f"en-{lang}" for lang in TRANSLATIONS))
    assert {path.name for path in (out / DOCUMENT).iterdir()} >= {f"{e}.{kind}" for e in editions for kind in ("pdf", "html")}
    assert (out / "index.html").is_file()
    ru = subprocess.run(["pdftotext", str(out / DOCUMENT / "ru.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "Шанхайской организации сотрудничества" in " ".join(ru.split())


def test_tmx_and_glossary_exchange(installed, user_project):
    """The exchange commands run from the wheel (sco_publish.exchange shipped, rapidfuzz installed)."""
    exported = run_installed(installed, "tmx", "export", "sco.tmx", cwd=user_project)
    assert exported.returncode == 0, exported.stderr
    imported = run_installed(installed, "tmx", "import", "sco.tmx", cwd=user_project)
    assert imported.returncode == 0, imported.stderr
    assert (user_project / "memory" / "sco.tmx").is_file()
    glossary = run_installed(installed, "glossary", "export", "terms-2008.tbx", cwd=user_project)
    assert glossary.returncode == 0, glossary.stderr
    assert b'<martif type="TBX-Basic"' in (user_project / "terms-2008.tbx").read_bytes()
