"""The command line, kept thin: parse arguments, call one function per command, map errors to exit codes."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sco_publish import __version__
from sco_publish.errors import (
    DEBUG_VARIABLE, EXIT_BAD_INPUT, EXIT_CLEAN, EXIT_FINDINGS, EXIT_INTERNAL, UserError, describe_internal_error,
    describe_os_error, findings_lines, one_line,
)
from sco_publish.settings import Settings, find_project_root, load_settings

EPILOG = f"""exit codes:
  0  clean
  1  findings (validation problems, lint errors; import: conflicts, changed sources, units skipped;
     align: text left unaligned, translations kept)
  2  bad input, usage or an operating-system error (malformed file or setting,
     unknown option, disk full, permission denied)
  3  internal error: a bug in sco-publish or a library; please report it
     ({DEBUG_VARIABLE}=1 prints its traceback)
every error is one line on stderr: path[:line[:col]]: what is wrong; what to do
"""


def _settings(args: argparse.Namespace) -> Settings:
    """The project's settings; ``--glossary`` (validate, lint) overrides the settings' glossary."""
    root = Path(args.project) if args.project else find_project_root(Path.cwd())
    settings = load_settings(root.resolve())
    glossary = getattr(args, "glossary", None)
    return replace(settings, glossary=Path(glossary).absolute()) if glossary else settings


def _warn(warnings: list[str]) -> None:
    """Print what does not stop a command but needs doing, one line each, on stderr."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    from sco_publish.validate import glossary_gaps, project_paths, stale_gap_warnings, validate_paths

    settings = _settings(args)
    paths = [Path(p) for p in args.paths] or project_paths(settings)
    problems = validate_paths(settings, paths)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EXIT_FINDINGS
    _warn(glossary_gaps(settings, paths) + stale_gap_warnings(settings, paths))
    print(f"{len(paths)} files valid")
    return EXIT_CLEAN


def cmd_assign_ids(args: argparse.Namespace) -> int:
    from sco_publish.texts.ids import assign_missing_ids

    settings = _settings(args)
    for path, new_ids in assign_missing_ids(settings, [Path(p) for p in args.paths] or settings.text_paths()).items():
        print(f"{path}: assigned {', '.join(new_ids)}")
    return EXIT_CLEAN


def cmd_sync(args: argparse.Namespace) -> int:
    from sco_publish.catalogs.sync import sync_project
    from sco_publish.project import canonical_text_paths, load_project_glossary

    settings = _settings(args)
    gc.disable()  # hundreds of thousands of small objects that live to the end: no cycles to collect
    reports = sync_project(settings, canonical_text_paths(settings), load_project_glossary(settings))
    for report in reports:
        if report.written or args.verbose:
            print(report.summary())
    written = sum(report.written for report in reports)
    print(f"{len(reports)} catalogs, {written} updated")
    return EXIT_CLEAN


def cmd_stats(args: argparse.Namespace) -> int:
    from sco_publish.catalogs.catalog import require_segment_ids
    from sco_publish.catalogs.pofile import read_po
    from sco_publish.catalogs.stats import catalog_stats, format_json, format_table
    from sco_publish.catalogs.paths import catalog_path
    from sco_publish.project import load_documents

    settings = _settings(args)
    rows = []
    for document in load_documents(settings):
        for lang in settings.target_languages:
            path = catalog_path(settings, lang, document.id)
            if not path.exists():
                raise UserError(path, "catalog missing; run `sco-publish sync` first")
            catalog = read_po(path)
            require_segment_ids(catalog.entries, path)
            rows.append(catalog_stats(document.id, lang, catalog))
    print(format_json(rows) if args.format == "json" else format_table(rows))
    return EXIT_CLEAN


def cmd_lint(args: argparse.Namespace) -> int:
    from sco_publish.glossary.tbx import missing_terms
    from sco_publish.lint.engine import lint_paths, project_lint_paths, severities
    from sco_publish.lint import reporters
    from sco_publish.project import load_lint_glossary

    settings = _settings(args)
    gc.disable()  # millions of small objects (a large glossary's too) and no cycles: the collector would only walk them again and again
    glossary = load_lint_glossary(settings)
    _warn(missing_terms(glossary, settings.target_languages))
    paths = [Path(p) for p in args.paths] or project_lint_paths(settings)
    result = lint_paths(paths, settings, glossary, severities(settings, args.release),
                        jobs=args.jobs or os.cpu_count() or 1, text_lang=args.lang)
    output = {
        "text": lambda: reporters.report_text(result, settings.root, colour=sys.stdout.isatty() and not args.no_colour),
        "json": lambda: reporters.report_json(result, settings.root),
        "github": lambda: reporters.report_github(result, settings.root),
        "sarif": lambda: reporters.report_sarif(result, settings.root),
        "junit": lambda: reporters.report_junit(result, settings.root),
    }[args.format]()
    if output:
        print(output)
    warnings = result.count("warning")
    if args.max_warnings is not None and warnings > args.max_warnings:
        print(f"lint failed: {warnings} warnings, more than --max-warnings {args.max_warnings}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_FINDINGS if result.count("error") else EXIT_CLEAN


def cmd_terms(args: argparse.Namespace) -> int:
    import json

    from sco_publish.glossary.coverage import glossary_texts_words, missing_from_glossary, stale_gaps
    from sco_publish.project import load_lint_glossary

    settings = _settings(args)
    glossary = load_lint_glossary(settings)
    paths = [Path(p) for p in args.paths] or settings.text_paths()
    missing = missing_from_glossary(paths, glossary, glossary_texts_words(glossary), glossary.gaps)
    if args.format == "json":
        print(json.dumps([{"name": m.name, "count": m.count, "segments": m.segments, "gap": m.gap} for m in missing],
                         ensure_ascii=False, indent=2))
    else:
        for entry in missing:
            gap = f"  gap: {entry.gap}" if entry.gap else ""
            print(f"{entry.count:5}  {entry.name}  ({', '.join(dict.fromkeys(entry.segments))}){gap}")
        gaps = sum(1 for entry in missing if entry.gap)
        print(f"{len(missing)} names the glossary lacks, {gaps} of them gaps listed in {glossary.gaps.path.name}",
              file=sys.stderr)
    if not args.paths:  # all the texts: a gap none of them has is stale
        _warn([str(problem) for problem in stale_gaps(glossary.gaps, missing)])
    return EXIT_CLEAN


def cmd_build(args: argparse.Namespace) -> int:
    from sco_publish.editions.build import build
    from sco_publish.editions.model import Selection

    settings = _settings(args)
    selection = Selection(tuple(args.doc or ()), tuple(args.lang or ()))
    report = build(settings, draft=args.draft, jobs=args.jobs or os.cpu_count() or 1, progress=not args.quiet,
                   selection=selection)
    _warn(report.warnings)
    unselected = f", {report.unselected} not selected" if report.unselected else ""
    print(f"{len(report.built)} editions built, {len(report.skipped)} up to date{unselected}, in {settings.output_dir}")
    return EXIT_CLEAN


def cmd_export(args: argparse.Namespace) -> int:
    from sco_publish.exchange.transfer import export_documents
    from sco_publish.project import load_documents

    settings = _settings(args)
    documents = load_documents(settings)
    if args.documents:
        unknown = sorted(set(args.documents) - {document.id for document in documents})
        if unknown:
            raise UserError(settings.texts_dir, f"no document {', '.join(unknown)}; name texts by file stem")
        documents = [document for document in documents if document.id in args.documents]
    for path in export_documents(settings, documents, args.lang, args.format, Path(args.output)):
        print(path)
    return EXIT_CLEAN


def cmd_import(args: argparse.Namespace) -> int:
    """With --id: a new text from one file; without: translations from XLIFF files."""
    if args.id is not None:
        return _import_text(args)
    if args.lang is not None:
        raise UserError(args.files[0], "--lang is for importing a new text; give --id NAME too")
    from sco_publish.exchange.transfer import import_files
    from sco_publish.project import load_documents

    settings = _settings(args)
    documents = {document.id: document for document in load_documents(settings)}
    reports = import_files(settings, documents, [Path(path) for path in args.files], args.force)
    findings = [finding for report in reports for finding in report.findings]
    for finding in findings:
        print(finding, file=sys.stderr)
    for report in reports:
        written = ", ".join(str(path) for path in report.catalogs_written) or "no catalog changed"
        print(f"{report.path}: {report.taken} taken, {report.unchanged} unchanged; {written}")
    return EXIT_FINDINGS if findings else EXIT_CLEAN


def _import_text(args: argparse.Namespace) -> int:
    from sco_publish.project import load_project_glossary
    from sco_publish.texts_in.importer import import_text

    if len(args.files) != 1:
        raise UserError(args.files[1], f"--id imports one source file, not {len(args.files)}; import them one by one")
    settings = _settings(args)
    result = import_text(settings, load_project_glossary(settings), Path(args.files[0]), args.id,
                         args.lang or settings.source_language, args.force)
    print(result.report, end="")
    print(f"{result.path}: written; report in {result.report_path}")
    return EXIT_CLEAN


def cmd_align(args: argparse.Namespace) -> int:
    from sco_publish.align.apply import align_into_catalog
    from sco_publish.project import load_documents, load_project_glossary

    settings = _settings(args)
    documents = {document.id: document for document in load_documents(settings)}
    if args.document not in documents:
        raise UserError(settings.texts_dir, f"no document {args.document!r}; name one of {', '.join(sorted(documents))}")
    report = align_into_catalog(settings, documents[args.document], args.lang, Path(args.translation),
                                load_project_glossary(settings), args.force)
    for line in report.lines(settings.align_threshold):
        print(line, file=sys.stderr)
    alignment, model = report.alignment, report.model
    print(f"{args.translation}: {len(alignment.aligned)} segments aligned ({len(alignment.merges)} merges, "
          f"{len(alignment.splits)} splits), {len(alignment.missing)} segments and {len(alignment.unaligned)} "
          f"paragraphs unaligned; lengths c={model.c:.3f} s²={model.s2:.3f} from {model.pairs} entries")
    print(f"{report.catalog}: {report.taken} taken ({len(report.fuzzy)} fuzzy), {report.unchanged} unchanged, "
          f"{len(report.kept)} kept; " + ("written" if report.written else "not changed"))
    return EXIT_FINDINGS if report.findings else EXIT_CLEAN


def _count(text: str) -> int:
    """An argument that counts something: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def _write_file(path: Path, data: bytes) -> None:
    """Write an export atomically; a path that cannot be written is the user's to fix."""
    from sco_publish.atomic import write_atomically

    try:
        write_atomically(path, data)
    except OSError as error:
        raise UserError(path, f"cannot write: {error.strerror}; choose another path") from None


def cmd_tmx_export(args: argparse.Namespace) -> int:
    from sco_publish.exchange.tmx import project_units, write_tmx
    from sco_publish.project import load_documents

    settings = _settings(args)
    units = list(project_units(settings, load_documents(settings)))
    _write_file(Path(args.file), write_tmx(units, settings.source_language))
    print(f"{args.file}: {len(units)} translated segments")
    return EXIT_CLEAN


def cmd_tmx_import(args: argparse.Namespace) -> int:
    from sco_publish.exchange.tmx import import_tmx

    settings = _settings(args)
    for file in args.files:
        report = import_tmx(settings, Path(file))
        languages = ", ".join(f"{lang} {count}" for lang, count in sorted(report.per_language.items()))
        skipped = f"; {report.skipped} without {settings.source_language} or a project language left out" if report.skipped else ""
        print(f"{file}: {report.units} units ({languages or 'none'}) stored in {report.path}{skipped}")
    return EXIT_CLEAN


def cmd_glossary_export(args: argparse.Namespace) -> int:
    from sco_publish.exchange.tbx2008 import export_tbx2008
    from sco_publish.project import load_project_glossary

    settings = _settings(args)
    glossary = load_project_glossary(settings)
    _write_file(Path(args.file), export_tbx2008(glossary, settings.source_language))
    print(f"{args.file}: {len(glossary.concepts)} concepts (TBX-Basic 2008)")
    return EXIT_CLEAN


def cmd_glossary_import(args: argparse.Namespace) -> int:
    from sco_publish.exchange.tbx2008 import merge_into_glossary, read_tbx2008
    from sco_publish.glossary.tbx import check_glossary

    settings = _settings(args)
    concepts, skipped = read_tbx2008(Path(args.file), settings.languages)
    report = merge_into_glossary(concepts, settings.glossary_path)
    for line in skipped + report.problems:
        print(line, file=sys.stderr)
    print(f"{settings.glossary_path}: {report.concepts_added} concepts and {report.terms_added} terms added from {args.file}")
    problems = check_glossary(settings.glossary_path, settings.languages)
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_FINDINGS if problems else EXIT_CLEAN


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sco-publish",
        description="Canonical SCO texts, their gettext catalogs, a terminology lint and PDF/HTML editions.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sco-publish {__version__}")
    parser.add_argument("--project", metavar="DIR", help="project folder (default: nearest with [tool.sco-publish])")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    validate = command("validate", cmd_validate, "Check texts against the schema and the glossary against TBX-Basic.")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="texts (.xml) or glossaries (.tbx); default: all")
    validate.add_argument("--glossary", metavar="FILE", help="TBX glossary (default: from the settings)")
    assign = command("assign-ids", cmd_assign_ids, "Give new segments (elements without xml:id) fresh, unused IDs.")
    assign.add_argument("paths", nargs="*", metavar="PATH", help="texts to update; default: all")
    sync = command("sync", cmd_sync, "Create or update the .pot template and the .po catalog of every text and language.")
    sync.add_argument("-v", "--verbose", action="store_true", help="also list catalogs that did not change")
    stats = command("stats", cmd_stats, "Show translated, fuzzy and untranslated segments and words per catalog.")
    stats.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    lint = command("lint", cmd_lint, "Check terminology, numbers and catalog states against the glossary.")
    lint.add_argument("paths", nargs="*", metavar="PATH", help=".po catalogs, .xml texts, .txt/.md files; default: the whole project")
    lint.add_argument("--glossary", metavar="FILE", help="TBX glossary (default: from the settings)")
    lint.add_argument("--format", choices=("text", "json", "github", "sarif", "junit"), default="text")
    lint.add_argument("--release", action="store_true", help="untranslated and fuzzy entries are errors")
    lint.add_argument("--lang", metavar="LANG",
                      help="language of .txt/.md files not named like NAME.LANG.md (default: the source language)")
    lint.add_argument("--max-warnings", type=_count, metavar="N", help="also fail when there are more than N warnings")
    lint.add_argument("-j", "--jobs", type=int, metavar="N", help="processes for large runs (default: all cores)")
    lint.add_argument("--no-colour", "--no-color", action="store_true", help="plain text even on a terminal")
    terms = command("terms", cmd_terms, "Report on the glossary against the canonical texts.")
    terms.add_argument("--missing", action="store_true", required=True,
                       help="list the proper names and capitalised multi-word terms of the texts that the glossary lacks, "
                            "with counts and segment IDs")
    terms.add_argument("paths", nargs="*", metavar="PATH", help="texts (.xml); default: all")
    terms.add_argument("--glossary", metavar="FILE", help="TBX glossary (default: from the settings)")
    terms.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    build = command("build", cmd_build, "Build the PDF and HTML editions (and dist/index.html).")
    build.add_argument("--draft", action="store_true", help="build incomplete translations, marked DRAFT")
    build.add_argument("-j", "--jobs", type=int, metavar="N", help="editions built in parallel (default: all cores)")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    build.add_argument("--doc", action="append", metavar="ID",
                       help="build only this document's editions (text file stem; repeatable)")
    build.add_argument("--lang", action="append", metavar="LANG",
                       help="build only the editions in this language (ru: ru and en-ru), or one bilingual "
                            "edition (en-ru); repeatable")
    export = command("export", cmd_export, "Write XLIFF files of the catalogs of one language for CAT tools.")
    export.add_argument("documents", nargs="*", metavar="DOCUMENT", help="document IDs (text file stems); default: all")
    export.add_argument("--lang", required=True, help="target language, e.g. ru")
    export.add_argument("--format", choices=("xliff2", "xliff12"), default="xliff2",
                        help="XLIFF 2.1 (default) or XLIFF 1.2")
    export.add_argument("-o", "--output", default=".", metavar="DIR", help="folder for <document>.<lang>.xlf (default: .)")
    import_ = command("import", cmd_import,
                      "Take translations from XLIFF files (2.1 or 1.2) into the catalogs; with --id, make a new "
                      "canonical text from a plain-text, Markdown, HTML or DOCX file.")
    import_.add_argument("files", nargs="+", metavar="FILE",
                         help="XLIFF files written by `sco-publish export`; with --id, one .txt, .md, .html or .docx file")
    import_.add_argument("--id", metavar="NAME", help="import a new text as texts/NAME.xml (and NAME.import-report.txt)")
    import_.add_argument("--lang", help="with --id: the language of the text (default: the source language)")
    import_.add_argument("--force", action="store_true",
                         help="take the file's translation even where the catalog changed since the export, "
                              "and remove translations whose unit lost its target; with --id, replace texts/NAME.xml")
    tmx = command("tmx", None, "Exchange translation memories with CAT tools (TMX 1.4b).")
    tmx_actions = tmx.add_subparsers(dest="action", metavar="ACTION", required=True)
    tmx_export = tmx_actions.add_parser("export", help="write every translated segment, with its document and segment ID")
    tmx_export.set_defaults(handler=cmd_tmx_export)
    tmx_export.add_argument("file", metavar="FILE", help="the TMX file to write")
    tmx_import = tmx_actions.add_parser("import", help="store TMX files in the memory folder; sync suggests from them")
    tmx_import.set_defaults(handler=cmd_tmx_import)
    tmx_import.add_argument("files", nargs="+", metavar="FILE", help="TMX 1.4 files")
    glossary = command("glossary", None, "Exchange the glossary with tools that read TBX-Basic 2008 (martif).")
    glossary_actions = glossary.add_subparsers(dest="action", metavar="ACTION", required=True)
    glossary_export = glossary_actions.add_parser("export", help="write the glossary as TBX-Basic 2008")
    glossary_export.set_defaults(handler=cmd_glossary_export)
    glossary_export.add_argument("file", metavar="FILE", help="the .tbx file to write")
    glossary_import = glossary_actions.add_parser(
        "import", help="add the concepts and terms of a TBX-Basic 2008 file to the glossary (nothing of ours changes)")
    glossary_import.set_defaults(handler=cmd_glossary_import)
    glossary_import.add_argument("file", metavar="FILE", help="a TBX 2 / TBX-Basic 2008 file")
    align = command("align", cmd_align, "Align an existing translation (.txt, .md, .html, .docx) into a document's catalog.")
    align.add_argument("document", metavar="DOCUMENT", help="document ID (text file stem)")
    align.add_argument("--lang", required=True, help="the translation's language, e.g. ru")
    align.add_argument("translation", metavar="TRANSLATION", help="the translation: plain text, Markdown, HTML or DOCX")
    align.add_argument("--force", action="store_true", help="replace translations the catalog has already")
    return parser


def run() -> None:
    """The console entry point. A sync or lint of a large project ends holding hundreds of
    MB of small objects, which the interpreter would free one by one before exiting (about
    half a second): once the output is flushed, the process ends at once instead. Every
    file is written (atomically) and every worker process joined by then."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `sco-publish lint | head`: the reader has all it wanted
        pass
    except OSError as error:  # `sco-publish lint > /dev/full`
        print(one_line(describe_os_error(OSError(error.errno, error.strerror, "standard output"), "")), file=sys.stderr)
        code = EXIT_BAD_INPUT
    try:
        sys.stderr.flush()
    except OSError:  # nowhere left to say so
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UserError as error:  # findings (exit 1) may be a list, one line each; an error is one line
        print(findings_lines(str(error)) if error.exit_code == EXIT_FINDINGS else one_line(str(error)), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `sco-publish lint | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN
    except OSError as error:  # disk full, permission denied, read-only folder: also from worker processes
        print(one_line(describe_os_error(error, args.command)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # a library's or our own bug: one line and a distinct code, no traceback
        if os.environ.get(DEBUG_VARIABLE):
            raise
        print(one_line(describe_internal_error(error, args.command)), file=sys.stderr)
        return EXIT_INTERNAL

