"""Paragraphs of a translation as published: plain text, HTML or DOCX, in reading order.

Each reader gives the paragraphs with where they stand in the file, for the report; how
the file breaks its text into paragraphs is kept, since aligning is what decides how they
correspond to segments.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import lxml.html
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from sco_publish.errors import Location, UserError
from sco_publish.languages import language_rules

SPACE = re.compile(r"\s+")
# Blocks whose text is a paragraph when no block is inside them.
HTML_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "blockquote", "div",
               "pre", "caption", "figcaption"}
HTML_SKIPPED = {"script", "style", "nav", "header", "footer", "noscript", "template", "form", "button"}


@dataclass(frozen=True)
class Paragraph:
    text: str
    where: Location  # file and line (plain text, HTML) or file and paragraph number (DOCX)


def read_paragraphs(path: Path, lang: str) -> list[Paragraph]:
    """The paragraphs of ``path``, told by its extension; ``lang`` says how wrapped lines rejoin."""
    readers = {".txt": _read_text, ".text": _read_text, ".html": _read_html, ".htm": _read_html, ".docx": _read_docx}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise UserError(path, "unknown kind of file; give the translation as .txt, .html or .docx")
    if not path.is_file():
        raise UserError(path, "no such file; give the path of the translation")
    paragraphs = [p for p in reader(path, lang) if p.text]
    if not paragraphs:
        raise UserError(path, "no text found; is this the translation?")
    return paragraphs


def _joiner(lang: str) -> str:
    """Chinese lines rejoin without a space (there are none between words)."""
    return "" if language_rules(lang).substring else " "


def _read_text(path: Path, lang: str) -> list[Paragraph]:
    """Paragraphs are separated by blank lines; a file without any has one paragraph a line."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise UserError(path, "not valid UTF-8; save the translation as UTF-8") from None
    blank_separated = any(not line.strip() for line in lines)
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            current.append(line.strip())
        if current and (not line.strip() or not blank_separated):
            text = SPACE.sub(" ", _joiner(lang).join(current))
            paragraphs.append(Paragraph(text, Location(path, number - len(current) + (1 if line.strip() else 0))))
            current = []
    return paragraphs


def _read_html(path: Path, lang: str) -> list[Paragraph]:
    """Text of the innermost blocks; scripts, navigation, headers and footers are not text."""
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.parse(str(path), parser).getroot()
    except (OSError, ValueError) as error:
        raise UserError(path, f"cannot read as HTML: {error}; save the page as HTML") from None
    if root is None:
        return []
    for skipped in list(root.iter(*HTML_SKIPPED)):
        skipped.drop_tree()
    paragraphs = []
    for element in root.iter(*HTML_BLOCKS):
        if any(True for _ in element.iterdescendants(*HTML_BLOCKS)):
            continue
        text = SPACE.sub(" ", element.text_content()).strip()
        paragraphs.append(Paragraph(text, Location(path, element.sourceline)))
    return paragraphs


def _read_docx(path: Path, lang: str) -> list[Paragraph]:
    """Body paragraphs and the paragraphs of table cells, in the document's order."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UserError(path, f"cannot read as DOCX ({error}); save the translation as Word .docx") from None
    texts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            texts += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            texts.append(block.text)
    return [Paragraph(SPACE.sub(" ", text).strip(), Location(path, f"paragraph {number}"))
            for number, text in enumerate(texts, start=1)]
