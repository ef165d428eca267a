"""Lines of a PDF as poppler reads them (``pdftotext -bbox-layout``): what a typographer checks.

Each line keeps its page, column (left or right half of a bilingual page), box and words,
so that tests can count hyphenated line ends, find names split across lines and measure
how far a justified line stops short of the text edge.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
HYPHEN = "\u00ad"  # a hyphen the layout added at a line end, as extraction reads it (editions/hyphens.py)
RIGHT_EDGE = 595.28 - 56.69  # A4 less the 20 mm margin of templates/edition.css.j2
TOP_MARGIN, BOTTOM_MARGIN = 22 * 72 / 25.4, 24 * 72 / 25.4  # the @page margins, in points
LOOSE_SPACE = 6.0  # points: a word space at 10.5 pt is about 2.6 pt


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


def pdf_lines(pdf: Path) -> list[Line]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    lines = []
    for page_number, page in enumerate(root.iter(f"{XHTML}page"), 1):
        middle = float(page.get("width")) / 2
        for block_number, block in enumerate(page.iter(f"{XHTML}block")):
            for line in block.iter(f"{XHTML}line"):
                boxes = list(line.iter(f"{XHTML}word"))
                words = tuple(word.text or "" for word in boxes)
                gaps = tuple(float(b.get("xMin")) - float(a.get("xMax")) for a, b in zip(boxes, boxes[1:]))
                x_min = float(line.get("xMin"))
                lines.append(Line(page_number, float(page.get("height")), int(x_min >= middle - 1), block_number,
                                  x_min, float(line.get("xMax")), float(line.get("yMin")), float(line.get("yMax")),
                                  words, gaps))
    return lines


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


def body_lines(lines: list[Line], running_heads: float = 60.0) -> list[Line]:
    """Lines of the text block, without the running head and page number in the margins."""
    return [line for line in lines if running_heads < line.y_min < line.page_height - running_heads]


def text_rows(lines: list[Line], columns: int) -> list[list[tuple[str, ...]]]:
    """The words of each line of the text block (the margins left out), one list per column,
    top to bottom across the pages.  poppler may cut one printed line into several of its lines
    (a justified line's wide spaces); those with the same top on a page are put back together."""
    printed: dict[tuple[int, int, int], list[Line]] = {}
    for line in lines:
        if TOP_MARGIN - 1 <= line.y_min < line.page_height - BOTTOM_MARGIN:
            column = line.column if columns > 1 else 0
            printed.setdefault((column, line.page, round(line.y_min)), []).append(line)
    rows: list[list[tuple[str, ...]]] = [[] for _ in range(columns)]
    for (column, _, _), pieces in sorted(printed.items()):
        rows[column].append(tuple(word for piece in sorted(pieces, key=lambda piece: piece.x_min) for word in piece.words))
    return rows


def short_lines(lines: list[Line], edge: float, by: float) -> list[Line]:
    """Lines that stop short of the text edge ``edge`` (x, points) by more than ``by`` points;
    the last line of each block (a paragraph's last line) may be short."""
    last = {(line.page, line.block): line for line in lines}
    return [line for line in lines if line is not last[line.page, line.block] and line.x_max < edge - by]


def main(paths: list[str]) -> None:
    """Print, per PDF: lines, hyphenated line ends (percentage), longest run."""
    for path in paths:
        lines = body_lines(pdf_lines(Path(path)))
        hyphenated = sum(line.hyphenated for line in lines)
        runs = hyphen_runs(lines)
        right = [line for line in lines if line.column == int("-" in Path(path).stem)]
        loose = [line for line in right if max(line.gaps, default=0) > LOOSE_SPACE]
        short = short_lines(right, RIGHT_EDGE, 1.0)
        print(f"{path}: {len(lines)} lines, {hyphenated} hyphenated ({100 * hyphenated / max(len(lines), 1):.0f}%), "
              f"longest run {max(runs, default=0)}, "
              f"{len(short)} of {len(right)} lines of the (right) column end short by more than 1 pt, "
              f"{len(loose)} have a word space wider than {LOOSE_SPACE} pt")


if __name__ == "__main__":
    main(sys.argv[1:])
