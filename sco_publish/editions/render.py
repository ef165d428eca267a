"""Rendering an edition to HTML with the Jinja2 templates; every text is escaped (autoescape)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from jinja2 import (Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound,
                    TemplateSyntaxError, pass_context, select_autoescape)
from markupsafe import Markup, escape

from sco_publish import __version__
from sco_publish.texts.model import Document, ItemList, Segment
from sco_publish.errors import Location, UserError
from sco_publish.editions.apparatus import place, summary
from sco_publish.editions.content import Text, Translation
from sco_publish.editions.labels import Labels, labels_for
from sco_publish.editions.model import Edition
from sco_publish.editions.fonts import text_width
from sco_publish.editions.provenance import Provenance
from sco_publish.editions.typography import shorten_at_word, typeset
from sco_publish.glossary.tbx import Glossary


@dataclass(frozen=True)
class Column:
    """One language of an edition with everything the templates show in it."""

    lang: str
    labels: Labels
    translation: Translation
    organization: str

    def text(self, segment: Segment) -> Text:
        return self.translation.text(segment)

    def status_key(self, document: Document) -> str:
        """The label saying what this column's text is: a translation, even into an authentic
        language, is unofficial; the source is authentic only where the document says so."""
        if self.lang != document.lang:
            return "status_translation"
        return "status_authentic" if self.lang in document.authentic_languages else "status_source"

    def status(self, document: Document) -> str:
        """What this text is, for the reader ("Unofficial translation. Original: Russian, Chinese.")."""
        key = self.status_key(document)
        return self.labels[key].format(languages=self.labels.language_list(document.authentic_languages, key))


@cache
def environment(templates: Path) -> Environment:
    """One environment per templates folder and process, so each template is compiled once:
    compiling them took longer than rendering an edition's HTML, and an edition renders twice
    (print HTML, then HTML). Jinja2 still recompiles a template whose file changed
    (``auto_reload``); the build compiles them all before forking its workers."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests["item_list"] = lambda value: isinstance(value, ItemList)
    env.tests["link_url"] = link_url
    env.filters["css_string"] = css_string
    env.filters["fill"] = fill
    env.filters["typeset"] = _typeset
    return env


# The running heads of templates/edition.css.j2: 8pt across the 170 mm between A4's 20 mm
# margins (85% of it beside a DRAFT stamp); a bilingual edition's two halves, the right one
# less its 6 mm padding.
RUNNING_HEAD_SIZE = 8.0
TEXT_WIDTH = 170 * 72 / 25.4


def running_heads(edition: Edition, columns: list[Column], title_of, draft: bool) -> dict[str, str]:
    """Each column's title as its running head prints it: whole, or cut at a word with "…"."""
    width = (85 - 6) * 72 / 25.4 if edition.bilingual else TEXT_WIDTH * (0.85 if draft else 1)
    return {column.lang: shorten_at_word(title_of(column), lambda text, column=column:
                                         text_width(text, column.labels.fonts, RUNNING_HEAD_SIZE) <= width)
            for column in columns}


@pass_context
def _typeset(context, text: str, lang: str) -> Markup:
    """The filter ``typeset(lang)``: typography for a text in ``lang``, with the edition's
    glossary (names never hyphenated) and the language's settings from the template's context."""
    return typeset(text, context["labels_of"](lang).bind_short_words, context.get("glossary"), lang)


def render_template(env: Environment, templates: Path, name: str, **context: object) -> str:
    """The template ``name`` rendered; a mistake in a template (syntax, an undefined name, a
    missing include) is a user error naming the template file and line, not a traceback."""
    try:
        return env.get_template(name).render(**context)
    except TemplateError as error:
        raise template_error(error, templates, name) from None


def check_templates(templates: Path) -> None:
    """Compile every template, so that a syntax error stops a build before any work starts."""
    env = environment(templates)
    for name in env.list_templates(extensions=["j2"]):
        try:
            env.get_template(name)
        except TemplateError as error:
            raise template_error(error, templates, name) from None


def template_error(error: TemplateError, templates: Path, name: str) -> UserError:
    if isinstance(error, TemplateSyntaxError):  # found while compiling: Jinja2 knows where
        where = Location(Path(error.filename) if error.filename else templates / name, error.lineno)
    else:  # raised while rendering: the innermost frame of a template's code says where
        where = _template_frame(error.__traceback__, templates) or Location(templates / name)
    what = f"template {error.name!r} not found" if isinstance(error, TemplateNotFound) else error.message or str(error)
    return UserError(where, f"{what}; fix the template")


def _template_frame(traceback: TracebackType | None, templates: Path) -> Location | None:
    """The last frame of the traceback running a template from ``templates`` (Jinja2 gives
    the frames of compiled templates the template's file name and line)."""
    found = None
    folder = templates.resolve()
    while traceback is not None:
        filename = Path(traceback.tb_frame.f_code.co_filename)
        if filename.suffix == ".j2" and filename.resolve().is_relative_to(folder):
            found = Location(filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


LINK_SCHEMES = ("http", "https", "mailto")


def link_url(url: str) -> bool:
    """Whether ``url`` may become a link: escaping does not stop ``javascript:`` from running when
    clicked, so any other scheme is shown as text."""
    return urlsplit(url).scheme.lower() in LINK_SCHEMES


def fill(pattern: str, **parts: Markup) -> Markup:
    """``pattern`` with ``{name}`` replaced by ready markup; the pattern's own text is escaped."""
    pieces = re.split(r"(\{\w+\})", pattern)
    return Markup("".join(
        str(parts[piece[1:-1]]) if piece.startswith("{") else str(escape(piece)) for piece in pieces if piece
    ))


def css_string(text: str) -> Markup:
    """A CSS string literal (quotes and backslashes escaped) for labels in generated CSS."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return Markup(f'"{escaped}"')


def page_label(labels: Labels) -> Markup:
    """``Page {page} of {pages}`` as CSS content with page counters."""
    parts = []
    rest = labels["page"]
    while rest:
        head, brace, tail = rest.partition("{")
        if head:
            parts.append(css_string(head))
        if not brace:
            break
        name, _, rest = tail.partition("}")
        parts.append(Markup(f"counter({'pages' if name == 'pages' else 'page'}, local-digits)"))
    return Markup(" ").join(parts)


def organization_name(glossary: Glossary, lang: str) -> str:
    concept = glossary.concept("sco")
    terms = concept.approved(lang) if concept else []
    return max((t.text for t in terms), key=len) if terms else "Shanghai Cooperation Organization"


def published_url(path: str, base_url: str, folder: str = "") -> str:
    """The address of ``path`` (a file in the output folder) in canonical and hreflang links
    of a page in ``folder``: under the published base URL when the project sets one, else
    relative to that page (right wherever the files are served)."""
    if base_url:
        return base_url.rstrip("/") + "/" + path
    return path.removeprefix(f"{folder}/") if folder else path


def original_edition(edition: Edition, siblings: list[Edition]) -> Edition:
    """The single-language edition in the language the document is written in: the
    ``x-default`` of its hreflang set, for readers whose language has no edition."""
    return next(e for e in siblings if e.langs == (edition.document.lang,))


def render_edition(
    edition: Edition,
    translations: dict[str, Translation],
    templates: Path,
    glossary: Glossary,
    medium: str,
    all_editions: list[Edition],
    draft: bool,
    build_date: datetime.date,
    provenance: Provenance | None = None,
    editorial_notes: str = "short",
    font_css: str = "",
    base_url: str = "",
    pdf_size: int = 0,
) -> str:
    """The edition's HTML for ``medium`` ("html" for the web page, "pdf" for WeasyPrint);
    the web page links to the PDF with its size, ``pdf_size`` bytes (0: no link);
    ``editorial_notes`` is the apparatus setting (see ``apparatus``); ``provenance`` goes
    into ``<meta>`` elements."""
    document = edition.document
    columns = [Column(lang, labels_for(templates, lang), translations[lang], organization_name(glossary, lang))
               for lang in edition.langs]
    main = columns[-1]
    env = environment(templates)
    stylesheet = render_template(
        env, templates, "edition.css.j2", columns=columns, main=main, medium=medium, draft=draft,
        page_label=page_label, font_css=Markup(font_css), bilingual=edition.bilingual, document=document,
    )
    siblings = [e for e in all_editions if e.document.id == document.id]
    return render_template(
        env, templates, "bilingual.html.j2" if edition.bilingual else "edition.html.j2",
        edition=edition,
        document=document,
        columns=columns,
        main=main,
        labels=main.labels,
        medium=medium,
        draft=draft,
        stylesheet=Markup(stylesheet),
        organization=main.organization,
        siblings=siblings,
        version=__version__,
        build_date=build_date,
        labels_of=lambda lang: labels_for(templates, lang),
        glossary=glossary,
        running_heads=running_heads(edition, columns, lambda column: column.text(document.title).text, draft)
        if medium == "pdf" else {},
        toc=bool(document.sections),
        url_of=lambda sibling: published_url(sibling.filename("html"), base_url, document.id),
        original=original_edition(edition, siblings),
        pdf_size=pdf_size,
        provenance=provenance.fields() if provenance else {},
        editorial_notes=editorial_notes,
        notes_summary=lambda labels: summary(document, labels),
        note_place=lambda segment_id, labels: place(document, segment_id, labels),
    )


def render_index(
    templates: Path, documents: list[Document], editions: list[Edition], stats: dict[tuple[str, str], object],
    languages: tuple[str, ...], source_language: str, build_date: datetime.date, titles: dict[tuple[str, str], str],
    pdf_sizes: dict[str, int], base_url: str,
) -> str:
    """The index of every edition: the frame in the source language, each edition's title,
    date, PDF size and completion in its own; ``pdf_sizes`` are the PDFs' bytes by file name."""
    return render_template(
        environment(templates), templates, "index.html.j2", documents=documents, editions=editions, stats=stats,
        languages=languages, labels=labels_for(templates, source_language), build_date=build_date, version=__version__,
        titles=titles, pdf_sizes=pdf_sizes, index_url=published_url("index.html", base_url),
        labels_of=lambda code: labels_for(templates, code),
    )
