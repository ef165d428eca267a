"""The editorial-notes setting: what the editions of the council report (91 notes on its
English source) print of them with each value, read back from the PDFs and the HTML."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from lxml import html as lxml_html
from test_editions import EPOCH, SEGMENT_ID, copy_project, paragraph_numbers

DOCUMENT = "council-meeting-report"
SUMMARY = {
    "en": "Changes the editors made to the English source text: 89 corrections, 2 other editorial changes.",
    "ru": "Изменения, внесённые редакцией в английский исходный текст: 89 исправлений, 2 прочие редакционные правки.",
}
LIST_HEADING = "Editorial notes"
POINTER = "Примечания редакции к английскому исходному тексту приведены в английском издании."


@pytest.fixture(scope="module", params=["short", "full", "none"])
def edition(request, tmp_path_factory) -> tuple[str, Path]:
    """The council report built in English, Russian and English-Russian with the setting's value."""
    project = copy_project(tmp_path_factory.mktemp(request.param) / "project", (DOCUMENT,))
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = text.replace('languages = ["en", "ru", "zh", "kk"]', 'languages = ["en", "ru"]')
    pyproject.write_text(text.replace('editorial-notes = "short"', f'editorial-notes = "{request.param}"'), encoding="utf-8")
    result = run_cli("build", "-q", cwd=project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    return request.param, project / "dist" / DOCUMENT


def texts(dist: Path, slug: str) -> tuple[str, str]:
    """The PDF's text (lines joined: the summary may wrap) and the HTML's."""
    pdf = subprocess.run(["pdftotext", str(dist / f"{slug}.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(pdf.split()), (dist / f"{slug}.html").read_text(encoding="utf-8")


def test_each_value_prints_its_apparatus(edition):
    value, dist = edition
    for slug in ("en", "ru", "en-ru"):
        for text in texts(dist, slug):
            summary = SUMMARY[slug.split("-")[-1]]
            assert (summary in text) == (value != "none"), (value, slug)
            assert (LIST_HEADING in text) == (value == "full" and slug == "en"), (value, slug)
            assert (POINTER in text) == (value == "full" and slug != "en"), (value, slug)


def test_the_full_list_points_at_paragraph_numbers_in_words_for_readers(edition):
    value, dist = edition
    if value != "full":
        pytest.skip("the list is printed with editorial-notes = \"full\" only")
    pdf, html = texts(dist, "en")
    notes = lxml_html.fromstring(html).get_element_by_id("notes-heading").getparent().findall(".//li")
    assert len(notes) == 91
    numbers = paragraph_numbers(DOCUMENT)
    # the first correction concerns segment s4, which readers know as paragraph 1
    first = next(note for note in notes if note.find("del") is not None)
    assert first.find("a").get("href") == f"#para-{numbers['s4']}" and first.find("a").text == "Paragraph 1"
    assert "Paragraph 1. The source reads “took place at the Convention and the Tianjin Meijiang Exhibition Center”; " \
           "corrected to “was held at the Meijiang Convention and Exhibition Center in Tianjin”." in pdf
    assert "Title. Title supplied by the editors; the source has none." in pdf
    for text in (pdf, " ".join(lxml_html.fromstring(html).body.itertext())):
        assert not SEGMENT_ID.search(text) and not re.search(r"\bseed\b", text, re.IGNORECASE)
