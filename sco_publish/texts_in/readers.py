"""Reading plain text, Markdown, HTML and DOCX into one stream of blocks.

Each format says as much about structure as it knows (a Markdown ``#``, an HTML ``<li>``, a
Word "Heading 1" style) and no more: a line of plain text is just text, and deciding what it
is (a heading, a list item, a signature) is left to the structure finder, which works the
same for every format.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sco_publish.errors import UserError

TEXT, HEADING, ITEM, ROW = "text", "heading", "item", "row"


@dataclass(frozen=True)
class Block:
    text: str
    kind: str  # TEXT (structure unknown), HEADING, ITEM (a list item) or ROW (a table row)
    line: int  # where it starts in the source: a line, or a paragraph's position in a DOCX
    level: int = 0  # a heading's level, or a list item's depth (0: top level)
    cells: tuple[str, ...] = ()  # a table row's cells


def clean(text: str) -> str:
    """One line of NFC text: runs of white space (tabs, non-breaking spaces, line breaks) as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def read_source(path: Path) -> list[Block]:
    """The blocks of ``path``, read by the format its extension names."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UserError(path, f"cannot import {path.suffix or 'a file without extension'}; "
                              f"give a {', '.join(sorted(READERS))} file")
    try:
        return reader(path)
    except OSError as error:
        raise UserError(path, f"cannot read: {error.strerror or error}; check the path") from None


def _read_text_file(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(path, f"not UTF-8 (byte {error.start}); save the file as UTF-8") from None


def read_plain_text(path: Path) -> list[Block]:
    """One block per non-blank line; a line with tabs is a table row (a signature block
    copied from a web page keeps its table as tab-separated cells)."""
    blocks = []
    for number, line in enumerate(_read_text_file(path).splitlines(), start=1):
        if "\t" in line.strip():
            cells = tuple(clean(cell) for cell in line.split("\t") if cell.strip())
            blocks.append(Block(" ".join(cells), ROW, number, cells=cells))
        elif line.strip():
            blocks.append(Block(clean(line), TEXT, number))
    return blocks


def read_markdown(path: Path) -> list[Block]:
    """Markdown parsed by markdown-it (CommonMark plus tables): headings, paragraphs, list
    items at their depth, table rows; link targets and emphasis marks dropped."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(_read_text_file(path))
    blocks: list[Block] = []
    depth, kind, level = -1, TEXT, 0
    cells: list[str] | None = None  # the cells of the table row being read
    for token in tokens:
        line = token.map[0] + 1 if token.map else 0
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "heading_open":
            kind, level = HEADING, int(token.tag[1])
        elif token.type == "list_item_open":
            kind, level = ITEM, depth
        elif token.type in ("heading_close", "list_item_close"):
            kind, level = TEXT, 0
        elif token.type == "tr_open":
            cells, row_line = [], line
        elif token.type == "tr_close":
            row = tuple(cell for cell in cells if cell)
            blocks.append(Block(" ".join(row), ROW, row_line, cells=row))
            cells = None
        elif token.type == "inline":
            text = clean("".join(child.content if child.type in ("text", "code_inline") else " " if "break" in child.type else ""
                                 for child in token.children or ()))
            if cells is not None:
                cells.append(text)
            elif text:
                blocks.append(Block(text, kind, line, level))
    return blocks


_DROPPED_HTML = ("script", "style", "nav", "header", "footer", "aside", "form", "button", "noscript",
                 "select", "iframe", "template", "svg", "head")
_HTML_BLOCKS = ("p", "div", "section", "article", "main", "body", "ul", "ol", "li", "table", "tbody",
                "thead", "tr", "td", "th", "blockquote", "center", "dl", "dt", "dd", "h1", "h2", "h3",
                "h4", "h5", "h6", "pre", "figure", "figcaption", "address")


def read_html(path: Path) -> list[Block]:
    """A saved web page: what a reader sees, in order. Navigation, headers, footers, forms
    and scripts are not the text and are skipped; headings, paragraphs, list items and table
    rows become blocks; a ``<br>`` ends a line."""
    from lxml import html

    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(path.read_bytes(), parser=parser)
    except Exception as error:  # lxml raises several kinds for pages it cannot make a tree of
        raise UserError(path, f"not a readable HTML page ({error}); save the page again as HTML") from None
    blocks: list[Block] = []
    _walk_html(root, blocks, depth=-1)
    return blocks


def _walk_html(element, blocks: list[Block], depth: int) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROPPED_HTML:
        return
    if re.fullmatch(r"h[1-6]", tag):
        _add_lines(blocks, element, HEADING, int(tag[1]))
        return
    if tag == "tr":
        cells = tuple(text for cell in element if (text := clean(cell.text_content())))
        if cells:
            blocks.append(Block(" ".join(cells), ROW, element.sourceline or 0, cells=cells))
        return
    if tag in ("ul", "ol"):
        depth += 1
    if tag == "li":
        _add_lines(blocks, element, ITEM, depth, skip_lists=True)
        for child in element:
            if child.tag in ("ul", "ol"):
                _walk_html(child, blocks, depth)
        return
    has_blocks = any(isinstance(child.tag, str) and child.tag in _HTML_BLOCKS for child in element.iter()
                     if child is not element)
    if not has_blocks:
        _add_lines(blocks, element, TEXT, 0)
        return
    if element.text and element.text.strip():
        blocks.append(Block(clean(element.text), TEXT, element.sourceline or 0))
    for child in element:
        _walk_html(child, blocks, depth)
        if child.tail and child.tail.strip():
            blocks.append(Block(clean(child.tail), TEXT, child.sourceline or 0))


def _add_lines(blocks: list[Block], element, kind: str, level: int, skip_lists: bool = False) -> None:
    """The text of ``element`` as blocks, one per line that ``<br>`` ends (a list item's
    nested lists left out when ``skip_lists``: they are items of their own)."""
    pieces = [element.text or ""]

    def collect(node) -> None:
        if node.tag == "br":
            pieces.append("")
        elif isinstance(node.tag, str) and node.tag not in _DROPPED_HTML and not (skip_lists and node.tag in ("ul", "ol")):
            pieces[-1] += node.text or ""
            for child in node:
                collect(child)
        pieces[-1] += node.tail or ""

    for child in element:
        collect(child)
    for piece in pieces:
        if clean(piece):
            blocks.append(Block(clean(piece), kind, element.sourceline or 0, level))


def read_docx(path: Path) -> list[Block]:
    """A Word document read with python-docx, body paragraphs and tables in order: the
    Title and Heading styles are headings, numbered or bulleted paragraphs (and List
    styles) are list items at their level, table rows are rows."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml import etree

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise UserError(path, f"not a readable DOCX file ({error}); save it again from Word as .docx") from None
    blocks: list[Block] = []
    for position, content in enumerate(document.iter_inner_content(), start=1):
        if isinstance(content, Table):
            for row in content.rows:
                cells = tuple(text for cell in row.cells if (text := clean(cell.text)))
                if cells:
                    blocks.append(Block(" ".join(cells), ROW, position, cells=cells))
            continue
        text = clean(content.text)
        if not text:
            continue
        style = content.style.name if content.style is not None else ""
        numbering = content._p.pPr.numPr if content._p.pPr is not None else None
        if style == "Title" or style.startswith("Heading"):
            level = int(style.rsplit(" ", 1)[-1]) if style[-1:].isdigit() else 0
            blocks.append(Block(text, HEADING, position, level))
        elif numbering is not None or style.startswith("List"):
            depth = numbering.ilvl.val if numbering is not None and numbering.ilvl is not None else 0
            if numbering is None and style[-1:].isdigit():
                depth = int(style.rsplit(" ", 1)[-1]) - 1
            blocks.append(Block(text, ITEM, position, depth))
        else:
            blocks.append(Block(text, TEXT, position))
    return blocks


READERS = {
    ".txt": read_plain_text,
    ".text": read_plain_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".docx": read_docx,
}
