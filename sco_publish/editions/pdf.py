"""PDF output with WeasyPrint: restricted fetching, subset fonts, tags and metadata.

WeasyPrint 70 writes ``pdfuaid:part=1`` and a structure tree, but leaves out three things
PDF/UA-1 asks for, which this module adds:

- ``/Lang`` on structure elements (ISO 14289-1 7.2): WeasyPrint sets the document's language
  only, so an English passage in a Russian edition would be read as Russian.  Only the HTML
  knows which element is in which language, so its tag builder is extended while a PDF is
  written (``_tags_with_language_and_scope``): each element gets its HTML ``lang``.
- ``/Scope`` on table header cells (7.5), from the HTML ``scope`` attribute, in the same place.
- Page furniture as artifacts (7.1): WeasyPrint tags the text of margin boxes (running heads,
  page numbers) as marked content with MCIDs whose structure elements hang nowhere in the tree
  (its tags.py: "It could be included in tree as Artifact, but that's only allowed in PDF 2.0").
  ``_margins_as_artifacts`` has WeasyPrint draw that text as ``/Artifact`` marked content and
  leave it out of the structure tree, while it writes the PDF (no second pass over the file).

The build's provenance (source file, catalog, hashes, tool version) goes into the XMP metadata,
never onto the page (``_ProvenanceMetadata``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pydyf
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as weasyprint_tags
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.pdf.stream import Stream
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from sco_publish.editions.fonts import FontFace, find_face, subset_face
from sco_publish.editions.linebreaks import install as install_line_breaking
from sco_publish.editions.typography import mark_unhyphenated
from sco_publish.errors import UserError


RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# The XMP namespace of the build's provenance (source-file, catalog-sha256, tool, …).
PROVENANCE_NS = "urn:sco-publish:provenance:1/"
ElementTree.register_namespace("scop", PROVENANCE_NS)


class ProjectURLFetcher(URLFetcher):
    """Fetches only ``file:`` URLs inside the allowed folders (templates, font cache); nothing else."""

    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.allowed = [folder.resolve() for folder in allowed]
        self.failures: list[tuple[str, str]] = []  # (URL, why): WeasyPrint's own error names neither

    def fetch(self, url, headers=None):  # noqa: ANN001 - WeasyPrint's signature
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not any(path.is_relative_to(folder) for folder in self.allowed):
            self.failures.append((url, "the PDF renderer reads only templates/ and the font cache"))
            raise ValueError(f"sco-publish refuses to fetch {url}: outside the project's templates and fonts")
        try:
            return super().fetch(url, headers)
        except Exception as error:
            self.failures.append((url, str(error)))
            raise


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


HEADER_SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}
FLATTENED = ("html", "body")  # WeasyPrint hands their children to the /Document element


@contextmanager
def _tags_with_language_and_scope() -> Iterator[None]:
    """While a PDF is written, WeasyPrint's structure elements also carry ``/Lang`` (the
    element's HTML ``lang``) and, for header cells, ``/Scope`` (the HTML ``scope``; a header
    without one is a column header, as WeasyPrint associates it). Margin boxes get none: their
    content is drawn as artifacts (``_margins_as_artifacts``)."""
    build_box_tree = weasyprint_tags._build_box_tree

    def with_attributes(box, parent, *rest):  # noqa: ANN001, ANN202 - WeasyPrint's signature
        if isinstance(box, boxes.MarginBox):
            return
        html = box.element if box.element is not None and box.element_tag not in FLATTENED else None
        for element in build_box_tree(box, parent, *rest):  # recursion comes back through here
            if html is not None and html.get("lang") and "Lang" not in element:
                element["Lang"] = pydyf.String(html.get("lang"))
            if html is not None and element["S"] == "/TH":
                element["A"]["Scope"] = HEADER_SCOPES.get(html.get("scope", "col"), "/Column")
            yield element

    weasyprint_tags._build_box_tree = with_attributes
    try:
        yield
    finally:
        weasyprint_tags._build_box_tree = build_box_tree


@contextmanager
def _margins_as_artifacts(document: Document) -> Iterator[None]:
    """While ``document`` is written: what its margin boxes hold (running heads, feet, page
    numbers) is drawn as pagination artifacts, with no MCID, instead of tagged content."""
    furniture = {id(box) for page in document.pages for margin in page._page_box.children
                 if isinstance(margin, boxes.MarginBox) for box in margin.descendants()}
    marked = Stream.marked

    @contextmanager
    def marked_or_artifact(stream, box, tag):  # noqa: ANN001, ANN202 - WeasyPrint's signature
        if id(box) not in furniture or stream._tags is None:
            with marked(stream, box, tag):
                yield
            return
        stream.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Pagination"}))
        try:
            yield
        finally:
            stream.end_marked_content()

    Stream.marked = marked_or_artifact
    try:
        yield
    finally:
        Stream.marked = marked


class _ProvenanceMetadata(DocumentMetadata):
    """WeasyPrint's metadata, whose XMP packet gains a description of the build's inputs in
    the ``sco-publish`` namespace. It goes into WeasyPrint's own rdf:RDF: an XMP packet holds
    one, and WeasyPrint's ``xmp_metadata`` option would append a second."""

    def __init__(self, metadata: DocumentMetadata, provenance: dict[str, str]) -> None:
        super().__init__()
        vars(self).update(vars(metadata))
        self.provenance = provenance

    def generate_rdf_metadata(self, variant, version, conformance):  # noqa: ANN001, ANN201 - WeasyPrint's signature
        rdf = ElementTree.fromstring(super().generate_rdf_metadata(variant, version, conformance))
        description = ElementTree.SubElement(rdf, f"{{{RDF_NS}}}Description", {f"{{{RDF_NS}}}about": ""})
        for name, value in self.provenance.items():
            ElementTree.SubElement(description, f"{{{PROVENANCE_NS}}}{name}").text = value
        return ElementTree.tostring(rdf, encoding="utf-8")


def render_pdf(html: str, name: str, allowed: list[Path], templates: Path,
               provenance: dict[str, str] | None = None) -> bytes:
    """``html`` as PDF bytes, ``provenance`` (name → value) in its XMP metadata; a .notdef
    glyph or a resource outside ``allowed`` is a user error."""
    install_line_breaking()
    fetcher = ProjectURLFetcher(allowed)
    watch = _GlyphWatch()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(watch)
    options = dict(pdf_variant="pdf/ua-1", pdf_identifier=Path(name).name.encode(), uncompressed_pdf=False)
    try:
        document = HTML(string=mark_unhyphenated(html), base_url=templates.resolve().as_uri() + "/",
                        url_fetcher=fetcher).render(**options)
        document.metadata = _ProvenanceMetadata(document.metadata, provenance or {})
        with _tags_with_language_and_scope(), _margins_as_artifacts(document):
            data = document.write_pdf(**options)
    except FatalURLFetchingError:
        url, why = fetcher.failures[0]
        raise UserError(_template_asking_for(url, templates),
                        f"asks for {url}, which cannot be fetched ({why}); refer to a file in templates/") from None
    finally:
        logger.removeHandler(watch)
    if watch.messages:
        raise UserError(name, f"missing glyphs while rendering: {watch.messages[0]}")
    return data


def _template_asking_for(url: str, templates: Path) -> Path:
    """The template that names ``url`` (absolute, or relative to templates/), else templates/ itself."""
    path = Path(unquote(urlsplit(url).path))
    spellings = [url, unquote(url), os.path.relpath(path, templates.resolve())]
    sources = {template: template.read_text(encoding="utf-8", errors="replace")
               for template in sorted(templates.rglob("*")) if template.is_file()}
    for spelling in spellings:
        for template, text in sources.items():
            if spelling in text:
                return template
    return templates
