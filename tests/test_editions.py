"""Editions: PDFs read back with poppler, HTML checked in Chromium, vnu and axe-core; safety and rebuilds."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pikepdf
import pytest
from babel.numbers import parse_decimal
from babel.units import format_unit
from conftest import REPO, copy_repository_project, run_cli
from lxml import etree
from pdflines import BOTTOM_MARGIN, TOP_MARGIN
from pdfua import problems as pdfua_problems
from pdfua import text_languages

from sco_publish import __version__
from sco_publish.catalogs.pofile import read_po, write_po
from sco_publish.editions.pdf import PROVENANCE_NS, ProjectURLFetcher
from sco_publish.editions.render import Column
from sco_publish.project import load_documents
from sco_publish.settings import load_settings
from sco_publish.texts.model import ItemList
from sco_publish.texts.reader import load_document

LANGS = ("en", "ru", "zh", "kk")
EPOCH = {"SOURCE_DATE_EPOCH": "1756684800", **os.environ}  # 2025-09-01
KAZAKH_LETTERS = set("әғқңөұүһі")


def copy_project(root: Path, documents: tuple[str, ...] | None = None) -> Path:
    """The repository's project in ``root``, with only ``documents`` among its texts when given."""
    root.parent.mkdir(parents=True, exist_ok=True)
    copy_repository_project(root)
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


# Every document: the tests below read all of them (the PDF/UA rules, paragraph numbers, the index).
BUILT = tuple(sorted(path.stem for path in (REPO / "texts").glob("*.xml")))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The project built once, as a draft with one Kazakh segment left untranslated."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project", BUILT)
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


def assert_every_edition_is_built(dist: Path, documents: list[str]) -> None:
    """Every edition of every document: a PDF of at least a page, an HTML page in the
    edition's language holding every segment of the text, and the index linking each PDF."""
    slugs = list(LANGS) + [f"en-{lang}" for lang in LANGS[1:]]
    for document in documents:
        segment_ids = [segment.id for segment in load_document(REPO / "texts" / f"{document}.xml").segments()]
        for slug in slugs:
            assert re.search(r"Pages:\s+[1-9]", poppler("pdfinfo", pdf(dist, document, slug))), (document, slug)
            html = (dist / document / f"{slug}.html").read_text(encoding="utf-8")
            assert re.search(r'<html lang="([a-z]+)', html).group(1) == slug.split("-")[-1], (document, slug)
            assert [i for i in segment_ids if f'id="{i}"' not in html] == [], (document, slug)
    index = (dist / "index.html").read_text(encoding="utf-8")
    assert index.count('.pdf"') == len(documents) * len(slugs)


def test_every_edition_is_built(built):
    assert_every_edition_is_built(built, list(BUILT))


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


def test_pdf_outline_has_a_bookmark_for_each_part_pointing_at_its_page(built):
    """The PDF's outline (/Outlines, what a reader's bookmarks pane shows), not its named
    destinations: one bookmark per part, in order, each on the page where the part begins."""
    path = pdf(built, "tianjin-declaration", "en")
    with pikepdf.open(path) as document:
        page_numbers = {page.objgen: number for number, page in enumerate(document.pages, 1)}
        with document.open_outline() as outline:
            bookmarks = [(item.title, page_numbers[item.destination[0].objgen]) for item in outline.root]
    parts = [(numeral.group(), page) for title, page in bookmarks if (numeral := re.search(r"\b[IVX]+\b", title))]
    sections = load_document(REPO / "texts" / "tianjin-declaration.xml").sections
    assert len(sections) == 5 and [numeral for numeral, _ in parts] == ["I", "II", "III", "IV", "V"]
    assert [page for _, page in parts] == sorted(page for _, page in parts)
    for section, (numeral, page) in zip(sections, parts):
        first = section.blocks[0]
        segment = next(first.segments()) if isinstance(first, ItemList) else first
        words = " ".join(segment.text.split()[:4])
        page_text = poppler("pdftotext", "-f", page, "-l", page, path, "-")
        shown = " ".join(re.sub(r"\u00ad\s+", "", page_text).split())  # words hyphenated at a line end joined
        assert words in shown, (numeral, page, words)


# What each edition of the Tianjin Declaration (authentic in Russian and Chinese, English source) says it is.
STATUS = {
    "en": "Unofficial working text. Original: Russian, Chinese.",
    "ru": "Неофициальный перевод. Оригинал: русский, китайский.",
    "zh": "非正式译本。原文：俄语、中文。",
    "kk": "Ресми емес аударма. Түпнұсқа: орыс тілі, қытай тілі.",
}
PAGE_WORDS = {"en": "Page", "ru": "Страница", "zh": "页", "kk": "бет"}


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
    page = lxml.html.parse(str(built / "tianjin-declaration" / "en-zh.html"))
    title = page.findtext(".//title")
    assert title.startswith("Tianjin Declaration") and title.endswith("上海合作组织成员国元首理事会天津宣言")
    organizations = page.xpath("//header[@class='masthead']/p[@class='organization']")
    assert [(p.get("lang"), p.text) for p in organizations] == [("en", "Shanghai Cooperation Organization"), ("zh-Hans", "上海合作组织")]


def test_html_editions_show_the_status_in_a_named_note(built):
    for slug, langs in (("ru", ["ru"]), ("en-kk", ["en", "kk"])):
        page = lxml.html.parse(str(built / "tianjin-declaration" / f"{slug}.html"))
        [banner] = page.xpath("//*[@role='note']")
        assert banner.get("aria-label")
        assert [(p.get("lang"), p.text) for p in banner.xpath("p")] == [(lang, STATUS[lang]) for lang in langs]


COLOPHON = {"en": "Colophon", "ru": "Выходные сведения", "zh": "版本说明"}


def test_bilingual_bookmarks_name_each_part_once(built):
    for slug, first in (("en-ru", "I"), ("en-zh", "I / 一"), ("en", "Part I")):
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


def test_html_in_chromium_switcher_anchor_and_injection(built):
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
    assert report["results"][0]["lang"] == "ru" and report["results"][1]["lang"] == "zh-Hans"


def html_pages(dist: Path) -> list[Path]:
    """Every HTML file the build wrote: seven editions of each document built, and the index."""
    pages = sorted(dist.rglob("*.html"))
    documents = [folder for folder in dist.iterdir() if folder.is_dir()]
    assert documents and len(pages) == 7 * len(documents) + 1
    return pages


def assert_pages_fit_a_phone_and_pass_axe(dist: Path) -> None:
    """Every page, in one Chromium: nothing wider than a 390 px phone (or a 1280 px
    screen) makes it scroll sideways, and axe-core finds no violation at either width."""
    result = subprocess.run(["node", str(REPO / "tests" / "browser" / "check_pages.mjs"), str(dist), "390", "1280"],
                            capture_output=True, text=True, timeout=600, cwd=REPO)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert sorted(dist / page["page"] for page in report["results"]) == html_pages(dist)
    for page in report["results"]:
        for width, measured in page["widths"].items():
            assert measured["clientWidth"] == int(width)
            assert measured["scrollWidth"] <= measured["clientWidth"], (page["page"], width, measured["culprits"])
            assert measured["axe"] == [], (page["page"], width, measured["axe"])


@pytest.mark.slow  # every page in Chromium at two widths
def test_every_page_fits_a_phone_and_passes_axe(built):
    assert_pages_fit_a_phone_and_pass_axe(built)


def assert_valid_html(dist: Path) -> None:
    """The Nu Html Checker finds no error in any page of ``dist`` (every edition and the index)."""
    vnu = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    pages = html_pages(dist)
    result = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--format", "gnu", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # Java and every page of the build
def test_html_is_valid_for_the_nu_checker(built):
    assert_valid_html(built)


def test_html_has_hreflang_alternates_and_segment_ids(built):
    html = (built / "tianjin-declaration" / "zh.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in html
    for lang in ("en", "ru", "kk"):
        assert f'<link rel="alternate" hreflang="{lang}" href="{lang}.html">' in html
    # paragraph 2's id is its number; its segment's old anchor is still a target inside it
    assert re.search(r'<p id="para-2" class="seg numbered"><a class="para-num" id="s5" href="#para-2"', html)


def parse_page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def babel_locale(html_lang: str) -> str:
    return html_lang.split("-")[0]  # zh-Hans: Babel's zh


UNITS = {"digital-kilobyte": 1000, "digital-megabyte": 1_000_000}


def assert_states_size(text: str, html_lang: str, path: Path) -> None:
    """``text`` ("PDF, 61 кБ") gives the size of the file at ``path``, in the language's
    number format and CLDR unit, rounded to the unit (a megabyte to one decimal)."""
    locale = babel_locale(html_lang)
    found = re.fullmatch(r"PDF[,，] ?([\d.,\u00a0]+)\u00a0(.+)", text)
    assert found, text
    number, unit_text = found.groups()
    units = {format_unit(1, unit, length="short", locale=locale).split("\u00a0")[-1].split(" ")[-1]: factor
             for unit, factor in UNITS.items()}
    assert unit_text in units, (text, units)
    factor = units[unit_text]
    stated = float(parse_decimal(number, locale=locale)) * factor
    precision = factor if factor == 1000 else factor / 10
    assert abs(stated - path.stat().st_size) <= precision / 2, (text, path, path.stat().st_size)


def test_every_edition_links_its_pdf_with_its_size(built):
    pages = [page for page in html_pages(built) if page.name != "index.html"]
    for page in pages:
        tree = parse_page(page)
        links = tree.xpath('//a[@type="application/pdf"]')
        assert len(links) == 1, page
        target = page.parent / links[0].get("href")
        assert target == page.with_suffix(".pdf") and target.is_file()
        assert_states_size(links[0].text_content(), tree.get("lang"), target)


def test_index_states_each_pdf_size_in_the_editions_language(built):
    index = built / "index.html"
    links = parse_page(index).xpath('//a[@type="application/pdf"]')
    assert len(links) == len(html_pages(built)) - 1
    for link in links:
        assert_states_size(link.text_content(), link.xpath("ancestor-or-self::*[@lang][1]/@lang")[0], built / link.get("href"))


def hreflang_links(path: Path) -> tuple[Path, dict[str, Path]]:
    """The page's canonical address and its hreflang alternates, as files of the build."""
    head = parse_page(path).head
    canonical = head.xpath('link[@rel="canonical"]/@href')
    assert len(canonical) == 1, path
    alternates = {link.get("hreflang"): (path.parent / link.get("href")).resolve()
                  for link in head.xpath('link[@rel="alternate"][@hreflang]')}
    return (path.parent / canonical[0]).resolve(), alternates


def test_hreflang_sets_are_complete_and_reciprocal(built):
    languages = {"en", "ru", "zh-Hans", "kk"}
    for folder in sorted(p for p in built.iterdir() if p.is_dir()):
        pages = {page.resolve(): hreflang_links(page) for page in sorted(folder.glob("*.html"))}
        assert len(pages) == 7
        cluster = {page: links for page, links in pages.items() if "-" not in page.stem}
        for page, (canonical, alternates) in pages.items():
            assert canonical == page  # every edition, bilingual ones too, is its own canonical page
            assert set(alternates) == languages | {"x-default"}, page
            assert all(target in cluster for target in alternates.values()), page  # the single-language editions
            assert alternates["x-default"] == folder.resolve() / "en.html"  # the document's own language
            for hreflang, target in alternates.items():
                if hreflang != "x-default":
                    assert parse_page(target).get("lang") == hreflang
        for page, (_, alternates) in cluster.items():
            own = parse_page(page).get("lang")
            assert alternates[own] == page  # names itself
            for target in alternates.values():
                assert cluster[target][1][own] == page  # and every page it names names it back


def test_index_is_multilingual_without_file_names(built):
    tree = parse_page(built / "index.html")
    assert tree.get("lang") == "en"
    visible = tree.body.text_content()
    for document in BUILT:
        assert document not in visible
        section = tree.get_element_by_id(document)
        entries = section.getparent().xpath('.//ul[@class="editions"]/li')
        assert len(entries) == 7
        for entry in entries:
            edition = entry.xpath(".//a[@hreflang]")[0]
            page = parse_page(built / edition.get("href"))
            lang = entry.xpath("div/@lang")[0]
            assert lang == page.get("lang")
            title = page.findtext(".//title")  # a bilingual page's is "source / translation"
            assert title == edition.text_content() or title.endswith(" / " + edition.text_content())  # in the edition's language
            date = entry.xpath(".//time")[0]
            assert (date.get("datetime"), date.text) == next(  # the date as the edition writes it
                (t.get("datetime"), t.text_content().split(" · ")[-1]) for t in page.xpath('//*[@class="dateline"]//time'))
            names = [(span.get("lang"), span.text) for span in entry.xpath("h3/span")]
            assert names == [(link.get("lang"), link.text_content()) for link in page.xpath(  # named as the switcher names it
                '//nav[@class="languages"]//*[@aria-current="page"]/span')]
    assert "caption" not in lxml.html.tostring(tree, encoding="unicode")
    # text in a script is marked with the language written in it
    scripts = {"zh-Hans": re.compile(r"[\u4e00-\u9fff]"), "ru|kk": re.compile(r"[\u0400-\u04ff]"), "kk": re.compile(r"[әғқңөұүһі]")}
    for element in tree.body.iter():
        for owner, text in ((element, element.text), (element.getparent(), element.tail)):
            for languages, pattern in scripts.items():
                if text and pattern.search(text):
                    assert owner.xpath("ancestor-or-self::*[@lang][1]/@lang")[0] in languages.split("|"), text


def test_by_default_every_edition_counts_the_editorial_notes_in_its_colophon(built):
    english = (built / "tianjin-declaration" / "en.html").read_text(encoding="utf-8")
    chinese = (built / "tianjin-declaration" / "zh.html").read_text(encoding="utf-8")
    assert "Changes the editors made to the English source text: 4 corrections, 6 other editorial changes." in english
    assert "编者对英文源文本所作的修改：更正4处、其他编辑处理6处。" in chinese
    for html in (english, chinese):
        assert '<section class="notes"' not in html and "Pezeshchian" not in html  # the list is "full" only


def test_draft_falls_back_to_english_with_a_marker_and_a_stamp(built):
    html = (built / "tokayev-address" / "kk.html").read_text(encoding="utf-8")
    fallback = re.search(r'<p id="para-19" lang="en" dir="ltr" class="seg numbered missing"><a [^>]*id="s22"[^>]*>19</a>([^<]*)', html)
    assert fallback and fallback.group(1).startswith("He also reminded participants")
    assert "әлі аударылмаған" in html
    text = poppler("pdftotext", pdf(built, "tokayev-address", "kk"), "-")
    assert text.count("ЖОБА") >= 2  # the title page and every page's margin


# ---------------------------------------------------------------- paragraph numbers, apparatus, provenance

DOCUMENTS = ("council-meeting-report", "tianjin-declaration", "tokayev-address")
SLUGS = (*LANGS, *(f"en-{lang}" for lang in LANGS[1:]))
SEGMENT_ID = re.compile(r"\bs\d+\b")


def paragraph_numbers(document: str) -> dict[str, str]:
    """Segment ID → paragraph number, in reading order, as the document model gives them."""
    documents = load_documents(load_settings(REPO))
    return next(d for d in documents if d.id == document).paragraph_numbers


def in_order(expected: list[str], found: list[str]) -> bool:
    """Whether ``expected`` occurs in ``found`` in this order (other lines may come between)."""
    rest = iter(found)
    return all(item in rest for item in expected)


def html_text(path: Path) -> str:
    """What a reader sees of an HTML page: the text of its body, no attributes."""
    body = lxml.html.parse(str(path)).getroot().body
    return " ".join(body.itertext())


def test_paragraph_numbers_are_the_same_in_every_pdf(built):
    for document in DOCUMENTS:
        expected = list(paragraph_numbers(document).values())
        assert len(expected) > 15 and len(set(expected)) == len(expected)
        for slug in SLUGS:
            lines = [line.strip() for line in poppler("pdftotext", pdf(built, document, slug), "-").splitlines()]
            # a number is a line of its own, or (in a bilingual column) starts the line of its text
            numbers = [match.group(1) for line in lines if (match := re.match(r"(\d+(?:\.\d+)*)(?:\s|$)", line))]
            assert in_order(expected, numbers), (document, slug, expected, numbers)


def test_paragraph_numbers_are_the_html_anchors_named_in_the_edition_language(built):
    wording = tomllib.loads((REPO / "templates" / "languages.toml").read_text(encoding="utf-8"))
    pages = [built / document / f"{slug}.html" for document in DOCUMENTS for slug in SLUGS]
    result = subprocess.run(["node", str(REPO / "tests" / "browser" / "check_anchors.mjs"), *map(str, pages)],
                            capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr
    links = json.loads(result.stdout)
    for page in pages:
        numbers = paragraph_numbers(page.parent.name)
        lang = page.stem.split("-")[-1]
        assert links[str(page)] == [
            {"href": f"#para-{num}", "id": segment, "role": "link", "name": wording[lang]["paragraph"].format(num=num)}
            for segment, num in numbers.items()
        ], page
        root = lxml.html.parse(str(page)).getroot()
        for segment, num in numbers.items():  # the link is inside the paragraph (or pair) it names
            assert root.get_element_by_id(segment).getparent() in root.get_element_by_id(f"para-{num}").iter()
        assert "#</a>" not in page.read_text(encoding="utf-8")  # the old "#" links are gone


def test_no_segment_ids_file_names_or_hashes_on_any_page(built):
    for document in DOCUMENTS:
        for slug in SLUGS:
            for text in (poppler("pdftotext", pdf(built, document, slug), "-"), html_text(built / document / f"{slug}.html")):
                assert not SEGMENT_ID.search(text), (document, slug, SEGMENT_ID.search(text))
                assert ".po" not in text and "sha256" not in text.lower(), (document, slug)


def test_build_provenance_is_in_the_xmp_and_the_html_meta_elements(built):
    project = built.parent
    source = project / "texts" / "tokayev-address.xml"
    catalog = project / "locales" / "ru" / "LC_MESSAGES" / "tokayev-address.po"
    expected = {
        "source-file": "texts/tokayev-address.xml",
        "source-sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "catalog-file": "locales/ru/LC_MESSAGES/tokayev-address.po",
        "catalog-revision": read_po(catalog).header_field("PO-Revision-Date"),
        "catalog-sha256": hashlib.sha256(catalog.read_bytes()).hexdigest(),
        "tool": f"sco-publish {__version__}",
    }
    for slug, wanted in (("ru", expected), ("en-ru", expected),
                         ("en", {k: v for k, v in expected.items() if not k.startswith("catalog")})):
        xmp = etree.fromstring(poppler("pdfinfo", "-meta", pdf(built, "tokayev-address", slug)).encode())
        found = {etree.QName(e).localname: e.text for e in xmp.iter(f"{{{PROVENANCE_NS}}}*")}
        assert found == wanted, slug
        head = lxml.html.parse(str(built / "tokayev-address" / f"{slug}.html")).getroot().head
        meta = {m.get("name").removeprefix("sco-publish."): m.get("content")
                for m in head.iter("meta") if m.get("name", "").startswith("sco-publish.")}
        assert meta == wanted, slug


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
    pytest.param(11, ('{{ labels["skip"] }}', "{{ skip_label }}"), "'skip_label' is undefined",  # found while rendering, in a worker
                 marks=pytest.mark.slow),  # editions are rendered until one fails
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


@pytest.mark.slow  # three builds of a document's seven editions
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
    # a change that moves the PDFs' sizes by kilobytes: the rebuilt pages, and the index, state the new sizes
    dist = project / "dist"
    changed = [dist / "tokayev-address" / f"{slug}.pdf" for slug in ("ru", "en-ru")]
    before = [path.stat().st_size for path in changed]
    set_translation(project, "ru", "tokayev-address", "s22", " ".join(
        f"Он также напомнил, что в {year} году исполнится {year - 2001} лет ШОС." for year in range(2026, 2086)))
    assert "2 editions built, 5 up to date" in run_cli("build", "--draft", "-q", cwd=project, env=EPOCH).stdout
    assert all(path.stat().st_size - size > 2000 for path, size in zip(changed, before))
    for path in changed:
        page = path.with_suffix(".html")
        assert_states_size(parse_page(page).xpath('//a[@type="application/pdf"]')[0].text_content(), "ru", path)
        link = parse_page(dist / "index.html").xpath(f'//a[@href="tokayev-address/{path.name}"]')[0]
        assert_states_size(link.text_content(), "ru", path)
    # a base URL makes canonical and hreflang links absolute: every edition is built again
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'output = "dist"', 'output = "dist"\nbase-url = "https://example.org/sco"'), encoding="utf-8")
    published = run_cli("build", "--draft", "-q", cwd=project, env=EPOCH)
    assert "7 editions built, 0 up to date" in published.stdout
    head = parse_page(dist / "tokayev-address" / "en-kk.html").head
    assert head.xpath('link[@rel="canonical"]/@href') == ["https://example.org/sco/tokayev-address/en-kk.html"]
    assert head.xpath('link[@hreflang="x-default"]/@href') == ["https://example.org/sco/tokayev-address/en.html"]
    assert head.xpath('link[@hreflang="zh-Hans"]/@href') == ["https://example.org/sco/tokayev-address/zh.html"]
    assert parse_page(dist / "index.html").head.xpath('link[@rel="canonical"]/@href') == ["https://example.org/sco/index.html"]
