"""Faults in the settings and the error path: every command, run as a subprocess on a copy
of the project, fails with exactly one stderr line naming the file, the documented exit
code and no traceback, whatever is wrong: a setting, pyproject.toml itself, a path
leaving the project, the operating system (read-only folders, a full disk, also inside
worker processes) or a library."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import REPO, Result, run_cli

COMMANDS = (("validate",), ("assign-ids",), ("sync",), ("stats",), ("lint",), ("build", "-q", "--draft"))


def assert_one_line(result: Result, code: int, starts: str | Path) -> str:
    """The failure is one stderr line beginning with ``starts`` (the file), with ``code``."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(str(starts)), lines[0]
    assert result.returncode == code, (result.returncode, result.stderr)
    return lines[0]


def set_pyproject(project: Path, old: str, new: str) -> Path:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert old in text
    pyproject.write_text(text.replace(old, new, 1), encoding="utf-8")
    return pyproject


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# ---------------------------------------------------------------- settings

BAD_SETTINGS = [
    # (replace this, with this, the line to blame, what the message says)
    ('languages = ["en", "ru", "zh", "kk"]', "languages = 5", "languages = 5",
     "languages must be a list of language codes, got an integer"),
    ('languages = ["en", "ru", "zh", "kk"]', 'languages = ["en", 7]', "languages = [",
     "languages must be a list of language codes, but holds an integer"),
    ('texts = "texts"', "texts = 5", "texts = 5", "texts must be a string (a folder), got an integer"),
    ('output = "dist"', 'output = ["dist"]', "output = [", "output must be a string (a folder), got a list"),
    ('output = "dist"', 'output = "dist"\nlint = "strict"', "lint = ", "lint must be a table"),
    ('output = "dist"', 'output = "dist"\nallow-paths-outside-project = "yes"', "allow-paths",
     "allow-paths-outside-project must be true or false, got a string"),
    ('output = "dist"', 'outptu = "dist"', "outptu", "unknown setting [tool.sco-publish] outptu"),
    ('output = "dist"', 'output = "dist"\n\n[tool.sco-publish.lint.severity]\n"term-missing" = "strict"', '"term-missing"',
     "[tool.sco-publish.lint.severity] term-missing must be one of error, warning, info, off, got 'strict'"),
    ('output = "dist"', 'output = "dist"\n\n[tool.sco-publish.lint.severity]\n"term-missing" = 1', '"term-missing"',
     "term-missing must be one of error, warning, info, off, got an integer"),
    ('output = "dist"', 'output = "dist"\n\n[tool.sco-publish.lint.severity]\n"term-nope" = "off"', '"term-nope"',
     "unknown key term-nope in [tool.sco-publish.lint.severity]"),
    ('output = "dist"', 'output = "dist"\n\n[tool.sco-publish.lint]\nseverity = "error"', "severity = ",
     "severity must be a table of rule = severity, got a string"),
    ('output = "dist"', 'output = "dist"\nlint = { severity = { fuzzy = "loud" } }', "lint = {",
     "fuzzy must be one of error, warning, info, off, got 'loud'"),
    ('memory-threshold = 0.75', 'memory-threshold = 2', "memory-threshold",
     "memory-threshold must be a number above 0 and at most 1, got 2"),
    ('memory-threshold = 0.75', 'memory-threshold = "high"', "memory-threshold",
     "memory-threshold must be a number above 0 and at most 1, got a string"),
    ('editorial-notes = "short"', 'editorial-notes = "long"', "editorial-notes",
     "editorial-notes must be one of short, full, none, got 'long'; write e.g. editorial-notes = \"short\""),
    ('editorial-notes = "short"', "editorial-notes = true", "editorial-notes",
     "editorial-notes must be one of short, full, none, got a boolean"),
    ('source-language = "en"', 'source-language = "fr"', "source-language", "source-language 'fr' is not one of languages"),
    ('languages = ["en", "ru", "zh", "kk"]', 'languages = ["en", "ru", "ru"]', "languages = ", "names a language twice"),
    ('output = "dist"', 'output = "dist"\nbase-url = 5', "base-url",
     "base-url must be an absolute http(s) URL of the published output folder, got an integer"),
    ('output = "dist"', 'output = "dist"\nbase-url = "example.org/sco/"', "base-url",
     'base-url = "example.org/sco/" is not an absolute http(s) URL without query or fragment'),
    ('output = "dist"', 'output = "dist"\nbase-url = "https://example.org/sco/?lang=en"', "base-url",
     "is not an absolute http(s) URL without query or fragment"),
]


@pytest.mark.parametrize(("old", "new", "blamed", "message"), BAD_SETTINGS, ids=[case[3][:40] for case in BAD_SETTINGS])
def test_a_bad_setting_is_one_line_at_its_line(project: Path, old: str, new: str, blamed: str, message: str) -> None:
    pyproject = set_pyproject(project, old, new)
    line = assert_one_line(run_cli("lint", cwd=project), 2, f"{pyproject}:{line_of(pyproject, blamed)}: ")
    assert message in line


def test_every_command_reads_settings_through_the_schema(project: Path) -> None:
    pyproject = set_pyproject(project, 'output = "dist"', 'output = ["dist"]')
    for command in COMMANDS:
        line = assert_one_line(run_cli(*command, cwd=project), 2, f"{pyproject}:{line_of(pyproject, 'output = [')}: ")
        assert "output must be a string (a folder), got a list" in line, command


def test_a_pyproject_that_is_not_utf8_is_one_line_with_line_and_column(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_bytes(pyproject.read_bytes().replace(b'texts = "texts"', b'texts = "t\xe9xts"'))
    line = assert_one_line(run_cli("sync", cwd=project), 2, f"{pyproject}:{line_of_bytes(pyproject, b'texts = ')}:11: ")
    assert "not UTF-8 (byte 0xe9)" in line


def line_of_bytes(path: Path, text: bytes) -> int:
    return next(number for number, line in enumerate(path.read_bytes().splitlines(), 1) if text in line)


def test_a_pyproject_that_is_not_toml_is_one_line_with_line_and_column(project: Path) -> None:
    pyproject = set_pyproject(project, 'output = "dist"', 'output = "dist')
    line = assert_one_line(run_cli("stats", cwd=project), 2, f"{pyproject}:{line_of(pyproject, 'output = ')}:")
    assert "invalid TOML" in line


# ---------------------------------------------------------------- paths leaving the project

LEAVING = [
    ('locales = "locales"', 'locales = "../outside/locales"', "locales", "leaves the project"),
    ('locales = "locales"', 'locales = "/tmp/sco-publish-elsewhere/locales"', "locales", "leaves the project"),
    ('output = "dist"', 'output = ".."', "output", "leaves the project"),
    ('output = "dist"', 'output = "/"', "output", "leaves the project"),
    ('glossary = "texts/glossary.tbx"', 'glossary = "../glossary.tbx"', "glossary", "leaves the project"),
    ('output = "dist"', 'output = "."', "output", "overlaps the project folder"),
    ('output = "dist"', 'output = "texts"', "output", 'overlaps texts ("texts")'),
    ('output = "dist"', 'output = "locales/dist"', "output", 'overlaps locales ("locales")'),
    ('output = "dist"', 'output = "/"\nallow-paths-outside-project = true', "output", "overlaps the project folder"),
]


@pytest.mark.parametrize(("old", "new", "key", "message"), LEAVING, ids=[case[1].split("\n")[0] for case in LEAVING])
def test_a_path_leaving_the_project_is_refused(project: Path, old: str, new: str, key: str, message: str) -> None:
    """Checked with the settings, before any command runs: shown with lint, which writes
    nothing, so that a regression cannot make the test itself write into "/"."""
    pyproject = set_pyproject(project, old, new)
    line = assert_one_line(run_cli("lint", cwd=project), 2, f"{pyproject}:{line_of(pyproject, f'{key} = ')}: ")
    assert message in line


def test_a_symlink_pointing_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.move(project / "locales", outside)
    (project / "locales").symlink_to(outside, target_is_directory=True)
    pyproject = project / "pyproject.toml"
    line = assert_one_line(run_cli("lint", cwd=project), 2, f"{pyproject}:{line_of(pyproject, 'locales = ')}: ")
    assert "leaves the project" in line


def test_paths_outside_the_project_work_when_the_settings_allow_them(project: Path, tmp_path: Path) -> None:
    shutil.move(project / "locales", tmp_path / "outside")
    set_pyproject(project, 'locales = "locales"', 'locales = "../outside"\nallow-paths-outside-project = true')
    result = run_cli("lint", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert '"segments": ' in result.stdout and "outside/ru/LC_MESSAGES" not in result.stderr


# ---------------------------------------------------------------- operating-system errors

@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` made unwritable: by permission bits for a user, by the immutable
    attribute for root (whom permission bits do not stop)."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("running as root, and this file system has no immutable attribute (chattr +i) to make a folder read-only")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@contextmanager
def full_disk(folder: Path, free: int) -> Iterator[None]:
    """``folder`` on a tmpfs of its own with only ``free`` bytes left over its files."""
    if os.geteuid() != 0:
        pytest.skip("a full disk is simulated with a small tmpfs, which only root can mount")
    aside = folder.with_name(folder.name + ".aside")
    folder.rename(aside)
    folder.mkdir()
    pages = sum(-(-path.stat().st_size // 4096) for path in aside.rglob("*") if path.is_file())
    size = (pages + 4) * 4096 + free
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode:
        folder.rmdir()
        aside.rename(folder)
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        shutil.copytree(aside, folder, dirs_exist_ok=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()
        aside.rename(folder)


def change_a_segment(project: Path) -> None:
    """Edit a segment of a text, so that sync has its template and catalogs to rewrite."""
    text = project / "texts" / "tokayev-address.xml"
    content = text.read_text(encoding="utf-8")
    text.write_text(content.replace("Tianjin", "Tianjin city", 1), encoding="utf-8")


@pytest.mark.parametrize(("command", "code"), [("validate", 1), ("assign-ids", 2), ("sync", 2), ("stats", 2), ("lint", 2)])
def test_a_folder_where_a_text_should_be(project: Path, command: str, code: int) -> None:
    """Reading fails (EISDIR) for every command that reads the texts; validate counts it as a finding."""
    (project / "texts" / "zz.xml").mkdir()
    assert_one_line(run_cli(command, cwd=project), code, project / "texts" / "zz.xml")


@pytest.mark.parametrize("folder", ["locales", "locales/ru/LC_MESSAGES"])
def test_sync_into_a_read_only_folder(project: Path, folder: str) -> None:
    change_a_segment(project)
    with read_only(project / folder):
        line = assert_one_line(run_cli("sync", cwd=project), 2, project / folder)
    assert line.endswith("and run again")
    assert not list((project / folder).glob(".*.tmp"))


def test_assign_ids_into_a_read_only_folder(project: Path) -> None:
    text = project / "texts" / "tokayev-address.xml"
    without_id = text.read_text(encoding="utf-8").replace('<p xml:id="s4"', "<p", 1)
    text.write_text(without_id, encoding="utf-8")
    with read_only(project / "texts"):
        line = assert_one_line(run_cli("assign-ids", cwd=project), 2, text)
    assert line.endswith("and run again") and text.read_text(encoding="utf-8") == without_id


@pytest.fixture
def small_project(project: Path) -> Path:
    """The project with one text (seven editions), so that a build takes seconds."""
    for document in ("tianjin-declaration", "council-meeting-report"):
        (project / "texts" / f"{document}.xml").unlink()
        for catalog in project.glob(f"locales/**/{document}.po*"):
            catalog.unlink()
    return project


def test_build_into_a_read_only_output_folder(small_project: Path) -> None:
    (small_project / "dist").mkdir()
    with read_only(small_project / "dist"):
        assert_one_line(run_cli("build", "-q", "-j", "2", cwd=small_project), 2, small_project / "dist")


def test_sync_on_a_full_disk(project: Path) -> None:
    change_a_segment(project)
    folder = project / "locales" / "ru" / "LC_MESSAGES"
    with full_disk(folder, free=8192):
        line = assert_one_line(run_cli("sync", cwd=project), 2, folder)
        assert line.endswith("No space left on device; free some space and run again")
        assert not list(folder.glob(".*.tmp"))


@pytest.mark.slow  # a whole build into a nearly full tmpfs
def test_build_on_a_full_disk_fails_in_a_worker_and_says_so_in_one_line(small_project: Path) -> None:
    (small_project / "dist").mkdir()
    with full_disk(small_project / "dist", free=16384):
        line = assert_one_line(run_cli("build", "-q", "-j", "2", cwd=small_project), 2, small_project / "dist")
    assert line.endswith("No space left on device; free some space and run again")


def test_output_to_a_full_device_is_one_line(project: Path) -> None:
    with open("/dev/full", "w") as full:
        completed = subprocess.run([sys.executable, "-m", "sco_publish", "lint", "--format", "json"], cwd=project,
                                   stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert_one_line(Result(completed.returncode, "", completed.stderr), 2, "sco-publish lint: No space left on device")


# ---------------------------------------------------------------- errors in workers and libraries

@pytest.mark.slow  # lint of a catalog over 1 MB, twice
def test_an_error_in_a_lint_worker_crosses_back_as_one_line(project: Path) -> None:
    """A catalog large enough to be cut between two worker processes, with a byte that is
    not UTF-8 in the second part: the worker's error is the same line as with -j 1."""
    entries = [f'msgctxt "s{n}"\nmsgid "Paragraph {n} of the declaration"\nmsgstr "Абзац {n} декларации"\n'
               for n in range(30_000)]
    header = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    data = "\n".join([header, *entries]).encode()
    cut = data.index(b'msgctxt "s25000"')
    catalog = project / "large.po"
    catalog.write_bytes(data[:cut] + b"# \xff\n" + data[cut:])
    assert catalog.stat().st_size > 1_000_000  # the lint shares out inputs above 1 MB
    line = data[:cut].count(b"\n") + 1
    parallel = assert_one_line(run_cli("lint", "-j", "2", "large.po", cwd=project), 2, f"large.po:{line}:")
    assert run_cli("lint", "-j", "1", "large.po", cwd=project).stderr.strip() == parallel


def run_with_recursion_limit(project: Path, limit: int, env: dict[str, str]) -> Result:
    code = f"import sys; sys.argv = ['sco-publish', 'lint']; from sco_publish.cli import run; sys.setrecursionlimit({limit}); run()"
    completed = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, env=env, timeout=120)
    return Result(completed.returncode, completed.stdout, completed.stderr)


def test_an_exception_from_a_library_is_one_line_with_its_own_exit_code(project: Path) -> None:
    """A real RecursionError (the interpreter's, raised in whatever code runs deepest, as
    WeasyPrint raises it on lists nested 100 deep), not a traceback."""
    env = {key: value for key, value in os.environ.items() if key != "SCO_PUBLISH_DEBUG"}
    line = assert_one_line(run_with_recursion_limit(project, 60, env), 3, "sco-publish lint: internal error: RecursionError: ")
    assert "please report it at https://" in line and "SCO_PUBLISH_DEBUG=1" in line
    debug = run_with_recursion_limit(project, 60, {**env, "SCO_PUBLISH_DEBUG": "1"})
    assert "Traceback" in debug.stderr and "RecursionError" in debug.stderr


def test_the_exit_codes_are_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    help_text = run_cli("--help", cwd=REPO).stdout
    for text in (readme, help_text):
        assert "SCO_PUBLISH_DEBUG=1" in text
        assert "3" in text.split("internal error")[0][-60:]


def test_an_exception_that_does_not_pickle_crosses_back_with_its_type_and_message() -> None:
    """lxml's XMLSyntaxError holds a C error log and cannot be pickled: raised in a worker
    of a real process pool, it would surface as the pool's pickling error."""
    from concurrent.futures import ProcessPoolExecutor

    from lxml import etree

    from sco_publish.errors import describe_internal_error, run_portably

    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(run_portably, etree.fromstring, b"<segment>")
        with pytest.raises(Exception) as raised:
            future.result()
    line = describe_internal_error(raised.value, "build")
    assert line.startswith("sco-publish build: internal error: XMLSyntaxError: Premature end of data"), line
