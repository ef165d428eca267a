"""The shipped translations: complete, clean under the release lint, accepted by GNU gettext."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import REPO

CATALOGS = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))


def test_every_document_has_a_catalog_in_every_language():
    assert {(p.parent.parent.name, p.stem) for p in CATALOGS} == {
        (lang, doc) for lang in ("ru", "zh", "kk")
        for doc in ("tianjin-declaration", "tokayev-address", "council-meeting-report")
    }


def test_translations_are_complete(cli):
    result = cli("stats", "--format", "json", cwd=REPO)
    rows = json.loads(result.stdout)["catalogs"]
    assert len(rows) == 9
    assert all(r["translated"] == r["total"] and r["fuzzy"] == 0 for r in rows), rows


def test_release_lint_passes_on_the_whole_project(cli):
    result = cli("lint", "--release", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_gettext_accepts_and_would_not_rewrite(path):
    subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)], check=True)
    assert subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout == path.read_bytes()


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_headers_name_the_working_translation_team(path):
    text = path.read_text(encoding="utf-8")
    assert "Last-Translator: sco-publish working translation team" in text
    assert "not an official text" in text
