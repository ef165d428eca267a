"""``sco-publish build``: every edition into dist/, in parallel, skipping what is up to date."""

from __future__ import annotations

import datetime
import hashlib
import html as html_entities
import json
import os
import subprocess
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sco_publish import __version__
from sco_publish.catalogs.paths import catalog_path
from sco_publish.texts.model import Document
from sco_publish.editions.content import IncompleteTranslation, Translation, load_translation
from sco_publish.editions.fonts import find_face, remove_unfinished_subsets, uncovered_characters
from sco_publish.editions.labels import english_wording_warnings, labels_for
from sco_publish.editions.model import Edition, Selection, editions_for
from sco_publish.editions.printable import document_problems
from sco_publish.editions.provenance import provenance
from sco_publish.editions.render import check_templates, render_edition, render_index
from sco_publish.editions.staging import PREFIX, Staging, output_lock, staging, write_staged
from sco_publish.errors import EXIT_FINDINGS, OS_ADVICE, Location, UserError, run_portably
from sco_publish.glossary.tbx import Glossary
from sco_publish.parallel import process_pool
from sco_publish.project import load_documents, load_project_glossary
from sco_publish.settings import Settings

MANIFEST = ".sco-publish-manifest.json"
# Where the print HTML's style sheet takes its @font-face rules, which need the HTML's characters.
FONT_FACES_SLOT = "/* sco-publish: font faces */"


class MissingGlyphs(UserError):
    exit_code = EXIT_FINDINGS


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unselected: int = 0  # editions ``--doc``/``--lang`` left out
    warnings: list[str] = field(default_factory=list)  # for stderr: wording still to write, a manifest rebuilt


def font_cache(settings: Settings) -> Path:
    return settings.root / ".cache" / "fonts"


def build_date(settings: Settings, documents: list[Document]) -> datetime.date:
    """SOURCE_DATE_EPOCH, else the last commit's date, else the newest document date: never "now"."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=settings.root,
                                   capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            epoch = ""
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return max(d.published or d.date for d in documents)


def load_translations(settings: Settings, document: Document, draft: bool) -> dict[str, Translation]:
    return {lang: load_translation(settings, document, lang, draft) for lang in settings.languages}


def _translations_or_refusal(settings: Settings, documents: list[Document], draft: bool,
                             selected: list[Edition]) -> dict[str, dict[str, Translation]]:
    """Every document's translations (the index shows them all); a release build whose selected
    editions have incomplete catalogs is refused naming all of those, one line each, so that
    one run shows the whole work left."""
    translations: dict[str, dict[str, Translation]] = {}
    incomplete = []
    asked = {(edition.document.id, lang) for edition in selected for lang in edition.langs}
    for document in documents:
        for lang in settings.languages:
            try:
                translations.setdefault(document.id, {})[lang] = load_translation(
                    settings, document, lang, draft or (document.id, lang) not in asked)
            except IncompleteTranslation as error:
                incomplete.append(error)
    if incomplete:
        first, *others = incomplete
        raise IncompleteTranslation(first.location, "\n".join([first.message, *map(str, others)]))
    return translations


def check_glyphs(settings: Settings, edition: Edition, translations: dict[str, Translation]) -> None:
    """Stop before rendering when a character of the edition has no glyph in its fonts."""
    problems = []
    for lang in edition.langs:
        labels = labels_for(settings.templates_dir, lang)
        translation = translations[lang]
        for segment in edition.document.segments():
            text = translation.text(segment)
            stack = labels_for(settings.templates_dir, text.lang).fonts
            for char in uncovered_characters(text.text, stack):
                problems.append((char, segment.id, text.lang, stack))
        for char in uncovered_characters("".join(str(v) for v in labels.values.values()), labels.fonts):
            problems.append((char, "labels", lang, labels.fonts))
    if problems:
        chars = sorted({p[0] for p in problems})
        where = sorted({p[1] for p in problems})
        path = catalog_path(settings, problems[0][2], edition.document.id) if problems[0][2] != edition.document.lang else edition.document.path
        described = ", ".join(f"{c!r} U+{ord(c):04X}" for c in chars)
        raise MissingGlyphs(
            Location(path),
            f"no font of {', '.join(problems[0][3])} has {described} (in {', '.join(where)}); "
            "fix the text or add a font to templates/languages.toml",
        )


def _hash_files(digest: "hashlib._Hash", paths: list[Path], folder: Path = Path()) -> None:
    """Each file's name (as given: relative names keep a digest independent of where the files lie) and content."""
    for path in sorted(paths):
        digest.update(str(path).encode())
        digest.update((folder / path).read_bytes())


PACKAGE = Path(__file__).resolve().parents[1]


@cache
def code_digest(package: Path = PACKAGE) -> str:
    """A hash of sco-publish's own files and WeasyPrint's version: an edition built by other
    code is not up to date, even under the same version number (a developer's edit)."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{__version__}|weasyprint {version('weasyprint')}".encode())
    _hash_files(digest, [path.relative_to(package) for path in package.rglob("*")
                         if path.is_file() and "__pycache__" not in path.parts], package)
    return digest.hexdigest()


def edition_inputs_hash(settings: Settings, edition: Edition, draft: bool, date: datetime.date, slugs: list[str]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{code_digest()}|{draft}|{date}|{settings.languages}|{slugs}|{settings.base_url}|{settings.editorial_notes}".encode())
    paths = [edition.document.path, settings.glossary_path]
    paths += [catalog_path(settings, lang, edition.document.id) for lang in edition.langs if lang != edition.document.lang]
    paths += [p for p in settings.templates_dir.rglob("*") if p.is_file()]
    _hash_files(digest, [p for p in paths if p.exists()])
    for lang in edition.langs:
        for family in labels_for(settings.templates_dir, lang).fonts:
            face = find_face(family, "regular")
            stat = face.path.stat()
            digest.update(f"{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def build_one(settings: Settings, glossary: Glossary, document_id: str, langs: tuple[str, ...], draft: bool,
              date: datetime.date, staging_folder: Path) -> list[str]:
    """Render one edition's PDF, then its HTML, which states the PDF's size, into the staging
    folder (runs in a worker process); returns their names, HTML first. The glossary comes
    from ``build``, which read and checked it once."""
    from sco_publish.editions.pdf import font_face_css, render_pdf  # WeasyPrint: only where PDFs are made

    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(datetime.datetime.combine(
        date, datetime.time(), datetime.timezone.utc).timestamp())))
    documents = load_documents(settings)
    document = next(d for d in documents if d.id == document_id)
    editions = editions_for(documents, settings.languages, settings.source_language)
    edition = next(e for e in editions if e.document.id == document_id and e.langs == langs)
    translations = load_translations(settings, document, draft)
    inputs = provenance(settings.root, edition, translations)
    common = dict(translations=translations, templates=settings.templates_dir, glossary=glossary,
                  all_editions=editions, draft=draft, build_date=date, provenance=inputs,
                  editorial_notes=settings.editorial_notes)
    stacks = {labels_for(settings.templates_dir, lang).html_lang: labels_for(settings.templates_dir, lang).fonts
              for lang in settings.languages if lang in langs or lang == document.lang}
    print_html = render_edition(edition, medium="pdf", font_css=FONT_FACES_SLOT, **common)
    main = labels_for(settings.templates_dir, edition.lang).html_lang
    # the subsets need the characters as drawn, not as escaped (&#39; is an apostrophe)
    css = font_face_css(stacks, main, html_entities.unescape(print_html), font_cache(settings))
    print_html = print_html.replace(FONT_FACES_SLOT, css, 1)  # the style sheet comes before any text
    pdf = render_pdf(print_html, str(settings.output_dir / edition.filename("pdf")),
                     [settings.templates_dir, font_cache(settings)], settings.templates_dir, inputs.fields())
    html = render_edition(edition, medium="html", base_url=settings.base_url, pdf_size=len(pdf), **common)
    names = [edition.filename("html"), edition.filename("pdf")]
    for name, data in zip(names, (html.encode("utf-8"), pdf)):
        write_staged(staging_folder / name, data)
    return names


def check_printable(settings: Settings, documents: list[Document]) -> None:
    """Refuse, before anything is rendered, what no edition could print (see ``printable``)."""
    languages = [labels_for(settings.templates_dir, lang) for lang in settings.languages]
    for document in documents:
        problems = document_problems(document, languages)
        if problems:
            raise problems[0]


def build(settings: Settings, draft: bool, jobs: int, progress: bool = True,
          selection: Selection = Selection()) -> BuildReport:
    """Every selected edition that is not up to date, and the index, replaced in dist/ together
    or not at all; editions not selected stay as they are (and in the index while on disk)."""
    documents = load_documents(settings)
    glossary = load_project_glossary(settings)
    editions = editions_for(documents, settings.languages, settings.source_language)
    selected = select_editions(settings, editions, selection)
    check_printable(settings, list({edition.document.id: edition.document for edition in selected}.values()))
    all_translations = _translations_or_refusal(settings, documents, draft, selected)
    date = build_date(settings, documents)
    out = settings.output_dir
    try:
        with output_lock(out):
            return _build_locked(settings, glossary, documents, editions, selected, all_translations, draft, date, jobs,
                                 progress)
    except OSError as error:
        raise _written_nothing(error, out) from None
    except BrokenProcessPool:
        raise UserError(out, f"build stopped, nothing in {out} changed: a build worker was killed (out of memory?); "
                        "run again with fewer jobs (-j 1)") from None


def select_editions(settings: Settings, editions: list[Edition], selection: Selection) -> list[Edition]:
    """The editions ``selection`` asks for; a document or language the project lacks is a user
    error listing the known ones."""
    unknown = selection.unknown_documents(editions)
    if unknown:
        known = ", ".join(dict.fromkeys(edition.document.id for edition in editions))
        raise UserError(settings.texts_dir, f"no document {', '.join(unknown)}; known documents: {known or 'none'}")
    unknown = selection.unknown_langs(editions)
    if unknown:
        bilingual = ", ".join(dict.fromkeys(edition.slug for edition in editions if edition.bilingual))
        raise UserError(settings.root / "pyproject.toml",
                        f"no edition in {', '.join(unknown)}; known languages: {', '.join(settings.languages)}"
                        + (f"; bilingual editions: {bilingual}" if bilingual else ""))
    return [edition for edition in editions if selection.includes(edition)]


def _build_locked(settings: Settings, glossary: Glossary, documents: list[Document], editions: list[Edition],
                  selected: list[Edition],
                  all_translations: dict[str, dict[str, Translation]], draft: bool, date: datetime.date,
                  jobs: int, progress: bool) -> BuildReport:
    out = settings.output_dir
    remove_unfinished_subsets(font_cache(settings))
    report = BuildReport(warnings=english_wording_warnings(settings.templates_dir, settings.languages),
                         unselected=len(editions) - len(selected))
    manifest = _read_manifest(out / MANIFEST, report)
    todo = []
    for edition in selected:
        slugs = [e.slug for e in editions if e.document.id == edition.document.id]
        key = edition.filename("*")
        digest = edition_inputs_hash(settings, edition, draft, date, slugs)
        if manifest.get(key) == digest and _outputs_exist(out, edition):
            report.skipped.append(key)
        else:
            todo.append((edition, key, digest))
    if todo:  # a syntax error stops the build before the workers start (a no-op build compiles only the index)
        check_templates(settings.templates_dir)
    for edition, _, _ in todo:
        check_glyphs(settings, edition, all_translations[edition.document.id])
    building = {key for _, key, _ in todo}
    on_disk = [edition for edition in editions if edition.filename("*") in building
               or (edition.filename("*") in manifest and _outputs_exist(out, edition))]
    if not todo and _index_current(out, _render_index(settings, documents, on_disk, all_translations, date, [out])):
        return report
    with staging(out) as stage:
        _run(settings, glossary, todo, draft, date, jobs, progress, stage, report)
        manifest.update({key: digest for _, key, digest in todo})
        # after the editions: the index states the sizes of the PDFs this build wrote
        index = _render_index(settings, documents, on_disk, all_translations, date, [stage.folder, out])
        if not _index_current(out, index):
            stage.add("index.html", index)
        stage.add(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
        stage.commit()
    return report


def _outputs_exist(out: Path, edition: Edition) -> bool:
    return all((out / edition.filename(ext)).exists() for ext in ("html", "pdf"))


def _read_manifest(path: Path, report: BuildReport) -> dict[str, str]:
    """The manifest of the last build; one that is unreadable or not ours means: rebuild everything."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        manifest = None
    if isinstance(manifest, dict) and all(isinstance(v, str) for v in manifest.values()):
        return manifest
    report.warnings.append(f"{path}: not a manifest sco-publish wrote; every edition is built again")
    return {}


def _written_nothing(error: OSError, out: Path) -> UserError:
    """An operating-system error as one line; paths inside the staging folder are shown as the output folder."""
    where = next((name for name in (error.filename, error.filename2) if name and PREFIX not in str(name)), out)
    advice = OS_ADVICE.get(error.errno, "check the file and its folder, and run again")
    return UserError(where, f"build stopped, nothing in {out} changed: {error.strerror or error}; {advice}")


def _run(settings: Settings, glossary: Glossary, todo: list, draft: bool, date: datetime.date, jobs: int, progress: bool,
         stage: Staging, report: BuildReport) -> None:
    if not todo:
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    # WeasyPrint imported once here, before the workers fork, rather than in each of them
    from sco_publish.editions import pdf  # noqa: F401

    columns = [TextColumn("editions"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, disable=not progress, transient=False) as bar:
        task = bar.add_task("build", total=len(todo))
        with process_pool(min(jobs, len(todo))) as pool:
            futures = {
                pool.submit(run_portably, build_one, settings, glossary, edition.document.id, edition.langs, draft, date,
                            stage.folder): key
                for edition, key, digest in todo
            }
            try:
                for future in as_completed(futures):
                    stage.names += future.result()
                    report.built.append(futures[future])
                    bar.advance(task)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise


def _render_index(settings: Settings, documents: list[Document], editions: list[Edition],
                  translations: dict[str, dict[str, Translation]], date: datetime.date, folders: list[Path]) -> bytes:
    """The index of ``editions`` (those in dist/ once this build is done), with each PDF's size
    read from the first of ``folders`` that holds it (the staging folder holds what this build
    wrote, the output folder what it left as it was)."""
    documents = [d for d in documents if any(e.document.id == d.id for e in editions)]
    stats = {(d.id, lang): t.stats for d in documents for lang, t in translations[d.id].items() if t.stats}
    titles = {(d.id, lang): t.text(d.title).text for d in documents for lang, t in translations[d.id].items()}
    pdfs = [edition.filename("pdf") for edition in editions]
    sizes = {name: next(folder / name for folder in folders if (folder / name).exists()).stat().st_size for name in pdfs}
    html = render_index(settings.templates_dir, documents, editions, stats, settings.languages, settings.source_language,
                        date, titles, sizes, settings.base_url)
    return html.encode("utf-8")


def _index_current(out: Path, index: bytes) -> bool:
    return (out / "index.html").exists() and (out / "index.html").read_bytes() == index
