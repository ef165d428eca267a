"""Running the checks over files: choose units, apply waivers and severities."""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path

from sco_publish.catalogs.paths import is_project_catalog
from sco_publish.catalogs.pofile import PartBoundaryError
from sco_publish.errors import UserError
from sco_publish.glossary.tbx import Glossary
from sco_publish.lint.checks import Hit, SourceFacts, check_unit, indexes_for, source_facts
from sco_publish.lint.findings import DEFAULT_SEVERITY, RELEASE_ERRORS, RULES, Finding
from sco_publish.lint.positions import hit_region, source_region
from sco_publish.lint.sources import Unit, catalog_pieces, units_from_catalog, units_from_plain_text, units_from_text
from sco_publish.settings import Settings
from sco_publish.glossary.matching import TermIndex, term_index


@dataclass
class Checked:
    """The segments (or lines) checked in one file or part of a catalog, for the reports
    that list them all; kept as columns, which cross from worker processes cheaply."""

    path: Path
    lang: str
    lines: list[int]
    contexts: list[str | None]


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    checked: list[Checked] = field(default_factory=list)

    @property
    def segments(self) -> int:
        return sum(len(part.lines) for part in self.checked)

    def count(self, severity: str) -> int:
        """Findings of ``severity`` that no waiver silences."""
        return sum(1 for f in self.findings if f.severity == severity and f.waiver is None)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waiver is not None)


def severities(settings: Settings, release: bool) -> dict[str, str]:
    """Default severities, overridden by [tool.sco-publish.lint] severity (checked with the
    settings), then by --release."""
    result = {**DEFAULT_SEVERITY, **settings.lint.get("severity", {})}
    if release:
        for rule in RELEASE_ERRORS:
            result[rule] = "error"
    return result


def project_lint_paths(settings: Settings) -> list[Path]:
    return [*settings.text_paths(), *sorted(settings.locales_dir.glob("*/LC_MESSAGES/*.po"))]


Piece = Callable[[], list[Unit]]  # reads one file, or one part of a large catalog, into units

PARALLEL_MINIMUM = 1_000_000  # bytes of input below which starting workers costs more than it saves
_SHARED: tuple | None = None  # what forked workers read: (shares, glossary, indexes, levels)


def lint_paths(paths: list[Path], settings: Settings, glossary: Glossary, levels: dict[str, str],
               jobs: int = 1, text_lang: str | None = None) -> LintResult:
    """Findings for ``paths``, in file and line order. Large inputs are read and checked by
    ``jobs`` forked processes: each large catalog is cut into ``jobs`` parts and worker k
    takes part k of every catalog, so that, catalogs being aligned on the same segments,
    a source text shared by several languages' catalogs is analysed once, by one worker.
    ``text_lang``: the language of .txt and .md files without one in their name."""
    sizes = [_checked_size(path) for path in paths]
    parallel = jobs > 1 and sum(sizes) >= PARALLEL_MINIMUM and "fork" in multiprocessing.get_all_start_methods()
    jobs = jobs if parallel else 1
    owners: list[Path] = []  # the file of each piece; pieces are numbered in file order
    shares: list[list[tuple[int, Piece]]] = [[] for _ in range(jobs)]
    for path in paths:
        for part, piece in enumerate(file_pieces(path, settings, jobs, text_lang)):
            shares[part % jobs].append((len(owners), piece))
            owners.append(path)
    indexes = indexes_for(glossary, {settings.source_language, *settings.languages})
    if parallel:
        global _SHARED
        _SHARED = (shares, glossary, indexes, levels)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                done = [result for share in pool.map(_lint_share, range(jobs)) for result in share]
        finally:
            _SHARED = None
    else:
        done = check_pieces(shares[0], glossary, indexes, levels)
    done.sort(key=lambda result: result.piece)
    merged = LintResult()
    for path, group in groupby(done, key=lambda result: owners[result.piece]):
        parts = list(group)
        if len(parts) > 1 and _read_apart_wrongly(parts):  # read it again whole: right units, or the right error
            whole = partial(units_from_catalog, path, settings.source_language, is_project_catalog(settings, path))
            parts = check_pieces([(parts[0].piece, whole)], glossary, indexes, levels)
        for result in parts:
            if result.error:
                raise result.error
            if result.checked:
                merged.checked.append(result.checked)
            merged.findings += result.findings
    return merged


def _checked_size(path: Path) -> int:
    if not path.is_file():
        raise UserError(path, "no such file")
    if path.suffix not in (".po", ".xml", ".txt", ".md"):
        raise UserError(path, "cannot lint this kind of file; give .po, .xml, .txt or .md files")
    return path.stat().st_size


def file_pieces(path: Path, settings: Settings, parts: int, text_lang: str | None = None) -> list[Piece]:
    if path.suffix == ".po":
        return catalog_pieces(path, settings.source_language, parts, is_project_catalog(settings, path))
    if path.suffix == ".xml":
        return [partial(units_from_text, path)]
    return [partial(units_from_plain_text, path, plain_text_language(path, settings, text_lang))]


def plain_text_language(path: Path, settings: Settings, text_lang: str | None = None) -> str:
    """The language of a .txt or .md file: its name's language suffix (``release.ru.md``),
    else ``--lang``, else ``text-language`` in [tool.sco-publish.lint], else the source language."""
    suffix = Path(path.stem).suffix.lstrip(".")
    if suffix in (settings.source_language, *settings.languages):
        return suffix
    lang = text_lang or settings.lint.get("text-language") or settings.source_language
    if lang not in (settings.source_language, *settings.languages):
        where = settings.root / "pyproject.toml" if not text_lang else path
        raise UserError(where, f"text language {lang!r} is not one of the project's languages "
                               f"({', '.join((settings.source_language, *settings.languages))}); give one of them")
    return lang


@dataclass
class PieceResult:
    piece: int
    checked: Checked | None = None
    findings: list[Finding] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)  # hashes of (msgctxt, msgid), to see duplicates across parts
    error: UserError | PartBoundaryError | None = None


def _read_apart_wrongly(parts: list[PieceResult]) -> bool:
    """Whether the parts of a catalog, read each on its own, missed what reading it whole
    sees: a message running past a cut, or the same entry in two parts."""
    if any(isinstance(result.error, PartBoundaryError) for result in parts):
        return True
    keys = [key for result in parts for key in result.keys]
    return len(set(keys)) != len(keys)


def _lint_share(worker: int) -> list[PieceResult]:
    shares, glossary, indexes, levels = _SHARED
    return check_pieces(shares[worker], glossary, indexes, levels)


def check_pieces(pieces: list[tuple[int, Piece]], glossary: Glossary, indexes: dict[str, TermIndex],
                 levels: dict[str, str]) -> list[PieceResult]:
    """Read the numbered pieces and check their units, analysing each source text once."""
    results, entries, piece_units = [], [], []
    for number, piece in pieces:
        result = PieceResult(number)
        try:
            units = piece()
        except (UserError, PartBoundaryError) as error:
            result.error = error
            units = []
        if units:
            result.checked = Checked(units[0].path, units[0].lang, [u.line for u in units], [u.context for u in units])
        result.keys = [hash((u.context, u.source)) for u in units if u.target_lang]
        results.append(result)
        piece_units.append(units)
        entries += [(result, index, unit) for index, unit in enumerate(units)]
    by_source: dict[tuple[str, str], list[tuple[PieceResult, int, Unit]]] = defaultdict(list)
    for entry in entries:
        by_source[(entry[2].source_lang, entry[2].source)].append(entry)
    found: dict[tuple[int, int], list[tuple[Hit, str | None]]] = {}
    for (lang, text), group in by_source.items():
        if lang not in indexes:
            indexes[lang] = term_index(glossary, lang)
        facts = source_facts(text, lang, indexes)
        for result, index, unit in group:
            if unit.target_lang and unit.target_lang not in indexes:
                indexes[unit.target_lang] = term_index(glossary, unit.target_lang)
            hits = lint_unit(unit, glossary, indexes, levels, facts)
            if hits:
                found[(result.piece, index)] = hits
    for result, units in zip(results, piece_units):  # positions piece by piece: one piece's lines in memory at a time
        result.findings = [_finding(unit, hit, waiver, levels) for index, unit in enumerate(units)
                           for hit, waiver in found.pop((result.piece, index), ())]
        if units and units[0].lines:
            units[0].lines.release()
    return results


def lint_unit(unit: Unit, glossary: Glossary, indexes: dict[str, TermIndex], levels: dict[str, str],
              source: SourceFacts | None = None) -> list[tuple[Hit, str | None]]:
    """The hits to report in ``unit``, each with the reason of the waiver that silences it, or None."""
    hits = []
    waived = {}
    for rule, reason in unit.waivers:
        if rule not in RULES or not reason:
            problem = "names an unknown rule" if rule not in RULES else "has no reason"
            hits.append((Hit("waiver-invalid", f"waiver for {rule!r} {problem}; write `lint-waive: RULE: reason`", rule), None))
        else:
            waived[rule] = reason
    hits += [(hit, waived.get(hit.rule, hit.waiver)) for hit in check_unit(unit, glossary, indexes, source)]
    return [(hit, waiver) for hit, waiver in hits if levels[hit.rule] != "off"]


def _finding(unit: Unit, hit: Hit, waiver: str | None, levels: dict[str, str]) -> Finding:
    source = None if hit.source_start is None else source_region(unit, hit.source_start, len(hit.found), hit.source_form)
    return Finding(
        path=unit.path, region=hit_region(unit, hit.rule, hit.start, len(hit.found), hit.form, hit.found),
        context=unit.context, lang=unit.lang, rule=hit.rule, severity=levels[hit.rule], message=hit.message,
        found=hit.found, expected=hit.expected, waiver=waiver, source_region=source,
    )
