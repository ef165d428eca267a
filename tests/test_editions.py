"""Editions: PDFs read back with poppler, HTML checked in Chromium, vnu and axe-core; safety and rebuilds."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import pikepdf
from conftest import REPO, run_cli
from lxml import html as lxml_html
from pdfua import problems as pdfua_problems
from pdfua import text_languages

from sco_publish.catalogs.pofile import read_po, write_po
from sco_publish.editions.pdf import ProjectURLFetcher
from sco_publish.editions.render import Column

LANGS = ("en", "ru", "zh", "kk")
EPOCH = {"SOURCE_DATE_EPOCH": "1756684800", **os.environ}  # 2025-09-01
KAZAKH_LETTERS = set("әғқңөұүһі")


def copy_project(root: Path, documents: tuple[str, ...] | None = None) -> Path:
    root.mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", root)
    for folder in ("texts", "locales", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    if documents:
        for path in (root / "texts").glob("*.xml"):
            if path.stem not in documents:
                path.unlink()
    return root


def set_translation(project: Path, lang: str, document: str, segment: str, text: str) -> None:
    path = project / "locales" / lang / "LC_MESSAGES" / f"{document}.po"
    catalog = read_po(path)
    message = next(m for m in catalog.entries if m.msgctxt == segment)
    message.msgstr = text
    message.set_fuzzy(False)
    write_po(catalog, path)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The whole project built once, as a draft with one Kazakh segment left untranslated."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    assert run_cli("sync", cwd=project).returncode == 0
    set_translation(project, "kk", "tokayev-address", "s22", "")
    set_translation(project, "ru", "tokayev-address", "s20",
                    '<script>document.documentElement.dataset.pwned = "script"</script>'
                    '<img src="x" onerror="document.documentElement.dataset.pwned = \'img\'">')
    result = run_cli("build", "--draft", "-q", cwd=project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    return project / "dist"


def pdf(dist: Path, document: str, slug: str) -> Path:
    return dist / document / f"{slug}.pdf"


def poppler(*args: str | Path) -> str:
    return subprocess.run([*map(str, args)], capture_output=True, text=True, check=True).stdout


def test_every_edition_is_built(built):
    documents = [p.stem for p in (REPO / "texts").glob("*.xml")]
    slugs = list(LANGS) + [f"en-{lang}" for lang in LANGS[1:]]
    for document in documents:
        for slug in slugs:
            assert pdf(built, document, slug).stat().st_size > 10_000
            assert (built / document / f"{slug}.html").is_file()
    index = (built / "index.html").read_text(encoding="utf-8")
    assert index.count('.pdf"') == len(documents) * len(slugs)


@pytest.mark.parametrize("slug", ["en", "ru", "zh", "kk", "en-zh"])
def test_pdf_metadata_fonts_and_tags(built, slug):
    path = pdf(built, "tianjin-declaration", slug)
    info = poppler("pdfinfo", path)
    assert "Tagged:          yes" in info
    assert re.search(r"Pages:\s+([2-9]|\d\d)", info)
    assert re.search(r"Title:\s+\S", info) and re.search(r"Author:\s+\S", info) and re.search(r"Subject:\s+\S", info)
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    fonts = poppler("pdffonts", path).splitlines()[2:]
    assert fonts and all(re.search(r"\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+$", line) for line in fonts), fonts
    names = " ".join(line.split()[0] for line in fonts)
    assert "DejaVu" not in names  # nothing fell back to an unplanned system font
    if "zh" in slug:
        assert "CJK-SC" in names.replace(" ", "-") or "CJKsc" in names or "CJK SC" in names or "cjk-sc" in names.lower()
        assert "JP" not in names


def test_pdf_language_and_text_come_back(built):
    zh = poppler("pdftotext", pdf(built, "tianjin-declaration", "zh"), "-")
    assert "第 1 页，共" in zh or "第 2 页，共" in zh
    assert "2025年9月1日" in zh
    ru = poppler("pdftotext", pdf(built, "tokayev-address", "ru"), "-")
    assert "1 сентября 2025 г." in ru
    kk = poppler("pdftotext", pdf(built, "tokayev-address", "kk"), "-")
    assert "2025 жылғы 1 қыркүйек" in kk
    assert KAZAKH_LETTERS & set(kk)
    en = poppler("pdftotext", pdf(built, "tianjin-declaration", "en"), "-")
    assert "1 September 2025" in en and "Page 1 of" in en
    # reading order: title, then the preamble, then part I, then the signatories
    positions = [en.find(s) for s in ("Tianjin Declaration", "The leaders of the member states", "The world’s political", "Mirziyoyev")]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_pdf_bookmarks_for_sections(built):
    outline = subprocess.run(["pdfinfo", "-dests", str(pdf(built, "tianjin-declaration", "en"))],
                             capture_output=True, text=True).stdout
    assert "part-1" in outline and "part-5" in outline


# What each edition of the Tianjin Declaration (authentic in Russian and Chinese, English source) says it is.
STATUS = {
    "en": "Unofficial working text. Original: Russian, Chinese.",
    "ru": "Неофициальный перевод. Оригинал: русский, китайский.",
    "zh": "非正式译本。原文：俄语、中文。",
    "kk": "Ресми емес аударма. Түпнұсқа: орыс тілі, қытай тілі.",
}
PAGE_WORDS = {"en": "Page", "ru": "Страница", "zh": "页", "kk": "бет"}
TOP_MARGIN, BOTTOM_MARGIN = 22 * 72 / 25.4, 24 * 72 / 25.4  # the @page margins, in points


def pages_of_words(path: Path) -> list[dict]:
    """Every page's words with their boxes, as ``pdftotext -bbox`` reads them."""
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', poppler("pdftotext", "-bbox", path, "-"), re.S):
        words = [(float(x0), float(y0), float(x1), float(y1), word) for x0, y0, x1, y1, word in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page.group(3))]
        pages.append({"width": float(page.group(1)), "height": float(page.group(2)), "words": words})
    return pages


def text_in(page: dict, top: float, bottom: float, left: float = 0, right: float = 1e9) -> str:
    """The words inside a band of the page, without spaces (poppler splits Chinese anywhere)."""
    return "".join(w[4] for w in page["words"] if w[1] >= top and w[3] <= bottom and w[0] >= left and w[2] <= right)


def unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("&amp;", "&")


@pytest.mark.parametrize("slug", ["en", "ru", "zh", "kk", "en-ru", "en-zh", "en-kk"])
def test_first_page_and_every_running_foot_say_what_the_edition_is(built, slug):
    pages = pages_of_words(pdf(built, "tianjin-declaration", slug))
    langs = slug.split("-")
    middle = pages[0]["width"] / 2 - 1  # the right column (and its foot) starts past the middle
    halves = [(0, 1e9)] if len(langs) == 1 else [(0, middle), (middle, 1e9)]
    title_top = min(w[1] for w in pages[0]["words"] if w[3] - w[1] > 20)  # the title: 17.9 pt type, boxes of 24 pt and more
    masthead = text_in(pages[0], 0, title_top)
    for lang in langs:  # under the masthead, above the title, in every language of the edition
        assert unspaced(STATUS[lang]) in masthead, (lang, masthead)
    for number, page in enumerate(pages, start=1):
        foot = page["height"] - BOTTOM_MARGIN
        for lang, (left, right) in zip(langs, halves):  # a bilingual foot: each language over its column
            text = text_in(page, foot, page["height"], left, right)
            assert unspaced(STATUS[lang]) in text and PAGE_WORDS[lang] in text, (number, lang, text)


def test_bilingual_editions_run_heads_title_and_masthead_in_both_languages(built):
    path = pdf(built, "tianjin-declaration", "en-ru")
    pages = pages_of_words(path)
    middle = pages[len(pages) // 2]
    half = middle["width"] / 2
    assert text_in(middle, 0, TOP_MARGIN, 0, half).startswith("TianjinDeclaration")
    assert text_in(middle, 0, TOP_MARGIN, half).startswith("Тяньцзиньскаядекларация")
    first = text_in(pages[0], 0, TOP_MARGIN * 3)
    assert "ShanghaiCooperationOrganization" in first and "Шанхайскаяорганизациясотрудничества" in first
    info = poppler("pdfinfo", path)
    assert re.search(r"Title:\s+Tianjin Declaration .* / Тяньцзиньская декларация", info)
    page = lxml_html.parse(str(built / "tianjin-declaration" / "en-zh.html"))
    title = page.findtext(".//title")
    assert title.startswith("Tianjin Declaration") and title.endswith("上海合作组织成员国元首理事会天津宣言")
    organizations = page.xpath("//header[@class='masthead']/p[@class='organization']")
    assert [(p.get("lang"), p.text) for p in organizations] == [("en", "Shanghai Cooperation Organization"), ("zh-Hans", "上海合作组织")]


def test_html_editions_show_the_status_in_a_named_note(built):
    for slug, langs in (("ru", ["ru"]), ("en-kk", ["en", "kk"])):
        page = lxml_html.parse(str(built / "tianjin-declaration" / f"{slug}.html"))
        [banner] = page.xpath("//*[@role='note']")
        assert banner.get("aria-label")
        assert [(p.get("lang"), p.text) for p in banner.xpath("p")] == [(lang, STATUS[lang]) for lang in langs]


COLOPHON = {"en": "Colophon", "ru": "Выходные сведения", "zh": "版本说明"}


def test_bilingual_bookmarks_name_each_part_once(built):
    for slug, first in (("en-ru", "I"), ("en-zh", "I / 一"), ("en", "I")):
        with pikepdf.open(pdf(built, "tianjin-declaration", slug)) as document, document.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert first in titles and COLOPHON[slug[-2:]] in titles, titles
        assert not [t for t in titles if re.fullmatch(r"(\S+) \1", t)], titles


def test_every_pdf_meets_the_machine_checkable_pdfua_rules(built):
    found = {str(path.relative_to(built)): pdfua_problems(path) for path in sorted(built.glob("*/*.pdf"))}
    assert len(found) == 21
    assert {name: problems[:3] for name, problems in found.items() if problems} == {}


# Letters of each language's script; a run of four Latin letters or more is English.
SCRIPT = {"ru": "[а-яё]", "kk": "[а-яёәғқңөұүһі]", "zh-Hans": "[\u4e00-\u9fff]"}


@pytest.mark.parametrize("document, slug", [("tianjin-declaration", "en-ru"), ("tianjin-declaration", "en-zh"),
                                            ("tokayev-address", "en-kk"), ("tianjin-declaration", "kk")])
def test_every_passage_in_another_language_is_tagged_with_it(built, document, slug):
    lang = {"zh": "zh-Hans"}.get(slug[-2:], slug[-2:])
    runs = text_languages(pdf(built, document, slug))
    wrong = [(text, tagged) for text, tagged in runs
             if (re.search(SCRIPT[lang], text, re.I) and tagged != lang)
             or (not re.search(SCRIPT[lang], text, re.I) and len(re.findall("[A-Za-z]", text)) >= 4 and tagged != "en")]
    assert len(runs) > 500 and any(tagged == "en" for _, tagged in runs)
    assert wrong == []


def test_only_a_document_in_its_own_authentic_language_is_called_authentic():
    document = SimpleNamespace(lang="en", authentic_languages=("en", "zh"))
    source = SimpleNamespace(lang="en", authentic_languages=("ru", "zh"))
    assert Column("en", None, None, "").status_key(document) == "status_authentic"
    assert Column("en", None, None, "").status_key(source) == "status_source"
    assert Column("zh", None, None, "").status_key(document) == "status_translation"  # our Chinese is a translation


def test_html_in_chromium_switcher_anchor_injection_and_axe(built):
    ru_address = built / "tokayev-address" / "ru.html"
    html = ru_address.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script>document" not in html
    pages = [ru_address, "s20", built / "tianjin-declaration" / "en-zh.html", "s30", built / "tianjin-declaration" / "kk.html", "s12"]
    result = subprocess.run(["node", str(REPO / "tests" / "browser" / "check_editions.mjs"), *map(str, pages)],
                            capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["requests"] == []  # no external requests
    for page, expected_target in zip(report["results"], pages[1::2]):
        assert page["target"] == expected_target
        assert page["pwned"] is None and page["dialogs"] == []
        assert page["followed"]["url"].endswith(".html") and page["followed"]["lang"]
        assert {link["hreflang"] for link in page["switcher"]} >= {"en", "ru", "zh-Hans", "kk"} - {page["lang"]}
        assert page["axe"] == [], page["axe"]
        assert not page["narrow"]["overflow"]
    assert report["results"][0]["lang"] == "ru" and report["results"][1]["lang"] == "zh-Hans"


def test_html_is_valid_for_the_nu_checker(built):
    vnu = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    pages = sorted(built.glob("*/*.html")) + [built / "index.html"]
    result = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--format", "gnu", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_html_has_hreflang_alternates_and_segment_ids(built):
    html = (built / "tianjin-declaration" / "zh.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in html
    for lang in ("en", "ru", "kk"):
        assert f'<link rel="alternate" hreflang="{lang}" href="{lang}.html">' in html
    assert 'id="s5"' in html and 'href="#s5"' in html


def test_editorial_notes_on_the_english_source_are_in_the_english_edition(built):
    english = (built / "tianjin-declaration" / "en.html").read_text(encoding="utf-8")
    chinese = (built / "tianjin-declaration" / "zh.html").read_text(encoding="utf-8")
    assert '<section class="notes"' in english and "Pezeshchian" in english
    assert '<section class="notes"' not in chinese and "Pezeshchian" not in chinese
    assert "编者注见英文版" in chinese


def test_draft_falls_back_to_english_with_a_marker_and_a_stamp(built):
    html = (built / "tokayev-address" / "kk.html").read_text(encoding="utf-8")
    fallback = re.search(r'<p id="s22" lang="en" dir="ltr" class="seg missing">([^<]*)', html)
    assert fallback and fallback.group(1).startswith("He also reminded participants")
    assert "әлі аударылмаған" in html
    text = poppler("pdftotext", pdf(built, "tokayev-address", "kk"), "-")
    assert text.count("ЖОБА") >= 2  # the title page and every page's margin


def test_url_fetcher_refuses_files_outside_the_project(tmp_path):
    fetcher = ProjectURLFetcher([REPO / "templates"])
    with pytest.raises(ValueError, match="refuses"):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.org/font.woff2")
    with pytest.raises(ValueError):
        fetcher.fetch((REPO / "templates" / ".." / "pyproject.toml").as_uri())
    response = fetcher.fetch((REPO / "templates" / "languages.toml").as_uri())
    assert b"[zh]" in response.read()


def test_release_build_refuses_incomplete_translations_naming_each_catalog(tmp_path):
    project = copy_project(tmp_path / "p", ("tokayev-address",))
    run_cli("sync", cwd=project)
    paths = [project / "locales" / lang / "LC_MESSAGES" / "tokayev-address.po" for lang in ("ru", "kk")]
    for path in paths:
        catalog = read_po(path)
        catalog.entries[3].msgstr = ""
        write_po(catalog, path)
    result = run_cli("build", "-q", cwd=project, env=EPOCH)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == [str(path) for path in paths]  # one line each, in one run
    assert all("release build refused: 1 segment untranslated" in line and catalog.entries[3].msgctxt in line
               for line in lines)
    assert not (project / "dist" / "tokayev-address" / "kk.pdf").exists()


@pytest.mark.parametrize("line, broken, expected", [
    (11, ('{{ labels["skip"] }}', "{{ skip_label }}"), "'skip_label' is undefined"),  # found while rendering, in a worker
    (20, ('{{ labels["adopted"]', '{{ labels["adopted"'), "unexpected '}', expected ']'"),  # found while compiling
])
def test_a_template_error_is_one_line_naming_the_template_and_line(tmp_path, line, broken, expected):
    project = copy_project(tmp_path / "p", ("tokayev-address",))
    template = project / "templates" / "edition.html.j2"
    lines = template.read_text(encoding="utf-8").split("\n")
    assert broken[0] in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(*broken)
    template.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("build", "--draft", "-q", "-j", "2", cwd=project, env=EPOCH)
    assert result.returncode == 2
    assert result.stderr == f"{template}:{line}: {expected}; fix the template\n"


def test_missing_glyph_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "p", ("tokayev-address",))
    run_cli("sync", cwd=project)
    set_translation(project, "zh", "tokayev-address", "s22", "他还提醒与会者 \U00013000 明年。")
    result = run_cli("build", "--draft", "-q", cwd=project, env=EPOCH)
    assert result.returncode == 1
    assert "U+13000" in result.stderr and "s22" in result.stderr
    assert not (project / "dist" / "tokayev-address" / "zh.pdf").exists()


def test_builds_are_reproducible_and_incremental(tmp_path):
    project = copy_project(tmp_path / "p", ("tokayev-address",))
    run_cli("sync", cwd=project)
    first = run_cli("build", "--draft", "-q", cwd=project, env=EPOCH)
    assert first.returncode == 0, first.stderr
    outputs = {p: p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    noop = run_cli("build", "--draft", "-q", cwd=project, env=EPOCH)
    assert "0 editions built, 7 up to date" in noop.stdout
    shutil.rmtree(project / "dist")
    assert run_cli("build", "--draft", "-q", cwd=project, env=EPOCH).returncode == 0
    again = {p: p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    assert again.keys() == outputs.keys()
    assert [p.name for p in outputs if outputs[p] != again[p]] == []
    set_translation(project, "ru", "tokayev-address", "s22", "Он также напомнил, что в следующем году исполнится 25 лет ШОС.")
    partial = run_cli("build", "--draft", "-q", cwd=project, env=EPOCH)
    assert "2 editions built, 5 up to date" in partial.stdout
