"""Lines of a PDF as poppler reads them (``pdftotext -bbox-layout``): what a typographer checks.

Each line keeps its page, column (left or right half of a bilingual page), box and words,
so that tests can count hyphenated line ends, find names split across lines and measure
how far a justified line stops short of the text edge.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
HYPHEN = "\u00ad"  # a hyphen the layout added at a line end, as extraction reads it (editions/hyphens.py)
RIGHT_EDGE = 595.28 - 56.69  # A4 less the 20 mm margin of templates/edition.css.j2
TOP_MARGIN, BOTTOM_MARGIN = 22 * 72 / 25.4, 24 * 72 / 25.4  # the @page margins, in points
LOOSE_SPACE = 6.0  # points: a word space at 10.5 pt is 2.73 pt (Noto Serif's is 0.26 em)
LOOSE_RATIO = 1.5  # a word space wider than this many normal ones is loose to a typesetter's eye
PARAGRAPH_NUMBER = re.compile(r"\d+(?:\.\d+)*")  # "25", "25.2" (apparatus.py)


@dataclass(frozen=True)
class Line:
    page: int
    page_height: float
    column: int  # 0: left half of the page or one column, 1: right half
    block: int  # poppler's block (a paragraph or part of one) on its page
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    words: tuple[str, ...]
    gaps: tuple[float, ...]  # between consecutive words, in points

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def hyphenated(self) -> bool:
        return self.text.endswith(HYPHEN)


def pdf_lines(pdf: Path, single_column: bool = False) -> list[Line]:
    """The PDF's lines in poppler's reading order.  Poppler reads a line whose words stand
    far apart (a loose justified line, a paragraph number in the margin) as several lines;
    they are joined again (pieces of a column at one height), in the place of the first.
    Columns are the halves of the page, unless ``single_column`` (then a line crossing the
    middle is joined whole, and so is a table row)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    lines = []
    for page_number, page in enumerate(root.iter(f"{XHTML}page"), 1):
        middle = float(page.get("width")) / 2
        on_page: list[Line] = []
        for block_number, block in enumerate(page.iter(f"{XHTML}block")):
            for line in block.iter(f"{XHTML}line"):
                boxes = list(line.iter(f"{XHTML}word"))
                words = tuple(word.text or "" for word in boxes)
                gaps = tuple(float(b.get("xMin")) - float(a.get("xMax")) for a, b in zip(boxes, boxes[1:]))
                x_min = float(line.get("xMin"))
                column = 0 if single_column else int(x_min >= middle - 1)
                piece = Line(page_number, float(page.get("height")), column, block_number,
                             x_min, float(line.get("xMax")), float(line.get("yMin")), float(line.get("yMax")),
                             words, gaps)
                at = next((i for i, other in enumerate(on_page) if _same_line(other, piece)), None)
                if at is None:
                    on_page.append(piece)
                else:
                    on_page[at] = _joined(on_page[at], piece)
        lines += on_page
    return lines


def _same_line(a: Line, b: Line) -> bool:
    return (a.column == b.column and abs(a.y_min - b.y_min) < 0.5 and abs(a.y_max - b.y_max) < 0.5
            and (a.x_max <= b.x_min or b.x_max <= a.x_min))


def _joined(a: Line, b: Line) -> Line:
    """One line of two pieces of it, left to right, the block of the piece read first."""
    left, right = (a, b) if a.x_min < b.x_min else (b, a)
    return Line(a.page, a.page_height, a.column, a.block, left.x_min, right.x_max, min(a.y_min, b.y_min),
                max(a.y_max, b.y_max), left.words + right.words, left.gaps + (right.x_min - left.x_max,) + right.gaps)


def hyphen_runs(lines: list[Line]) -> list[int]:
    """Lengths of the runs of consecutive hyphenated line ends, column by column; a paragraph
    running on to the next page (its last line there hyphenated) continues its run."""
    runs = []
    for column in (0, 1):
        run = 0
        for line in (line for line in lines if line.column == column):
            if line.hyphenated:
                run += 1
            else:
                if run:
                    runs.append(run)
                run = 0
        if run:
            runs.append(run)
    return runs


def body_lines(lines: list[Line]) -> list[Line]:
    """Lines of the text block, without the running heads and feet in the page margins (a foot
    is two lines, the status and the page, since the status is printed there)."""
    return [line for line in lines if TOP_MARGIN - 1 <= line.y_min < line.page_height - BOTTOM_MARGIN]


def text_rows(lines: list[Line], columns: int) -> list[list[tuple[str, ...]]]:
    """The words of each line of the text block (the margins left out), one list per column,
    top to bottom across the pages (``lines`` from :func:`pdf_lines`, which has put the pieces
    of a printed line back together; ``single_column`` for a one-language PDF)."""
    rows: list[list[tuple[str, ...]]] = [[] for _ in range(columns)]
    for line in sorted(body_lines(lines), key=lambda line: (line.page, line.y_min, line.x_min)):
        rows[line.column].append(line.words)
    return rows


def short_lines(lines: list[Line], edge: float, by: float) -> list[Line]:
    """Lines that stop short of the text edge ``edge`` (x, points) by more than ``by`` points;
    the last line of each block (a paragraph's last line) may be short."""
    last = {(line.page, line.block): line for line in lines}
    return [line for line in lines if line is not last[line.page, line.block] and line.x_max < edge - by]


def word_spaces(line: Line) -> tuple[float, ...]:
    """The spaces between the line's words, without the gap after a paragraph number that
    hangs in the margin (a numbered paragraph's first line)."""
    return line.gaps[1:] if line.words and PARAGRAPH_NUMBER.fullmatch(line.words[0]) else line.gaps


@dataclass(frozen=True)
class Spacing:
    """How the justified lines of one column (lines of the text block) were filled."""
    lines: int
    hyphenated: int  # lines ending with a hyphen hyphenation added
    longest_run: int  # of hyphenated line ends in a row
    justified: int  # lines reaching the column's right edge with a word space to stretch
    normal_space: float  # points: the median word space of the lines that stop short (not stretched)
    loose: int  # justified lines with a word space wider than LOOSE_RATIO normal ones
    very_loose: int  # justified lines with a word space wider than LOOSE_SPACE points

    @property
    def loose_share(self) -> float:
        return self.loose / max(self.justified, 1)


def justified_lines(lines: list[Line]) -> list[Line]:
    """The lines that end at the right edge of their column (the edge most lines end at) and
    have a word space: the lines justification stretched.  A paragraph's last line, a
    ragged-right line and a one-word line are left out."""
    ends = Counter(int(line.x_max) for line in lines)
    if not ends:
        return []
    common = ends.most_common(1)[0][0]
    edge = max(line.x_max for line in lines if int(line.x_max) == common)
    return [line for line in lines if abs(line.x_max - edge) < 1.0 and word_spaces(line)]


def spacing(lines: list[Line], normal: float | None = None) -> Spacing:
    """The figures of :class:`Spacing` for ``lines``, the body lines of one column; the
    ``normal`` word space is the median of the lines that stop short unless given."""
    justified = justified_lines(lines)
    stretched = set(map(id, justified))
    if normal is None:
        unstretched = [space for line in lines if id(line) not in stretched for space in word_spaces(line)]
        normal = statistics.median(unstretched or [0.0])
    widest = [max(word_spaces(line)) for line in justified]
    return Spacing(len(lines), sum(line.hyphenated for line in lines), max(hyphen_runs(lines), default=0),
                   len(justified), normal, sum(space > LOOSE_RATIO * normal for space in widest),
                   sum(space > LOOSE_SPACE for space in widest))


def main(paths: list[str]) -> None:
    """Print, per PDF and column: lines, hyphenated line ends (percentage), the longest run,
    justified lines and how many of them are loose, lines that end short of the edge."""
    for path in paths:
        lines = body_lines(pdf_lines(Path(path), single_column="-" not in Path(path).stem))
        for column in sorted({line.column for line in lines}):
            in_column = [line for line in lines if line.column == column]
            figures = spacing(in_column)
            short = short_lines(in_column, RIGHT_EDGE, 1.0) if column or "-" not in Path(path).stem else []
            print(f"{path}{' (right)' if column else ''}: {figures.lines} lines, {figures.hyphenated} hyphenated "
                  f"({100 * figures.hyphenated / max(figures.lines, 1):.0f}%), longest run {figures.longest_run}; "
                  f"{figures.justified} justified, {figures.loose} ({100 * figures.loose_share:.1f}%) with a word "
                  f"space over {LOOSE_RATIO}x the normal {figures.normal_space:.2f} pt, {figures.very_loose} over "
                  f"{LOOSE_SPACE} pt; {len(short)} end short of the right edge by more than 1 pt")


if __name__ == "__main__":
    main(sys.argv[1:])
