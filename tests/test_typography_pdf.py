"""Typography of the printed editions, read back from the PDFs with poppler (``pdftotext -bbox-layout``).

One release build of the project; every test looks at all 21 PDFs or at the languages its
rule concerns.  Text as a reader copies it is read with ``pdftotext`` too, and what is painted
with pikepdf from the content streams.  ``python tests/pdflines.py dist/*/*.pdf`` prints the same figures.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO, run_cli
from pdflines import (HYPHEN, LOOSE_RATIO, LOOSE_SPACE, RIGHT_EDGE, body_lines, hyphen_runs, pdf_lines, short_lines,
                      spacing, text_rows, word_spaces)

from sco_publish.catalogs.pofile import read_po
from sco_publish.editions.labels import labels_for
from sco_publish.editions.typography import unhyphenated_pattern
from sco_publish.glossary.tbx import load_glossary

pytestmark = pytest.mark.slow
LANGS = ("en", "ru", "zh", "kk")
SLUGS = LANGS + ("en-ru", "en-zh", "en-kk")
EPOCH = {**os.environ, "SOURCE_DATE_EPOCH": "1756684800"}
TEMPLATES = REPO / "templates"
LEADER = re.compile(r"\.(?: ?\.){4,}")  # the dots of a contents entry


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("typography") / "project"
    project.mkdir()
    (project / "pyproject.toml").write_bytes((REPO / "pyproject.toml").read_bytes())
    for folder in ("texts", "locales", "templates"):
        subprocess.run(["cp", "-r", str(REPO / folder), str(project)], check=True)
    result = run_cli("build", "-q", cwd=project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    return project / "dist"


def pdfs(dist: Path, slugs=SLUGS) -> list[tuple[Path, tuple[str, ...]]]:
    """Every PDF of the given editions, with its languages by column (left, right)."""
    found = [(path, tuple(path.stem.split("-"))) for path in sorted(dist.glob("*/*.pdf")) if path.stem in slugs]
    assert len(found) == 3 * len(slugs)
    return found


def test_no_name_web_address_or_number_is_hyphenated(dist):
    glossary = load_glossary(REPO / "texts" / "glossary.tbx", LANGS)
    broken = []
    for path, langs in pdfs(dist):
        lines = body_lines(pdf_lines(path))
        for column, lang in enumerate(langs):
            pattern = unhyphenated_pattern(glossary, lang)
            in_column = [line for line in lines if line.column == column]
            for line, following in zip(in_column, in_column[1:]):
                if line.hyphenated and following.words:
                    # the lines around the break: a name is a phrase ("Шанхайской организации сотрудничества")
                    before, after = " ".join(line.words)[:-1], " ".join(following.words)
                    joined, cut = before + after, len(before)
                    if any(match.start() < cut < match.end() for match in pattern.finditer(joined)):
                        broken.append(f"{path.parent.name}/{path.name} p{line.page}: {line.words[-1]} {following.words[0]}")
    assert not broken, broken[:20]


def test_at_most_two_hyphenated_line_ends_in_a_row(dist):
    longest = {f"{path.parent.name}/{path.name}": max(hyphen_runs(body_lines(pdf_lines(path))), default=0)
               for path, _ in pdfs(dist)}
    assert max(longest.values()) <= 2, longest


def test_russian_hyphenates_under_a_third_of_its_lines(dist):
    """WeasyPrint alone hyphenated 42% of the Russian lines, up to 8 in a row. Names are not
    hyphenated and runs stop at 2; the words of a name elsewhere in the text may be, which
    keeps lines from going loose (tianjin ru: 29% hyphenated)."""
    for path, _ in pdfs(dist, ("ru",)):
        lines = body_lines(pdf_lines(path))
        assert sum(line.hyphenated for line in lines) < len(lines) / 3, path


# The most of a Russian edition's justified lines that may have a word space over
# pdflines.LOOSE_RATIO normal ones.  Measured (pdflines.py) in the three documents: 29–37%
# (54–66% when WeasyPrint stretched word spaces only).
LOOSE_SHARE = 0.45


def test_russian_justified_lines_are_seldom_loose(dist):
    """Rivers of white: linebreaks.py gives a loose Russian line a little letter spacing
    (languages.toml: tracking) where WeasyPrint would stretch its word spaces alone."""
    for path, _ in pdfs(dist, ("ru",)):
        figures = spacing(body_lines(pdf_lines(path, single_column=True)))
        assert figures.loose_share <= LOOSE_SHARE, (path, figures)


def test_bilingual_columns_keep_their_word_spaces(dist):
    """A half-width column holds a few words a line: justified, 60–85% of its lines had
    spaces over 1.5 normal ones, some over 100 pt. English, Russian and Kazakh columns are
    set ragged right (languages.toml: column_justify), so no space stretches."""
    for path, langs in pdfs(dist, ("en-ru", "en-kk", "en-zh")):
        lines = body_lines(pdf_lines(path))
        for column, lang in enumerate(langs):
            if lang == "zh":
                continue  # justified between characters, which have no spaces to stretch
            spaces = [space for line in lines if line.column == column for space in word_spaces(line)]
            normal = statistics.median(spaces)
            assert max(spaces) < LOOSE_SPACE, (path, lang, max(spaces))
            assert sum(space > LOOSE_RATIO * normal for space in spaces) < 0.01 * len(spaces), (path, lang)


def _headings(langs: tuple[str, ...]) -> set[str]:
    labels = [labels_for(TEMPLATES, lang) for lang in langs]
    return {text for label in labels
            for text in (label["signatures"], label["colophon"], *(label.part_label(n) for n in range(1, 6)))}


def test_no_heading_is_the_last_line_of_a_page(dist):
    stranded = []
    for path, langs in pdfs(dist):
        lines = body_lines(pdf_lines(path))
        headings = _headings(langs)
        for page in range(1, max(line.page for line in lines)):
            on_page = [line for line in lines if line.page == page]
            bottom = max(line.y_max for line in on_page)
            stranded += [f"{path.parent.name}/{path.name} p{page}: {line.text}" for line in on_page
                         if line.y_max > bottom - 2 and not LEADER.search(line.text)  # not a contents entry
                         and (line.text in headings or line.text.split(" ")[0] in headings)]
    assert not stranded, stranded


def test_the_last_page_holds_the_whole_colophon_after_the_text(dist):
    for path, langs in pdfs(dist):
        lines = body_lines(pdf_lines(path))
        last = [line for line in lines if line.page == max(line.page for line in lines)]
        heading = labels_for(TEMPLATES, langs[-1])["colophon"]
        at = next((i for i, line in enumerate(last) if line.text == heading), None)
        assert at is not None and at > 0, (path, [line.text for line in last])


def test_running_heads_end_at_a_word(dist):
    """Every head is a title whole, or its beginning up to the end of a word, then "…"
    (a bilingual edition has one head over each column)."""
    for path, langs in pdfs(dist):
        lines = pdf_lines(path)
        first_page = " ".join(line.text for line in lines if line.page == 1)
        heads = {line.text for line in lines if line.page > 1 and line.y_max < 45}
        assert heads, path
        for head in heads:
            if not head.endswith("…"):
                continue
            shown = head[:-1]
            at = first_page.find(shown)
            assert at >= 0, (path, head)
            following = first_page[at + len(shown):at + len(shown) + 1]
            assert langs[-1] == "zh" or not following.isalnum(), (path, head)  # cut after a whole word


def test_chinese_lines_are_justified_between_characters(dist):
    for path, langs in pdfs(dist, ("zh", "en-zh")):
        lines = [line for line in body_lines(pdf_lines(path)) if line.column == len(langs) - 1]
        colophon = next((i for i, line in enumerate(lines) if line.text == labels_for(TEMPLATES, "zh")["colophon"]), None)
        lines = lines[:colophon]  # the text: the colophon mixes English and Chinese, set ragged
        short = short_lines(lines, RIGHT_EDGE, 1.0)
        assert len(short) <= 0.02 * len(lines), (path, len(short), len(lines), [line.text for line in short[:5]])


def test_kazakh_is_set_ragged_without_gaping_word_spaces(dist):
    for path, langs in pdfs(dist, ("kk", "en-kk")):
        lines = [line for line in body_lines(pdf_lines(path)) if line.column == len(langs) - 1]
        widest = max(space for line in lines for space in word_spaces(line))
        assert widest < 6.0, (path, widest)  # a word space at 10.5 pt is about 2.6 pt


def test_contents_labels_are_the_headings(dist):
    for path, langs in pdfs(dist, LANGS):
        lines = pdf_lines(path)
        entries = [LEADER.split(line.text)[0].strip() for line in lines if line.page == 1 and LEADER.search(line.text)]
        if not entries:
            continue  # a document without parts has no contents
        body = {line.text for line in lines if line.page > 1}
        assert all(entry in body or any(text.startswith(entry + " ") for text in body) for entry in entries), (path, entries)


@pytest.mark.parametrize("lang, dash", [("en", "–"), ("ru", "–"), ("kk", "–"), ("zh", "—")])
def test_ranges_take_a_dash_not_a_hyphen(dist, lang, dash):
    """An en dash in en, ru and kk; Chinese keeps the 一字线 (—) of its official text (GB/T 15834).
    The word joiner after the dash is not extracted: the text reads 2026–2035."""
    path = dist / "tianjin-declaration" / f"{lang}.pdf"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert not re.findall(r"(?<![\d-])\d{4}-\d{4}(?![\d-])", text)
    assert f"2026{dash}2035" in text
    assert not re.search(r"\d[–—-]\n\d", text)  # a range is never broken across lines


# Copied text: the hyphen hyphenation adds is a soft hyphen, the hyphens the text carries stay.
DRAWN_HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character, the glyph on the page
EXTRACTED = ("en", "ru", "en-ru")
WORD_END, WORD_START = re.compile(r"\w+$"), re.compile(r"^\w+")
COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")  # letters joined by hyphen-minus: государства-члены


def _catalog_text(document: str) -> dict[str, str]:
    """The document's English source and Russian translation as the catalog holds them."""
    catalog = read_po(REPO / "locales" / "ru" / "LC_MESSAGES" / f"{document}.po")
    messages = [message for message in catalog.messages if not message.is_header and not message.obsolete]
    return {"en": " ".join(message.msgid for message in messages), "ru": " ".join(message.msgstr for message in messages)}


def _running_text(rows: list[tuple[str, ...]]) -> str:
    """A column's lines as one text: a line ending in a soft hyphen or a hyphen-minus runs on
    into the next without a space (the soft hyphen dropped), as a reader joins them."""
    text = ""
    for row in rows:
        if text.endswith(HYPHEN):
            text = text[:-1]
        elif text and not text.endswith("-"):
            text += " "
        text += " ".join(row)
    return text


def test_words_hyphenated_at_a_line_end_are_extracted_whole(dist):
    """pdftotext reads the hyphen the layout added as U+00AD, never as the U+2010 drawn: what
    precedes it, joined to the next line's first word, is a word of the catalog."""
    broken, soft = [], 0
    for path, langs in pdfs(dist, EXTRACTED):
        lines = pdf_lines(path, single_column=len(langs) == 1)
        assert not [line.text for line in lines if line.text.endswith(DRAWN_HYPHEN)], path
        words = {lang: set(re.findall(r"\w+", text)) for lang, text in _catalog_text(path.parent.name).items()}
        for lang, rows in zip(langs, text_rows(lines, len(langs))):
            for row, following in zip(rows, rows[1:]):
                if row and row[-1].endswith(HYPHEN) and following:
                    soft += 1
                    before, after = WORD_END.search(row[-1][:-1]), WORD_START.match(following[0])
                    word = (before.group() if before else "") + (after.group() if after else "")
                    if word not in words[lang]:
                        broken.append(f"{path.parent.name}/{path.name}: {row[-1]} {following[0]}")
    assert soft and not broken, broken[:20]


def test_hyphens_the_text_carries_are_extracted_as_written(dist):
    """A hyphen-minus of the text is extracted as one, at a line end too (where an added hyphen
    read as "-" would be indistinguishable): the compounds the extraction shows are the text's."""
    at_line_end = 0
    for path, langs in pdfs(dist, EXTRACTED):
        document = path.parent.name
        catalog = _catalog_text(document)
        written = " ".join([*catalog.values(), (REPO / "texts" / f"{document}.xml").read_text(encoding="utf-8"),
                            (TEMPLATES / "languages.toml").read_text(encoding="utf-8")])
        columns = text_rows(pdf_lines(path, single_column=len(langs) == 1), len(langs))
        at_line_end += sum(bool(row) and row[-1].endswith("-") for rows in columns for row in rows)
        shown = {compound for rows in columns for compound in COMPOUND.findall(_running_text(rows))}
        expected = {compound for lang in langs for compound in COMPOUND.findall(catalog[lang])}
        assert expected <= shown, (path, sorted(expected - shown))
        assert shown <= set(COMPOUND.findall(written)), (path, sorted(shown - set(COMPOUND.findall(written))))
    assert at_line_end  # the case that tells the two kinds apart is there


def _soft_hyphen_glyphs(path: Path) -> list[str]:
    """For each marked-content span whose /ActualText is U+00AD, the characters its glyphs are
    (through the font's ToUnicode map): what is painted there."""
    spans, maps = [], {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts, font, depth = page.obj.Resources.get("/Font", {}), None, 0  # depth: open spans inside ours
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "Tf":
                    font = fonts[operands[0]]
                    if font.objgen not in maps:
                        maps[font.objgen] = {int(glyph, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for glyph, text in
                                             re.findall(rb"<([0-9a-f]{4})> <([0-9a-f]+)>", font.ToUnicode.read_bytes())}
                elif name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and str(operands[1].get("/ActualText", "")) == HYPHEN:
                    spans.append("")
                    depth = 1
                elif depth and name in ("BDC", "BMC"):
                    depth += 1
                elif depth and name == "EMC":
                    depth -= 1
                elif depth and name == "TJ":
                    shown = b"".join(bytes(item) for item in operands[0] if isinstance(item, pikepdf.String))
                    spans[-1] += "".join(maps[font.objgen][int.from_bytes(shown[i:i + 2], "big")] for i in range(0, len(shown), 2))
    return spans


def test_the_added_hyphen_is_still_drawn(dist):
    """Every line end extracted as a soft hyphen paints exactly one glyph there, WeasyPrint's
    hyphen: the span with /ActualText holds the glyph, it does not replace or hide it."""
    for path, _ in pdfs(dist, EXTRACTED):
        soft = sum(line.text.endswith(HYPHEN) for line in pdf_lines(path))
        assert soft and _soft_hyphen_glyphs(path) == [DRAWN_HYPHEN] * soft, path
