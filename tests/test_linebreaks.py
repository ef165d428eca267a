"""The line-breaking rules added to WeasyPrint (linebreaks.py), on small pages read back with poppler."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
from pdflines import hyphen_runs, pdf_lines, short_lines, spacing

from sco_publish.editions.linebreaks import install
from sco_publish.editions.typography import WORD_JOINER

weasyprint = pytest.importorskip("weasyprint")
RUSSIAN = ("Государства-члены подтвердили приверженность соблюдению общепризнанных принципов международного "
           "права, уважению многообразия цивилизаций, развитию равноправного и взаимовыгодного сотрудничества "
           "и полноценному задействованию центральной координирующей роли Организации Объединённых Наций. ") * 3
CHINESE = ("成员国重申，将继续深化合作，共同打击恐怖主义、分裂主义和极端主义，以及非法贩运麻醉药品、精神药物及其前体、"
           "走私武器等其他跨国有组织犯罪。成员国签署了《上合组织成员国关于建立应对安全威胁和挑战综合中心的协定》。") * 2
PAGE_WIDTH, MARGIN = 400, 20  # points
NORMAL_SPACE = 2.6  # points: Noto Serif's word space (0.26 em) at 10 pt
# Words of glossary names in RUSSIAN: lines before them cannot end with a hyphenated part.
PROTECTED = frozenset({"Объединённых", "Организации", "Наций", "приверженность", "международного", "цивилизаций"})


def render(tmp_path: Path, lang: str, text: str, width: str, words: frozenset[str] = frozenset(),
           tracking: str = "") -> Path:
    install()  # with hyphens.py's: hyphenated line ends read as the editions' (pdflines.HYPHEN)
    html = (f'<html lang="{lang}"><style>@page {{ size: {PAGE_WIDTH}pt 2000pt; margin: {MARGIN}pt }} body {{ margin: 0 }} '
            f'p {{ width: {width}; text-align: justify; hyphens: auto; font-family: "Noto Serif", "Noto Serif CJK SC"; '
            f'font-size: 10pt; {f"--justify-tracking: {tracking}" if tracking else ""} }}</style><p>{text}</p></html>')
    for word in words:  # as typography.mark_unhyphenated marks them
        html = re.sub(rf"\b{word}\b", word + WORD_JOINER, html)
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{lang}.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def test_no_more_than_two_hyphenated_line_ends_in_a_row(tmp_path):
    lines = pdf_lines(render(tmp_path, "ru", RUSSIAN, "110pt"))
    assert sum(line.hyphenated for line in lines) >= 6  # a narrow column: hyphenation is needed
    assert max(hyphen_runs(lines)) <= 2


def test_protected_words_are_never_hyphenated(tmp_path):
    free = pdf_lines(render(tmp_path / "free", "ru", RUSSIAN, "110pt"))
    protected = pdf_lines(render(tmp_path / "protected", "ru", RUSSIAN, "110pt",
                                 frozenset({"Объединённых", "приверженность"})))
    split = ("Объеди", "приверж", "привер", "приве")
    assert any(line.words[-1].startswith(split) and line.hyphenated for line in free)  # WeasyPrint would split them
    assert not any(line.words[-1].startswith(split) and line.hyphenated for line in protected)
    assert "\u2060" not in "".join(line.text for line in protected)  # the joiner is not extracted


def test_chinese_lines_end_at_the_text_edge(tmp_path):
    width = 355  # 35.5 ideographs of 10 pt: a line of whole ones stops short unless justified
    lines = pdf_lines(render(tmp_path, "zh-CN", CHINESE, f"{width}pt"))
    assert len(lines) >= 6
    assert short_lines(lines, MARGIN + width, 0.5) == []


def test_loose_lines_take_a_little_letter_spacing(tmp_path):
    """WeasyPrint alone stretches word spaces only; with --justify-tracking (2% of an em) fewer
    lines have spaces over 1.5 normal ones, and every line still ends at the text edge: the
    letter spacing after a line's last character is not counted (it would leave each line
    0.2 pt short, on top of the PDF's glyph positions, rounded down to 1/1000 em, which leave
    up to 0.35 pt)."""
    def render_tracked(tracking: str) -> list:
        folder = tmp_path / (tracking or "plain")
        folder.mkdir()
        return pdf_lines(render(folder, "ru", RUSSIAN, "240pt", PROTECTED, tracking), single_column=True)

    plain, lines = render_tracked(""), render_tracked("0.02")
    justified = [line for line in lines[:-1] if line.x_max > MARGIN + 240 - 5]
    assert spacing(lines, NORMAL_SPACE).loose <= spacing(plain, NORMAL_SPACE).loose - 4
    assert len(justified) == len(lines) - 1
    assert short_lines(lines, MARGIN + 240, 0.5) == []
    assert statistics.mean(MARGIN + 240 - line.x_max for line in justified) < 0.22
    assert [line.text for line in lines] == [line.text for line in plain]  # the same breaks
