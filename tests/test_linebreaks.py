"""The line-breaking rules added to WeasyPrint (linebreaks.py), on small pages read back with poppler."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdflines import hyphen_runs, pdf_lines, short_lines

from sco_publish.editions.hyphens import install as install_soft_hyphens
from sco_publish.editions.linebreaks import install, unhyphenated

weasyprint = pytest.importorskip("weasyprint")
RUSSIAN = ("Государства-члены подтвердили приверженность соблюдению общепризнанных принципов международного "
           "права, уважению многообразия цивилизаций, развитию равноправного и взаимовыгодного сотрудничества "
           "и полноценному задействованию центральной координирующей роли Организации Объединённых Наций. ") * 3
CHINESE = ("成员国重申，将继续深化合作，共同打击恐怖主义、分裂主义和极端主义，以及非法贩运麻醉药品、精神药物及其前体、"
           "走私武器等其他跨国有组织犯罪。成员国签署了《上合组织成员国关于建立应对安全威胁和挑战综合中心的协定》。") * 2
PAGE_WIDTH, MARGIN = 400, 20  # points


def render(tmp_path: Path, lang: str, text: str, width: str, words: frozenset[str] = frozenset()) -> Path:
    install()
    install_soft_hyphens()  # hyphenated line ends read as the editions' (pdflines.HYPHEN)
    html = (f'<html lang="{lang}"><style>@page {{ size: {PAGE_WIDTH}pt 2000pt; margin: {MARGIN}pt }} body {{ margin: 0 }} '
            f'p {{ width: {width}; text-align: justify; hyphens: auto; font-family: "Noto Serif", "Noto Serif CJK SC"; '
            f'font-size: 10pt }}</style><p>{text}</p></html>')
    path = tmp_path / f"{lang}.pdf"
    with unhyphenated(words):
        weasyprint.HTML(string=html).write_pdf(path)
    return path


def test_no_more_than_two_hyphenated_line_ends_in_a_row(tmp_path):
    lines = pdf_lines(render(tmp_path, "ru", RUSSIAN, "110pt"))
    assert sum(line.hyphenated for line in lines) >= 6  # a narrow column: hyphenation is needed
    assert max(hyphen_runs(lines)) <= 2


def test_protected_words_are_never_hyphenated(tmp_path):
    free = pdf_lines(render(tmp_path, "ru", RUSSIAN, "110pt"))
    protected = pdf_lines(render(tmp_path, "ru", RUSSIAN, "110pt", frozenset({"Объединённых", "приверженность"})))
    split = ("Объеди", "приверж", "привер", "приве")
    assert any(line.words[-1].startswith(split) and line.hyphenated for line in free)  # WeasyPrint would split them
    assert not any(line.words[-1].startswith(split) and line.hyphenated for line in protected)


def test_chinese_lines_end_at_the_text_edge(tmp_path):
    width = 355  # 35.5 ideographs of 10 pt: a line of whole ones stops short unless justified
    lines = pdf_lines(render(tmp_path, "zh-CN", CHINESE, f"{width}pt"))
    assert len(lines) >= 6
    assert short_lines(lines, MARGIN + width, 0.5) == []
