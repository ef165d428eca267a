"""`build --doc --lang`: only the asked editions are written; the manifest and the index list
what is in dist/; a one-segment change rebuilds exactly the editions showing that segment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli
from test_editions import EPOCH, copy_project, set_translation

DOCUMENT = "tokayev-address"


def files(dist: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every output with its inode, modification time and bytes: a file written again shows."""
    return {str(p.relative_to(dist)): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(dist.rglob("*")) if p.is_file() and p.name != ".sco-publish.lock"}


def outputs(dist: Path) -> set[str]:
    return {str(p.relative_to(dist)) for p in dist.rglob("*.*") if p.suffix in (".html", ".pdf")} - {"index.html"}


def index_links(dist: Path) -> set[str]:
    """The editions the index links to (its canonical link to itself is not an edition)."""
    return set(re.findall(r'href="([^"]+/[^"]+\.(?:html|pdf))"', (dist / "index.html").read_text(encoding="utf-8")))


def manifest_keys(dist: Path) -> set[str]:
    return set(json.loads((dist / ".sco-publish-manifest.json").read_text(encoding="utf-8")))


def editions(*slugs: str) -> set[str]:
    return {f"{DOCUMENT}/{slug}.{ext}" for slug in slugs for ext in ("html", "pdf")}


def test_unknown_document_or_language_is_one_line_listing_the_known_ones(tmp_path):
    project = copy_project(tmp_path / "p", (DOCUMENT, "council-meeting-report"))
    result = run_cli("build", "--draft", "-q", "--doc", DOCUMENT, "--doc", "nope", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (f"{project / 'texts'}: no document nope; "
                             "known documents: council-meeting-report, tokayev-address\n")
    result = run_cli("build", "--draft", "-q", "--lang", "ru", "--lang", "fr", "--lang", "ru-en", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (f"{project / 'pyproject.toml'}: no edition in fr, ru-en; known languages: en, ru, zh, kk; "
                             "bilingual editions: en-ru, en-zh, en-kk\n")
    assert not (project / "dist").exists()


@pytest.mark.slow  # two builds of a document
def test_a_selection_writes_only_its_editions_and_the_index_lists_what_is_built(tmp_path):
    project = copy_project(tmp_path / "p", (DOCUMENT, "council-meeting-report"))
    dist = project / "dist"
    first = run_cli("build", "--draft", "-q", "--doc", DOCUMENT, "--lang", "ru", cwd=project, env=EPOCH)
    assert first.returncode == 0, first.stderr
    assert "2 editions built, 0 up to date, 12 not selected" in first.stdout
    assert outputs(dist) == editions("ru", "en-ru")
    assert manifest_keys(dist) == {f"{DOCUMENT}/ru.*", f"{DOCUMENT}/en-ru.*"}
    assert index_links(dist) == editions("ru", "en-ru")
    before = files(dist)

    second = run_cli("build", "--draft", "-q", "--doc", DOCUMENT, "--lang", "en-zh", cwd=project, env=EPOCH)
    assert second.returncode == 0, second.stderr
    assert "1 editions built, 0 up to date, 13 not selected" in second.stdout
    assert outputs(dist) == editions("ru", "en-ru", "en-zh")
    assert manifest_keys(dist) == {f"{DOCUMENT}/ru.*", f"{DOCUMENT}/en-ru.*", f"{DOCUMENT}/en-zh.*"}
    assert index_links(dist) == editions("ru", "en-ru", "en-zh")
    after = files(dist)
    assert {name for name in editions("ru", "en-ru") if after[name] != before[name]} == set()

    (dist / DOCUMENT / "en-zh.pdf").unlink()  # removed by hand: no longer listed
    third = run_cli("build", "--draft", "-q", "--lang", "ru", cwd=project, env=EPOCH)
    assert third.returncode == 0, third.stderr
    assert "2 editions built, 2 up to date, 10 not selected" in third.stdout  # council-meeting-report's ru, en-ru
    assert index_links(dist) == editions("ru", "en-ru") | {
        f"council-meeting-report/{slug}.{ext}" for slug in ("ru", "en-ru") for ext in ("html", "pdf")}


@pytest.mark.slow  # two builds of a document
def test_a_one_segment_change_rebuilds_exactly_the_editions_showing_it(tmp_path):
    project = copy_project(tmp_path / "p", (DOCUMENT,))
    dist = project / "dist"
    assert run_cli("sync", cwd=project).returncode == 0
    assert run_cli("build", "--draft", "-q", cwd=project, env=EPOCH).returncode == 0
    before = files(dist)
    set_translation(project, "kk", DOCUMENT, "s22", "Ол сондай-ақ келесі жылы ШЫҰ-ның 25 жылдығы болатынын еске салды.")
    result = run_cli("build", "--draft", "-q", cwd=project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert "2 editions built, 5 up to date" in result.stdout
    after = files(dist)
    assert after.keys() == before.keys()
    rewritten = {name for name in after if after[name][:2] != before[name][:2]}
    changed = {name for name in after if after[name][2] != before[name][2]}
    # the index states each PDF's size, so it follows the rebuilt PDFs when their size in kB moves
    assert rewritten - {"index.html"} == editions("kk", "en-kk") | {".sco-publish-manifest.json"}
    assert changed - {"index.html"} == editions("kk", "en-kk") | {".sco-publish-manifest.json"}
    assert ("index.html" in rewritten) == ("index.html" in changed)


def test_a_release_build_of_a_selection_refuses_only_its_own_incomplete_catalogs(tmp_path):
    project = copy_project(tmp_path / "p", (DOCUMENT,))
    for lang in ("ru", "kk"):
        set_translation(project, lang, DOCUMENT, "s22", "")
    result = run_cli("build", "-q", "--lang", "ru", cwd=project, env=EPOCH)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{project}/locales/ru/LC_MESSAGES/{DOCUMENT}.po: release build refused: 1 segment untranslated, "
        "fuzzy or out of date (s22); finish them or build with --draft"]
    assert not (project / "dist").exists()


def test_editions_built_by_other_code_are_not_up_to_date(tmp_path):
    """The manifest's hash covers sco-publish's own files, not just its version number: a
    development edit (same version) rebuilds, the same code in another folder does not."""
    import shutil

    from sco_publish.editions.build import PACKAGE, code_digest

    first, second = tmp_path / "a" / "sco_publish", tmp_path / "b" / "sco_publish"
    for copy in (first, second):
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_digest(first) == code_digest(second) == code_digest(PACKAGE)
    typography = second / "editions" / "typography.py"
    typography.write_text(typography.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    code_digest.cache_clear()
    assert code_digest(second) != code_digest(first)
