"""PDF output with WeasyPrint: restricted fetching, subset fonts, tags and metadata."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from sco_publish.atomic import write_atomically
from sco_publish.editions.fonts import FontFace, find_face, subset_face
from sco_publish.errors import UserError


class ProjectURLFetcher(URLFetcher):
    """Fetches only ``file:`` URLs inside the allowed folders (templates, font cache); nothing else."""

    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.allowed = [folder.resolve() for folder in allowed]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):  # noqa: ANN001 - WeasyPrint's signature
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not any(path.is_relative_to(folder) for folder in self.allowed):
            self.refused.append(url)
            raise ValueError(f"sco-publish refuses to fetch {url}: outside the project's templates and fonts")
        return super().fetch(url, headers)


class _GlyphWatch(logging.Handler):
    """Collects WeasyPrint's warnings about glyphs drawn as .notdef (tofu)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "notdef" in message.lower() or "glyph" in message.lower():
            self.messages.append(message)


def font_face_css(stacks: dict[str, list[str]], main: str, characters: str, cache_dir: Path) -> str:
    """@font-face rules for subsets of every face in the stacks, a font-family per language,
    and the main language's for the page margins (running title, page numbers)."""
    rules = []
    families: dict[str, list[str]] = {}
    for lang, stack in stacks.items():
        names = []
        for family in stack:
            alias = "sp-" + family.lower().replace(" ", "-")
            names.append(alias)
            for style in ("regular", "bold", "italic"):
                face: FontFace = find_face(family, style)
                subset = subset_face(face, characters, cache_dir)
                rules.append(
                    f'@font-face {{ font-family: "{alias}"; src: url("{subset.resolve().as_uri()}"); '
                    f"font-weight: {700 if style == 'bold' else 400}; font-style: {'italic' if style == 'italic' else 'normal'}; }}"
                )
        families[lang] = names
    for lang, names in families.items():
        selector = f":lang({lang})"
        stack = ", ".join(f'"{name}"' for name in names)
        rules.append(f"{selector} {{ font-family: {stack}; }}")
        if lang == main:
            rules.append(f"@page {{ font-family: {stack}; }}")
    return "\n".join(dict.fromkeys(rules))


def write_pdf(html: str, target: Path, allowed: list[Path], base: Path) -> None:
    """Render ``html`` to ``target``; any .notdef glyph or refused resource fails the build."""
    fetcher = ProjectURLFetcher(allowed)
    watch = _GlyphWatch()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(watch)
    try:
        document = HTML(string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher)
        data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=target.name.encode(), uncompressed_pdf=False)
    finally:
        logger.removeHandler(watch)
    if watch.messages:
        raise UserError(target, f"missing glyphs while rendering: {watch.messages[0]}")
    if fetcher.refused:
        raise UserError(target, f"the edition asked for a resource outside the project: {fetcher.refused[0]}")
    write_atomically(target, data)
