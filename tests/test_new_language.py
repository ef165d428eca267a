"""Adding a language by configuration: Uzbek (Latin) and Persian (Arabic script, right to
left) added to `languages` of a copy of the project, with a few segments of the Tianjin
Declaration translated (tests/fixtures/new-language/*.po); every command runs, what is
missing is named once, and the editions are checked with poppler and headless Chromium."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, Result, run_cli

from sco_publish.editions.fonts import script_font_stack
from sco_publish.editions.labels import english_wording_warnings, labels_for

# End to end: every command and eleven editions of the longest document, in headless Chromium too.
pytestmark = pytest.mark.slow

DOCUMENT = "tianjin-declaration"
FIXTURES = REPO / "tests" / "fixtures" / "new-language"
EPOCH = {**os.environ, "SOURCE_DATE_EPOCH": "1756684800"}  # 2025-09-01
LANGUAGES = '["en", "ru", "zh", "kk", "uz", "fa"]'
# A4 with 20 mm side margins (templates/edition.css.j2), in PDF points
LEFT_MARGIN, RIGHT_MARGIN, MIDDLE = 56.69, 595.28 - 56.69, 595.28 / 2
# what pdftotext and the labels put around right-to-left runs: embeddings, isolates, marks
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def new_language_project(root: Path) -> Path:
    """The repository's project with one document, and uz and fa added to its languages."""
    root.mkdir(parents=True)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    pyproject, count = re.subn(r'(?m)^languages = \[.*\]$', f"languages = {LANGUAGES}", pyproject)
    assert count == 1
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "texts", root / "texts", ignore=lambda folder, names: [
        name for name in names if name.endswith(".xml") and name != f"{DOCUMENT}.xml"])
    shutil.copytree(REPO / "locales", root / "locales", ignore=lambda folder, names: [
        name for name in names if name.endswith((".po", ".pot")) and not name.startswith(DOCUMENT)])
    for lang in ("uz", "fa"):
        catalogs = root / "locales" / lang / "LC_MESSAGES"
        catalogs.mkdir(parents=True)
        shutil.copy(FIXTURES / f"{lang}.po", catalogs / f"{DOCUMENT}.po")  # the translated segments only
    return root


@dataclass
class Runs:
    project: Path
    results: dict[str, Result]

    def __getitem__(self, command: str) -> Result:
        return self.results[command]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Runs:
    """Every command, in the order a user runs them, on the project with uz and fa added."""
    runs = Runs(new_language_project(tmp_path_factory.mktemp("newlang") / "project"), {})
    for command in (["validate"], ["sync"], ["stats"], ["lint"], ["build", "--draft", "-j", "2", "-q"]):
        runs.results[command[0]] = result = run_cli(*command, cwd=runs.project, env=EPOCH)
        assert result.returncode == 0, (command, result.stderr)
    return runs


def edition(runs: Runs, slug: str, extension: str) -> Path:
    return runs.project / "dist" / DOCUMENT / f"{slug}.{extension}"


def poppler(*args: str | Path) -> str:
    return subprocess.run([*map(str, args)], capture_output=True, text=True, check=True).stdout


def logical_text(pdf: Path) -> str:
    """pdftotext's text without bidi controls and joiners, lines joined: for finding phrases."""
    text = poppler("pdftotext", pdf, "-").translate(BIDI_CONTROLS).replace("\u200c", "")
    return re.sub(r"\s+", " ", text)


def translation(lang: str, segment: str) -> str:
    catalog = (FIXTURES / f"{lang}.po").read_text(encoding="utf-8")
    entry = re.search(rf'msgctxt "{segment}"\n(?:.*\n)*?msgstr ((?:".*"\n?)+)', catalog)
    return "".join(re.findall(r'"(.*)"', entry.group(1)))


def letter_words(text: str) -> list[str]:
    """The words of ``text``, joiners removed; not those with a vowel mark, which poppler
    splits around the mark (متقابلاً comes back as متقاب … لا)."""
    unmarked = [token for token in text.replace("\u200c", "").split()
                if not any(unicodedata.category(char) == "Mn" for char in token)]
    return re.findall(r"[^\W\d_]+", " ".join(unmarked))


def is_arabic_script(text: str) -> bool:
    """Most letters of ``text`` are Arabic script (not an English label naming languages in Persian)."""
    letters = [char for char in text if char.isalpha()]
    return sum("ARABIC" in unicodedata.name(char, "") for char in letters) > len(letters) / 2


def test_every_command_runs_and_names_the_missing_terms_once(runs):
    for command in ("validate", "lint"):
        warnings = [line for line in runs[command].stderr.splitlines() if "concepts have no" in line]
        assert len(warnings) == 2, runs[command].stderr
        concepts = (REPO / "texts" / "glossary.tbx").read_text(encoding="utf-8").count("<conceptEntry ")
        assert f"{concepts} of {concepts} concepts have no 'uz' term, so term-missing is not checked for them in 'uz'" in warnings[0]
        assert "have no 'fa' term" in warnings[1]
    stats = {line.split()[1]: line.split() for line in runs["stats"].stdout.splitlines()[1:]}
    assert stats["uz"][3] == stats["fa"][3] == "15"  # the fixture's segments reached the catalogs
    assert stats["ru"][3] == stats["ru"][2]
    assert "0 errors" in runs["lint"].stdout  # the uz and fa dates and numbers are read as equal


def test_lint_still_checks_the_new_languages(tmp_path):
    """Numbers in Persian digits are read by value: a wrong year is found, a right one is not."""
    project = new_language_project(tmp_path / "project")
    catalog = project / "locales" / "fa" / "LC_MESSAGES" / f"{DOCUMENT}.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("۱ سپتامبر ۲۰۲۵", "۱ سپتامبر ۲۰۲۴"), encoding="utf-8")
    result = run_cli("lint", "--format", "json", catalog, cwd=project)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["context"]) for f in findings if f["severity"] == "error"] == [("number-mismatch", "s4")]
    assert "2025" in next(f["message"] for f in findings if f["rule"] == "number-mismatch")


def test_build_names_what_is_still_in_english_in_one_message(runs):
    lines = runs["build"].stderr.splitlines()
    for lang in ("uz", "fa"):
        [message] = [line for line in lines if f"[{lang}]" in line]
        assert f"languages.toml: no [{lang}] table; using English for: " in message
        english = message.split("using English for: ")[1].split(";")[0].split(", ")
        assert {"working_translation", "colophon", "part", "contents", "signatures", "page"} <= set(english)
        assert not {"name", "date", "fonts", "adopted", "hyphenate"} & set(english)  # CLDR, fontconfig, Pyphen
    assert not [line for line in lines if "[ru]" in line or "[en]" in line]


def test_labels_come_from_cldr(runs):
    uz = edition(runs, "uz", "html").read_text(encoding="utf-8")
    assert '<html lang="uz" dir="ltr"' in uz
    assert ">O‘zbek<" in uz and ">فارسی<" in uz  # language names in their own language
    assert "Tyanszin, 1-sentabr, 2025" in logical_text(edition(runs, "uz", "pdf"))  # CLDR's long date and list comma
    # CLDR's Persian list separator between place and date, Persian month name and digits
    fa_html = edition(runs, "fa", "html").read_text(encoding="utf-8")
    assert 'تیانجین</span>،\u200f <time datetime="2025-09-01">۱ سپتامبر ۲۰۲۵</time>' in fa_html
    fa = logical_text(edition(runs, "fa", "pdf"))
    assert "سپتامبر" in fa and "۲۰۲۵" in fa
    assert "Page ۱ of ۱" in fa  # page numbers in Persian digits (the sentence still English)


@pytest.mark.parametrize("slug", ["fa", "en-fa", "uz", "en-uz"])
def test_pdf_fonts_are_chosen_by_script_and_embedded(runs, slug):
    lines = poppler("pdffonts", edition(runs, slug, "pdf")).splitlines()[2:]
    assert lines and all(re.search(r"\s+yes\s+yes\s+yes\s+\d+\s+\d+$", line) for line in lines), lines
    names = " ".join(line.split()[0] for line in lines).lower()
    assert "dejavu" not in names  # nothing fell back to an unplanned face
    assert ("noto-naskh-arabic" in names) == ("fa" in slug)


def test_a_partial_table_keeps_its_wording_and_names_the_rest(tmp_path):
    english = (REPO / "templates" / "languages.toml").read_text(encoding="utf-8").split("\n[ru]")[0]
    (tmp_path / "languages.toml").write_text(english + '\n[fa]\ncontents = "فهرست مطالب"\n', encoding="utf-8")
    labels = labels_for(tmp_path, "fa")
    assert labels["contents"] == "فهرست مطالب" and labels["name"] == "فارسی" and labels.direction == "rtl"
    assert labels["colophon"] == "\u2066Colophon\u2069"  # English, isolated inside right-to-left text
    assert labels.date(datetime.date(2025, 9, 1)) == "۱ سپتامبر ۲۰۲۵" and labels.part_number(12) == "۱۲"
    [warning] = english_wording_warnings(tmp_path, ("en", "fa"))
    assert "[fa] is incomplete; using English for: page, " in warning and "contents" not in warning


def test_font_stack_follows_fontconfig():
    listed = subprocess.run(["fc-list", "--format", "%{family[0]}\n", ":lang=fa"], capture_output=True, text=True).stdout
    stack = script_font_stack("fa", ["Noto Serif"])
    assert stack[0] in listed.splitlines() and stack[-1] == "Noto Serif"
    assert script_font_stack("uz", ["Noto Serif"]) == ["Noto Serif"]  # Latin: the English fonts cover it


def test_persian_pdf_text_is_extracted_in_logical_order(runs):
    """Lines come back in logical order; poppler's reordering moves a phrase between Arabic
    commas within a line (the PNGs show it set right), so phrases are checked only up to a
    comma, and every word of the paragraphs is checked to be there."""
    for slug in ("fa", "en-fa"):
        text = logical_text(edition(runs, slug, "pdf"))
        for segment in ("s1", "s3", "s143", "s145", "s147"):
            assert translation("fa", segment).replace("\u200c", "") in text, (slug, segment)
        # a sentence over two lines: its words in order (poppler puts the full stop first)
        words = " ".join(letter_words(text))
        first_sentence = " ".join(letter_words(translation("fa", "s5").split(".")[0]))
        assert first_sentence in words, slug
        for segment in ("s4", "s5", "s6", "s14"):
            assert set(letter_words(translation("fa", segment))) <= set(words.split()), (slug, segment)
        # reading order: the preamble before part 1, Pezeshkian's row before Tokayev's
        order = ["رهبران کشورهای عضو", first_sentence, "پزشکیان", "توکایف"]
        assert [words.index(phrase) for phrase in order] == sorted(words.index(phrase) for phrase in order)
    uz = logical_text(edition(runs, "uz", "pdf"))
    assert translation("uz", "s5") in uz and "Qozogʻiston Respublikasi Prezidenti" in uz


def pdf_lines(pdf: Path) -> list[tuple[float, float, str]]:
    """(left, right, words) of every line of ``pdf`` that is not centred (title, running
    head, page number), as pdftotext finds them; the words in visual order."""
    layout = poppler("pdftotext", "-bbox-layout", pdf, "-")
    lines = []
    for match in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', layout, re.S):
        left, right = float(match.group(1)), float(match.group(2))
        centred = abs((left - LEFT_MARGIN) - (RIGHT_MARGIN - right)) < 2 and left > LEFT_MARGIN + 1
        if not centred:
            lines.append((left, right, " ".join(re.findall(r"<word[^>]*>(.*?)</word>", match.group(3)))))
    return lines


def test_persian_pdf_text_is_right_aligned(runs):
    paragraph = [line for line in pdf_lines(edition(runs, "fa", "pdf"))
                 if is_arabic_script(line[2]) and line[1] - line[0] > 200]
    assert len(paragraph) >= 6
    assert all(abs(right - RIGHT_MARGIN) < 1 for _, right, _ in paragraph)  # every line ends at the right margin
    assert any(left > LEFT_MARGIN + 50 for left, _, _ in paragraph)  # last lines are short on the left


def test_bilingual_pdf_has_english_left_and_persian_right(runs):
    lines = [line for line in pdf_lines(edition(runs, "en-fa", "pdf")) if line[1] - line[0] > 150]
    persian = [line for line in lines if is_arabic_script(line[2])]
    english = [line for line in lines if re.search(r"[A-Za-z]{4}", line[2]) and not is_arabic_script(line[2])]
    assert persian and english
    assert all(left > MIDDLE and abs(right - RIGHT_MARGIN) < 1 for left, right, _ in persian)
    assert any(abs(left - LEFT_MARGIN) < 1 and right < MIDDLE for left, right, _ in english)


def test_html_direction_and_reading_order_in_chromium(runs):
    pages = [edition(runs, "fa", "html"), edition(runs, "en-fa", "html")]
    html = pages[0].read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl"' in html
    result = subprocess.run(["node", str(REPO / "tests" / "browser" / "check_direction.mjs"),
                             *[arg for page in pages for arg in (str(page), "")]],
                            capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr
    single, bilingual = json.loads(result.stdout)["results"]
    assert (single["lang"], single["dir"], single["direction"]) == ("fa", "rtl", "rtl")
    persian = [p for p in single["paragraphs"] if p["lang"] == "fa"]
    assert persian and all(p["dir"] == "rtl" for p in persian)
    assert bilingual["pairs"]
    for source, target in bilingual["pairs"][:3]:  # the translated pairs come first
        # DOM order = visual order: the English cell first and on the left, the Persian on the right
        assert (source["lang"], source["dir"]) == ("en", "ltr")
        assert (target["lang"], target["dir"]) == ("fa", "rtl")
        assert source["right"] <= target["left"]
    assert single["axe"] == [] and bilingual["axe"] == []
    assert not single["overflow"] and not bilingual["overflow"]  # nothing off the page to scroll to
