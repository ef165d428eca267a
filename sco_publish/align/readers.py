"""Paragraphs of a translation as published: plain text, Markdown, HTML or DOCX, in reading order.

HTML, Markdown and DOCX are read by the text import's readers (``texts_in.readers``: what a
reader of the page sees, navigation and scripts left out, a ``<br>`` ending a line). Plain
text is read here, differently: a translation's paragraphs run over several lines and are
separated by blank lines. How the file breaks its text into paragraphs is kept, since
aligning is what decides how they correspond to segments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sco_publish.errors import Location, UserError
from sco_publish.glossary.languages import language_rules
from sco_publish.texts_in.readers import READERS, read_source

SPACE = re.compile(r"\s+")
PLAIN_TEXT = (".txt", ".text")


@dataclass(frozen=True)
class Paragraph:
    text: str
    where: Location  # file and line (plain text, HTML, Markdown) or file and paragraph number (DOCX)


def read_paragraphs(path: Path, lang: str) -> list[Paragraph]:
    """The paragraphs of ``path``, told by its extension; ``lang`` says how wrapped lines rejoin."""
    if path.suffix.lower() not in READERS:
        raise UserError(path, "unknown kind of file; give the translation as .txt, .md, .html or .docx")
    if not path.is_file():
        raise UserError(path, "no such file; give the path of the translation")
    if path.suffix.lower() in PLAIN_TEXT:
        paragraphs = _read_text(path, lang)
    else:
        paragraphs = [Paragraph(block.text, Location(path, block.line)) for block in read_source(path)]
    paragraphs = [p for p in paragraphs if p.text]
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
