"""Faults and hostile input for `sco-publish build`, run through the real CLI.

Each test starts from one small project built once (the Tokayev address in English and
Chinese), breaks something, builds, and asserts what the README promises: exit 2 with one
stderr line naming the file and no traceback, and dist/ either exactly as it was (every
file hashed before and after) or wholly replaced; no temporaries and no workers left.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Result, run_cli
from test_editions import EPOCH, copy_project

from sco_publish.editions.labels import Labels
from sco_publish.editions.render import link_url

DOCUMENT = "tokayev-address"
TEXT = Path("texts") / f"{DOCUMENT}.xml"
ZH_CATALOG = Path("locales") / "zh" / "LC_MESSAGES" / f"{DOCUMENT}.po"
CSS = Path("templates") / "edition.css.j2"
STAGING = ".sco-publish-staging-"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """The address built once as a release in English and Chinese, with its fonts cached."""
    project = copy_project(tmp_path_factory.mktemp("faults") / "project", (DOCUMENT,))
    set_languages(project, "en", "zh")
    result = run_cli("build", "-q", cwd=project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(built_once, tmp_path) -> Path:
    """A copy of the built project, with dist/ and the font cache, to break."""
    return Path(shutil.copytree(built_once, tmp_path / "project", symlinks=True))


def set_languages(project: Path, *languages: str) -> None:
    settings = project / "pyproject.toml"
    listed = ", ".join(f'"{lang}"' for lang in languages)
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^languages = .*$", f"languages = [{listed}]", text), encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; returns the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def entry_line(catalog: Path, segment: str) -> int:
    """The first line of a segment's entry (its comments), where errors about it point."""
    text = catalog.read_text(encoding="utf-8")
    before = text[: text.index(f'msgctxt "{segment}"')]
    start = before.rstrip("\n").rfind("\n\n") + 2  # after the empty line that ends the entry before
    return text[:start].count("\n") + 1


def snapshot(dist: Path) -> dict[str, str]:
    return {str(p.relative_to(dist)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dist.rglob("*")) if p.is_file()}


def build(project: Path, *args: str) -> Result:
    return run_cli("build", "-q", *args, cwd=project, env=EPOCH, timeout=120)


def assert_one_line_error(result: Result, *expected: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for part in expected:
        assert part in lines[0], lines[0]


def assert_nothing_left(dist: Path) -> None:
    leftovers = [p.name for p in dist.rglob("*") if p.name.startswith(STAGING) or p.name.endswith(".tmp")]
    assert leftovers == []


def change_template(project: Path, marker: str) -> None:
    """A change every edition shows (the stylesheet is inlined), so every edition is built again."""
    path = project / CSS
    path.write_text(path.read_text(encoding="utf-8") + f"\n/* {marker} */\n", encoding="utf-8")


# --- hostile input: refused before anything is written -------------------------------------

@pytest.mark.parametrize(("number", "problem"), [
    ("4000", "section number 4000 cannot be written as a Roman numeral (1–3999)"),
    ("99999999999", "99999999999"),  # once wrote ~10^10 X's; the text's own check may say it first
])
def test_a_section_number_no_numbering_can_write_is_refused_by_validate_and_build(project, number, problem):
    dist = snapshot(project / "dist")
    line = replace_in(project / TEXT, "<mainBody>", f"<mainBody>\n<section><num>{number}</num>") + 1
    replace_in(project / TEXT, "</mainBody>", "</section></mainBody>")
    validate = run_cli("validate", cwd=project, timeout=60)
    assert validate.returncode == 1 and "Traceback" not in validate.stderr
    assert re.search(rf"{re.escape(str(TEXT))}:{line}:.*{re.escape(problem)}", validate.stderr), validate.stderr
    assert_one_line_error(build(project), f"{TEXT}:{line}:", problem)
    assert snapshot(project / "dist") == dist


def test_numbering_styles_write_what_they_can_and_name_what_they_cannot():
    roman, chinese = Labels("en", {"numbering": "roman"}), Labels("zh", {"numbering": "chinese"})
    assert [roman.part_number(n) for n in (4, 40, 1994, 3999)] == ["IV", "XL", "MCMXCIV", "MMMCMXCIX"]
    assert [chinese.part_number(n) for n in (1, 10, 21, 99)] == ["一、", "十、", "二十一、", "九十九、"]
    assert roman.unwritable_number(3999) is None and chinese.unwritable_number(99) is None
    assert roman.unwritable_number(4000) == "section number 4000 cannot be written as a Roman numeral (1–3999)"
    assert chinese.unwritable_number(100) == "section number 100 cannot be written as a Chinese numeral (1–99)"
    assert Labels("ru", {"numbering": "arabic"}).unwritable_number(99999999999) is None


@pytest.mark.parametrize(("url", "linked"), [
    ("https://www.gov.kz/x", True), ("HTTP://example.org", True), ("mailto:press@sectsco.org", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,<script>", False), ("file:///etc/passwd", False),
    ("//evil.example/x", False),
])
def test_only_web_and_mail_urls_become_links(url, linked):
    assert link_url(url) is linked


def test_lists_nested_a_hundred_deep_are_refused_before_rendering(project):
    dist = snapshot(project / "dist")
    nested = "".join(f'<list><item xml:id="s{900 + i}">level {i + 1}</item>' for i in range(100)) + "</list>" * 100
    line = replace_in(project / TEXT, '<p xml:id="s26">', nested + '\n<p xml:id="s26">')
    replace_in(project / TEXT, 'nextId="s54"', 'nextId="s1000"')
    validate = run_cli("validate", cwd=project)
    assert validate.returncode == 1 and f"{TEXT}:{line}: list nested 100 levels deep" in validate.stderr
    assert_one_line_error(build(project, "--draft"), f"{TEXT}:{line}: list nested 100 levels deep")
    assert snapshot(project / "dist") == dist


@pytest.mark.parametrize(("msgstr", "draft", "problem"), [
    (r'msgstr "\001他还提醒与会者。"', False, "U+0001"),
    (r'msgstr "\001他还提醒与会者。"', True, "U+0001"),
    (r'msgstr " \t"', False, "white space"),
])
def test_a_translation_that_cannot_be_printed_is_refused_before_anything_is_written(project, msgstr, draft, problem):
    dist = snapshot(project / "dist")
    catalog = project / ZH_CATALOG
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(re.sub(r'msgstr "他还提醒[^\n]*"', lambda _: msgstr, text, count=1), encoding="utf-8")
    assert catalog.read_text(encoding="utf-8") != text
    line = entry_line(catalog, "s22")
    options = ("--draft",) if draft else ()
    assert_one_line_error(build(project, *options), f"{ZH_CATALOG}:{line}:", "s22", problem)
    assert snapshot(project / "dist") == dist


def test_plural_forms_on_a_segment_entry_are_refused_not_printed_empty(project):
    dist = snapshot(project / "dist")
    catalog = project / ZH_CATALOG
    text = catalog.read_text(encoding="utf-8")
    entry = re.search(r'msgctxt "s22"\n(msgid ""\n(?:".*"\n)+)msgstr "(.*)"\n', text)
    catalog.write_text(text.replace(
        entry.group(0),
        f'msgctxt "s22"\n{entry.group(1)}msgid_plural "the anniversaries"\n'
        f'msgstr[0] "{entry.group(2)}"\n', 1), encoding="utf-8")
    line = entry_line(catalog, "s22")
    assert_one_line_error(build(project), f"{ZH_CATALOG}:{line}:", "s22", "plural")
    assert snapshot(project / "dist") == dist


@pytest.mark.parametrize("reference", ['@import url("file:///etc/passwd");', 'body { background: url("../pyproject.toml"); }'])
def test_a_template_fetching_outside_templates_is_one_line_naming_it(project, reference):
    set_languages(project, "en")
    dist = snapshot(project / "dist")
    path = project / CSS
    path.write_text(reference + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    url = "file:///etc/passwd" if "passwd" in reference else (project / "pyproject.toml").as_uri()
    assert_one_line_error(build(project), f"{path}: asks for {url}")
    assert snapshot(project / "dist") == dist
    assert_nothing_left(project / "dist")


def test_a_javascript_source_url_is_shown_as_text_not_linked(project):
    set_languages(project, "en")
    english = project / "dist" / DOCUMENT / "en.html"
    assert '<a href="https://www.gov.kz/' in english.read_text(encoding="utf-8")
    text = (project / TEXT).read_text(encoding="utf-8")
    (project / TEXT).write_text(re.sub(r'<source url="[^"]*"', '<source url="javascript:alert(document.domain)"', text),
                                encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    html = english.read_text(encoding="utf-8")
    assert re.search(r'<span lang="en"[^>]*>javascript:alert\(document.domain\)</span>', html)
    assert not re.search(r"href=\"\s*javascript", html, re.IGNORECASE)


# --- broken state in dist/ and the cache -----------------------------------------------------

def test_a_corrupt_manifest_means_rebuild_with_a_note(project):
    set_languages(project, "en")
    manifest = project / "dist" / ".sco-publish-manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:40])
    result = build(project)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"warning: {project / 'dist' / '.sco-publish-manifest.json'}: not a manifest sco-publish wrote; "
        "every edition is built again"]
    assert "1 editions built" in result.stdout
    assert "0 editions built, 1 up to date" in build(project).stdout


@pytest.mark.slow  # the Chinese subsets made again
def test_a_truncated_font_cache_is_made_again_and_chinese_stays_in_its_face(project):
    for font in (project / ".cache" / "fonts").glob("NotoSerifCJKSC-regular-*.otf"):
        font.write_bytes(font.read_bytes()[:100])
    (project / "dist" / DOCUMENT / "zh.pdf").unlink()
    result = build(project)
    assert result.returncode == 0, result.stderr
    fonts = subprocess.run(["pdffonts", project / "dist" / DOCUMENT / "zh.pdf"],
                           capture_output=True, text=True, check=True).stdout
    names = [line.split()[0].lower() for line in fonts.splitlines()[2:]]
    assert any("serif-cjk-sc" in name for name in names), fonts
    assert not any("jp" in name for name in names), fonts


def test_a_build_while_another_holds_the_output_folder_is_refused(project):
    change_template(project, "round 2")
    before = snapshot(project / "dist")
    with open(project / "dist" / ".sco-publish.lock") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running build does
        assert_one_line_error(build(project), f"{project / 'dist'}: another sco-publish build is writing this folder")
    assert snapshot(project / "dist") == before


# --- the operating system says no ----------------------------------------------------------

def _root_only() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: mounting a small tmpfs and chattr +i (root ignores permission bits)")


def test_a_full_disk_leaves_dist_as_it_was(project):
    _root_only()
    set_languages(project, "en")
    change_template(project, "round 2")
    dist = project / "dist"
    saved = project / "saved-dist"
    shutil.move(dist, saved)
    dist.mkdir()
    used = sum(p.stat().st_size for p in saved.rglob("*") if p.is_file())
    # room for today's files and about half of a new English HTML, never for its PDF
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={used + 64 * 1024}", "tmpfs", dist]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        shutil.copytree(saved, dist, dirs_exist_ok=True)
        before = snapshot(dist)
        result = build(project)
        assert_one_line_error(result, str(dist), "No space left on device", "nothing in")
        assert snapshot(dist) == before
        assert_nothing_left(dist)
    finally:
        subprocess.run(["umount", dist], check=True)


@pytest.mark.parametrize("immutable", ["dist", f"dist/{DOCUMENT}/en.pdf"])
def test_a_read_only_output_leaves_dist_as_it_was(project, immutable):
    """The whole folder (nothing can be staged), or the second file to be replaced (the first
    is put back)."""
    _root_only()
    set_languages(project, "en")
    change_template(project, "round 2")
    before = snapshot(project / "dist")
    target = project / immutable
    if subprocess.run(["chattr", "+i", target], capture_output=True).returncode:
        pytest.skip("chattr +i is not supported on this file system")
    try:
        result = build(project)
    finally:
        subprocess.run(["chattr", "-i", target], check=True)
    assert_one_line_error(result, "Operation not permitted", "nothing in")
    assert snapshot(project / "dist") == before
    assert_nothing_left(project / "dist")


# --- kill -9 -------------------------------------------------------------------------------

def session_processes(session: int) -> list[int]:
    """Live processes of a session (zombies waiting for init to reap them do not count)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == session:
            found.append(int(stat.parent.name))
    return found


def start_build(project: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sco_publish", "build", "-q", "-j", "2"], cwd=project, env=EPOCH,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def assert_session_ends(session: int) -> None:
    deadline = time.monotonic() + 5
    while session_processes(session) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = session_processes(session)
    for pid in survivors:  # do not leave them running when the assertion fails
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert survivors == [], "build workers outlived the killed build"


def workers_of(build: int) -> list[int]:
    """The build's worker processes: forks of it, so with its command line (fc-list is not one)."""
    def command(pid: int) -> bytes:
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return b""
    return [pid for pid in session_processes(build) if pid != build and command(pid) == command(build)]


def test_workers_die_with_a_killed_build(project):
    change_template(project, "round 2")
    process = start_build(project)
    while len(workers_of(process.pid)) < 2 and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before its workers were seen"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert_session_ends(process.pid)


def test_a_worker_killed_under_the_build_is_one_line_and_dist_stays(project):
    """What the kernel's out-of-memory killer does to a worker."""
    change_template(project, "round 2")
    before = snapshot(project / "dist")
    process = subprocess.Popen([sys.executable, "-m", "sco_publish", "build", "-q", "-j", "2"], cwd=project, env=EPOCH,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    workers = []
    while not workers and process.poll() is None:
        # a fork about to exec fc-list has the build's command line for a moment: a worker keeps it
        seen = workers_of(process.pid)
        time.sleep(0.2)
        workers = [pid for pid in workers_of(process.pid) if pid in seen]
    assert workers, "the build ended before its workers were seen"
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert_one_line_error(Result(process.returncode, "", stderr), "a build worker was killed", "nothing in")
    assert snapshot(project / "dist") == before
    assert_nothing_left(project / "dist")


def assert_every_file_whole(dist: Path) -> None:
    """Whatever a killed build replaced is a complete file (poppler reads each PDF to its end)."""
    for path in dist.rglob("*.pdf"):
        subprocess.run(["pdfinfo", path], capture_output=True, check=True)
    for path in dist.rglob("*.html"):
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path
    json.loads((dist / ".sco-publish-manifest.json").read_text(encoding="utf-8"))


@pytest.mark.slow  # builds killed again and again
def test_kill_9_at_random_moments_then_a_rerun_completes_the_build(project):
    dist = project / "dist"
    moments = random.Random(11)
    for round_ in range(3):
        change_template(project, f"round {round_}")
        process = start_build(project)
        time.sleep(moments.uniform(0.3, 2.5))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert_session_ends(process.pid)
        assert_every_file_whole(dist)
    # what a build killed while caching a font subset leaves (this cache is warm, so none of these was)
    unfinished = project / ".cache" / "fonts" / ".NotoSerif-regular-0123abcd.otf.k2x9_q7a.tmp"
    unfinished.write_bytes(b"\0\1\0\0")
    result = build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    assert_nothing_left(dist)
    assert not unfinished.exists()
    for path in dist.glob(f"{DOCUMENT}/*.html"):
        assert "/* round 2 */" in path.read_text(encoding="utf-8"), path
    assert_every_file_whole(dist)
    assert "0 editions built, 3 up to date" in build(project).stdout
