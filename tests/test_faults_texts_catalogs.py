"""Faults and hostile input in texts and catalogs: sync, assign-ids, validate, stats and lint.

Each case runs the real command and checks what the README promises: the exit code, one
stderr line naming the file, no traceback, and every file under locales/ and texts/
either unchanged or fully replaced.
"""

from __future__ import annotations

import codecs
import functools
import gc
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
from conftest import copy_repository_project, copy_synced_project, run_cli

from sco_publish import cli as sco_cli
from sco_publish.catalogs import sync as sync_module

TEXT = "tokayev-address"
STEADY = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}  # the template's date does not depend on the clock


def catalog(project: Path, lang: str = "ru") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{TEXT}.po"


def text(project: Path) -> Path:
    return project / "texts" / f"{TEXT}.xml"


def files(project: Path) -> dict[str, str]:
    """Every file under locales/ and texts/ (temporary files too) and a digest of its bytes."""
    return {
        path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in ("locales", "texts") for path in sorted((project / folder).rglob("*")) if path.is_file()
    }


def temporaries(project: Path) -> list[Path]:
    return list(project.rglob(".*.tmp"))


def edit_segment(project: Path, segment_id: str = "s6", new: str = "He stressed that the SCO is widely recognized.") -> None:
    path = text(project)
    data, count = re.subn(rf'(xml:id="{segment_id}">)[^<]*', lambda m: m.group(1) + new, path.read_text(encoding="utf-8"))
    assert count == 1
    path.write_text(data, encoding="utf-8")


def refused(result, name: str, code: int = 2) -> str:
    """The one stderr line of a refusal that names ``name``."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0], lines[0]
    assert "\x1b" not in result.stdout + result.stderr
    return lines[0]


def msgfmt_accepts(path: Path) -> bool:
    return _msgfmt_accepts(path.read_bytes())


@functools.cache  # the same bytes come back again and again in the kill test
def _msgfmt_accepts(data: bytes) -> bool:
    return subprocess.run(["msgfmt", "-c", "-o", os.devnull, "-"], input=data, capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def synced_once(tmp_path_factory) -> Path:
    project = copy_repository_project(tmp_path_factory.mktemp("synced") / "project")
    assert run_cli("sync", cwd=project, env=STEADY).returncode == 0
    return project


@pytest.fixture
def synced(synced_once: Path, tmp_path: Path) -> Path:
    """The project after one sync (made once, copied for each test), so that only what a test changes is written."""
    return copy_synced_project(synced_once, tmp_path / "project")


# ---------------------------------------------------------------- an edit saved while sync runs

@pytest.mark.parametrize("save", ["rename", "in place"])
def test_a_catalog_saved_while_sync_runs_is_refused_and_kept(synced, cli, monkeypatch, capsys, save):
    """The editor saves after sync read the catalogs and before it writes (here: while it
    plans the ru catalog); sync must notice, write nothing and keep the editor's bytes."""
    project = synced
    edit_segment(project)  # so that sync has the template and every catalog to rewrite
    path = catalog(project)
    before = files(project)
    # In place, the editor keeps the inode and the size: only the modification time tells.
    translation = {"rename": "Тяньцзинь!", "in place": "Тяньцзиню"}[save]
    saved = path.read_bytes().replace('msgstr "Тяньцзинь"'.encode(), f'msgstr "{translation}"'.encode(), 1)
    assert saved != path.read_bytes()
    plan = sync_module._plan_catalog

    def plan_while_an_editor_saves(settings, document, lang, glossary, found, *rest):
        if found.path == path and path.read_bytes() != saved:
            if save == "rename":
                path.with_name("editor-save.tmp").write_bytes(saved)
                os.replace(path.with_name("editor-save.tmp"), path)
            else:
                with path.open("r+b") as handle:
                    handle.write(saved)
        return plan(settings, document, lang, glossary, found, *rest)

    monkeypatch.setattr(sync_module, "_plan_catalog", plan_while_an_editor_saves)
    try:
        code = sco_cli.main(["--project", str(project), "sync"])
    finally:
        gc.enable()  # the sync command turns the collector off for its process
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err
    assert err.splitlines() == [f"{path}: changed while sync ran; run sync again"]
    assert path.read_bytes() == saved
    assert files(project) == {**before, "locales/ru/LC_MESSAGES/tokayev-address.po": hashlib.sha256(saved).hexdigest()}
    monkeypatch.undo()
    result = cli("sync", cwd=project, env=STEADY)
    assert result.returncode == 0, result.stderr
    assert saved.split(b"\n\n")[2] in path.read_bytes()  # the editor's translation of s2 survived
    assert not temporaries(project)


def test_two_syncs_at_once_both_finish_with_the_files_of_one(synced, cli, tmp_path):
    project = synced
    edit_segment(project)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    assert cli("sync", cwd=reference, env=STEADY).returncode == 0
    runs = [subprocess.Popen([sys.executable, "-m", "sco_publish", "sync"], cwd=project, env=STEADY,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    assert outcomes == [(0, ""), (0, "")]
    assert files(project) == files(reference)
    assert not temporaries(project)


# ---------------------------------------------------------------- transactions

def test_a_read_only_catalog_folder_leaves_every_file_as_it_was(synced, cli):
    project = synced
    edit_segment(project)
    before = files(project)
    folder = catalog(project).parent
    if os.geteuid() == 0:  # root ignores permission bits; the immutable attribute binds root too
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("running as root on a file system without chattr +i: cannot make a folder read-only")
        unlock = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        unlock = ["chmod", "755", str(folder)]
    try:
        result = cli("sync", cwd=project, env=STEADY)
    finally:
        subprocess.run(unlock, check=True)
    line = refused(result, "locales/ru/LC_MESSAGES/tokayev-address.po")
    assert "cannot write" in line
    assert files(project) == before  # the template and the zh and kk catalogs were not replaced either


def test_disk_full_leaves_every_file_as_it_was(synced, cli, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    project = synced
    edit_segment(project)
    folder = catalog(project).parent
    kept = tmp_path / "kept"
    shutil.copytree(folder, kept)
    # Room for the files there (in 4 KB pages), not for a new copy of one.
    size_kb = sum(-(-path.stat().st_size // 4096) * 4 for path in kept.iterdir()) + 8
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        for path in kept.iterdir():
            shutil.copy2(path, folder / path.name)
        before = files(project)
        result = cli("sync", cwd=project, env=STEADY)
        after = files(project)
    finally:
        subprocess.run(["umount", str(folder)], check=True)
    line = refused(result, "locales/ru/LC_MESSAGES/tokayev-address.po")
    assert "No space left on device" in line
    assert after == before


def catalog_files(project: Path) -> dict[str, str]:
    return {name: digest for name, digest in files(project).items()
            if name.startswith("locales/") and not Path(name).name.startswith(".")}


@pytest.mark.slow  # sync killed again and again
def test_kill_9_at_random_moments_of_sync_leaves_old_or_new_files_and_the_rerun_cleans_up(synced, cli):
    """Sync alternates a segment between two texts; each run is killed at a random moment
    (every other one soon after its first temporary file appears). Every catalog is then the
    old or the new complete file, and a rerun leaves the new files and no temporary file."""
    project = synced
    first = text(project).read_bytes()
    edit_segment(project)
    versions = []  # (text, the catalogs sync makes from it), made by this sync from the other version
    for data in (text(project).read_bytes(), first):
        text(project).write_bytes(data)
        started = time.monotonic()
        assert cli("sync", cwd=project, env=STEADY).returncode == 0
        duration = time.monotonic() - started
        versions.append((data, catalog_files(project)))
    assert versions[0][1] != versions[1][1]
    moments = random.Random(20261130)
    current = 1
    left_behind = 0
    for attempt in range(6):
        goal = 1 - current
        text(project).write_bytes(versions[goal][0])
        run = subprocess.Popen([sys.executable, "-m", "sco_publish", "sync"], cwd=project, env=STEADY,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt % 2:
            time.sleep(moments.uniform(0, duration))
        else:
            while run.poll() is None and not temporaries(project):
                time.sleep(0.0005)  # a temporary file lives for milliseconds (it is flushed to disk)
            time.sleep(moments.uniform(0, 0.003))
        run.send_signal(signal.SIGKILL)
        run.wait()
        left_behind += bool(temporaries(project))
        for name, digest in catalog_files(project).items():
            assert digest in (versions[current][1][name], versions[goal][1][name]), (attempt, name)
            assert msgfmt_accepts(project / name), (attempt, name)
        assert cli("sync", cwd=project, env=STEADY).returncode == 0
        assert catalog_files(project) == versions[goal][1]
        assert not temporaries(project)
        current = goal
    print(f"{left_behind} of 6 kills left temporary files behind")


def test_temporary_files_of_a_killed_run_are_removed_and_those_of_a_running_one_kept(synced, cli):
    project = synced
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = catalog(project).with_name(f".{TEXT}.po.sco-publish-{gone.pid}.tmp")
        stale_backup = project / "locales" / f".{TEXT}.pot.sco-publish-{gone.pid}.old.tmp"
        live = catalog(project, "zh").with_name(f".{TEXT}.po.sco-publish-{running.pid}.tmp")
        unrelated = catalog(project).with_name(".notes.tmp")
        for path in (stale, stale_backup, live, unrelated):
            path.write_bytes(b"half a catalog")
        assert cli("sync", cwd=project, env=STEADY).returncode == 0
        assert not stale.exists() and not stale_backup.exists()
        assert live.exists() and unrelated.exists()
    finally:
        running.kill()
        running.wait()


def test_a_symlinked_catalog_is_written_through(synced, cli, tmp_path):
    project = synced
    elsewhere = tmp_path / "elsewhere" / f"{TEXT}.po"
    elsewhere.parent.mkdir()
    shutil.move(catalog(project), elsewhere)
    catalog(project).symlink_to(elsewhere)
    edit_segment(project)
    result = cli("sync", cwd=project, env=STEADY)
    assert result.returncode == 0, result.stderr
    assert catalog(project).is_symlink() and catalog(project).resolve() == elsewhere
    assert "He stressed that the SCO is widely recognized." in elsewhere.read_text(encoding="utf-8")
    assert msgfmt_accepts(elsewhere)
    assert not temporaries(project) and not list(elsewhere.parent.glob(".*.tmp"))


# ---------------------------------------------------------------- hostile and unusual texts

DOCTYPE = '<!DOCTYPE document [<!ENTITY e "injected">]>\n'


def with_doctype(project: Path, doctype: str = DOCTYPE) -> str:
    """The text with a DOCTYPE after its declaration and the entity in a paragraph."""
    data = text(project).read_text(encoding="utf-8")
    data = data.replace("?>\n", "?>\n" + doctype, 1).replace("In his address,", "In his &e; address,", 1)
    assert "&e;" in data
    return data


@pytest.mark.parametrize("encode", [
    pytest.param(lambda data: codecs.BOM_UTF8 + data.encode("utf-8"), id="UTF-8 with BOM"),
    pytest.param(lambda data: data.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), id="UTF-16"),
    pytest.param(lambda data: data.replace('encoding="UTF-8"', 'encoding="UTF-16BE"').encode("utf-16-be"), id="UTF-16BE without BOM"),
])
@pytest.mark.parametrize("command, code", [("validate", 1), ("sync", 2)])
def test_a_doctype_is_refused_whatever_the_encoding(project, cli, encode, command, code):
    text(project).write_bytes(encode(with_doctype(project)))
    before = files(project)
    line = refused(cli(command, cwd=project, env=STEADY), f"texts/{TEXT}.xml:2:1:", code)
    assert "DOCTYPE" in line
    assert files(project) == before


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_an_external_dtd_in_utf16_is_never_opened(project, tmp_path):
    """libxml2 opens an external DTD or parameter entity even with load_dtd=False: the guard must stop it first."""
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY x "secret">', encoding="utf-8")
    doctype = f'<!DOCTYPE document [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>\n'
    text(project).write_bytes(with_doctype(project, doctype).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    trace = tmp_path / "trace"
    result = subprocess.run(["strace", "-f", "-e", "trace=open,openat", "-o", str(trace),
                             sys.executable, "-m", "sco_publish", "validate"], cwd=project, capture_output=True, text=True)
    if not trace.exists():
        pytest.skip(f"strace cannot trace here: {result.stderr.strip()[:200]}")
    assert str(secret) not in trace.read_text()
    refused(result, f"texts/{TEXT}.xml:2:1:", 1)


def _lint_findings(cli, project: Path) -> tuple[dict, list[tuple]]:
    result = cli("lint", "--format", "json", f"texts/{TEXT}.xml", cwd=project, env=STEADY)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    return report["summary"], [(f["rule"], f["line"], f["context"], f["found"], f.get("waiver"))
                               for f in report["findings"] + report["waived"]]


def _to_utf16(project: Path) -> None:
    data = text(project).read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    text(project).write_bytes(data.encode("utf-16"))


def test_a_utf16_text_is_read_validated_synced_and_linted(synced, cli):
    """The same text in UTF-16 is the same text: it validates, sync leaves the catalogs made
    from it in UTF-8 as they are, and the lint finds the same things on the same lines."""
    project = synced
    catalogs = {path: path.read_bytes() for path in sorted((project / "locales").rglob("*.po*"))}
    linted = _lint_findings(cli, project)
    assert linted[0]["segments"] > 0 and linted[1]
    _to_utf16(project)
    validated = cli("validate", cwd=project, env=STEADY)
    assert validated.returncode == 0 and validated.stderr == "", validated.stderr
    result = cli("sync", cwd=project, env=STEADY)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert {path: path.read_bytes() for path in catalogs} == catalogs
    assert _lint_findings(cli, project) == linted


def test_lint_columns_in_a_utf16_text_are_those_of_the_utf8_text(project, cli):
    def columns() -> list[tuple[int, int]]:
        result = cli("lint", "--format", "json", f"texts/{TEXT}.xml", cwd=project, env=STEADY)
        report = json.loads(result.stdout)
        return [(f["line"], f["column"]) for f in report["findings"] + report["waived"]]

    in_utf8 = columns()
    assert any(column > 1 for _, column in in_utf8)
    _to_utf16(project)
    assert columns() == in_utf8


@pytest.mark.parametrize("damage, expected", [
    pytest.param(lambda data: data.replace(b"In his address", b"In his\x00 address", 1),
                 "Char 0x0 out of allowed range", id="NUL byte"),
    pytest.param(lambda data: data.replace(b"seed=", b'x="' + b"a" * 20_000_000 + b'" seed=', 1),
                 "longer than 10,000,000 bytes", id="20 MB attribute"),
    pytest.param(lambda data: data.replace(b"</title>", b"</titel>", 1), "Opening and ending tag mismatch", id="malformed"),
])
def test_malformed_xml_is_one_line_without_the_position_twice(project, cli, damage, expected):
    text(project).write_bytes(damage(text(project).read_bytes()))
    for command, code in (("validate", 1), ("sync", 2)):
        line = refused(cli(command, cwd=project, env=STEADY), f"texts/{TEXT}.xml:", code)
        assert expected in line and ", line" not in line and ", column" not in line


@pytest.mark.parametrize("date", ["2025-09-01Z", "2025-09-01+06:00"])
def test_a_date_with_a_time_zone_is_the_day_it_names(synced, cli, date):
    project = synced
    path = text(project)
    path.write_text(path.read_text(encoding="utf-8").replace(">2025-09-01<", f">{date}<", 1), encoding="utf-8")
    for command in ("validate", "sync"):
        result = cli(command, cwd=project, env=STEADY)
        assert result.returncode == 0, result.stderr
    assert f"{TEXT} 2025-09-01" in catalog(project).read_text(encoding="utf-8")  # Project-Id-Version


@pytest.mark.parametrize("old, new, expected", [
    (">2025-09-01<", ">-0044-03-15<", "outside the years 1 to 9999"),
    (">2025-09-01<", ">12025-09-01<", "outside the years 1 to 9999"),
    (">2025-09-01<", ">" + "2" * 5001 + "-09-01<", "schema: Type date doesn't allow value '2222"),
])
def test_a_date_editions_cannot_print_is_refused(project, cli, old, new, expected):
    path = text(project)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    before = files(project)
    for command, code in (("validate", 1), ("sync", 2)):
        line = refused(cli(command, cwd=project, env=STEADY), f"texts/{TEXT}.xml:6:1:", code)
        assert expected in line and len(line) < 300
    assert files(project) == before


def test_a_section_number_of_5001_digits_is_refused(project, cli):
    path = project / "texts" / "tianjin-declaration.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("<num>2</num>", f"<num>{'7' * 5001}</num>", 1), encoding="utf-8")
    before = files(project)
    for command, code in (("validate", 1), ("sync", 2)):
        line = refused(cli(command, cwd=project, env=STEADY), "texts/tianjin-declaration.xml:", code)
        assert "section number" in line and "5001 characters" in line and len(line) < 300
    assert files(project) == before


def test_sections_numbered_with_gaps_are_synced(synced, cli):
    project = synced
    path = project / "texts" / "tianjin-declaration.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("<num>2</num>", "<num>9</num>", 1), encoding="utf-8")
    result = cli("sync", cwd=project, env=STEADY)
    assert result.returncode == 0, result.stderr
    assert "\n#. Part 9\n" in catalog(project).with_name("tianjin-declaration.po").read_text(encoding="utf-8")


# ---------------------------------------------------------------- a deleted segment's ID

def test_a_deleted_segments_id_is_never_given_again(synced, cli):
    """s53 is deleted and nextId set back to it: validate refuses, and assign-ids gives the
    new paragraph s54, so that sync does not hand it s53's translation."""
    project = synced
    path = text(project)
    data = path.read_text(encoding="utf-8")
    deleted = re.search(r'\n\s*<item xml:id="s53">[^<]*</item>', data)
    path.write_text(data.replace(deleted.group(), "").replace('nextId="s54"', 'nextId="s53"'), encoding="utf-8")
    line = refused(cli("validate", cwd=project), f"texts/{TEXT}.xml:2:1:", 1)
    assert "s53" in line and "set it to s54" in line
    assert cli("sync", cwd=project, env=STEADY).returncode == 0  # s53's translation goes obsolete
    assert 'msgctxt "s53"' not in re.sub(r"#~ msgctxt", "", catalog(project).read_text(encoding="utf-8"))
    line = refused(cli("validate", cwd=project), f"texts/{TEXT}.xml:2:1:", 1)
    assert "s53" in line and "locales/" in line
    data = path.read_text(encoding="utf-8").replace(
        "<p xml:id=\"s6\">", "<p>A paragraph added after the deletion.</p>\n    <p xml:id=\"s6\">", 1)
    path.write_text(data, encoding="utf-8")
    result = cli("assign-ids", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "assigned s54" in result.stdout
    assert 'nextId="s55"' in path.read_text(encoding="utf-8")
    assert cli("validate", cwd=project).returncode == 0
    assert cli("sync", cwd=project, env=STEADY).returncode == 0
    added = catalog(project).read_text(encoding="utf-8").split('msgctxt "s54"\n', 1)[1].split("\n\n", 1)[0]
    assert added.endswith('msgstr ""')  # new, untranslated: not the deleted segment's translation


def test_assign_ids_writes_every_text_or_none(project, cli):
    paths = sorted((project / "texts").glob("*.xml"))
    for path in paths:
        data = path.read_text(encoding="utf-8")
        path.write_text(data.replace('<p xml:id="', "<p>A new paragraph.</p>\n    <p xml:id=\"", 1), encoding="utf-8")
    before = files(project)
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(paths[-1])], capture_output=True).returncode != 0:
            pytest.skip("running as root on a file system without chattr +i")
        unlock = ["chattr", "-i", str(paths[-1])]
    else:
        (project / "texts").chmod(0o555)
        unlock = ["chmod", "755", str(project / "texts")]
    try:
        result = cli("assign-ids", cwd=project)
    finally:
        subprocess.run(unlock, check=True)
    assert "no file was changed" in refused(result, "texts/")
    assert files(project) == before
    assert not temporaries(project)


# ---------------------------------------------------------------- odd catalogs

ODD_CATALOGS = {
    "Language not a language": ('"Language: ru\\n"', '"Language: xx-notalang\\n"', "is not a language code"),
    "Language with ..": ('"Language: ru\\n"', '"Language: ../../etc\\n"', "is not a language code"),
    "escape past U+10FFFF": ('msgstr "Тяньцзинь"', 'msgstr "\\x110000Тяньцзинь"', "not a Unicode character"),
    "lone surrogate": ('msgstr "Тяньцзинь"', 'msgstr "\\xD800Тяньцзинь"', "not a Unicode character"),
    "control character in msgctxt": ('msgctxt "s2"', 'msgctxt "s2\\x01"', "holds a control character"),
    "ANSI escape in msgctxt": ('msgctxt "s2"', 'msgctxt "s2\x1b[31mred"', "\\x1b[31mred"),
}


@pytest.mark.parametrize("case", ODD_CATALOGS)
def test_an_odd_catalog_is_refused_with_one_line(project, cli, case):
    old, new, expected = ODD_CATALOGS[case]
    path = catalog(project)
    data = path.read_text(encoding="utf-8")
    assert old in data
    path.write_text(data.replace(old, new, 1), encoding="utf-8")
    before = files(project)
    for command in (["sync"], ["stats"], ["lint", f"locales/ru/LC_MESSAGES/{TEXT}.po"]):
        line = refused(cli(*command, cwd=project, env=STEADY), f"locales/ru/LC_MESSAGES/{TEXT}.po:")
        assert expected in line, (command, line)
    assert files(project) == before
