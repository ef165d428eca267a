"""Running the checks over files: choose units, apply waivers and severities."""

from __future__ import annotations

import multiprocessing
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from sco_publish.errors import UserError
from sco_publish.glossary import Glossary
from sco_publish.lint.checks import check_unit, indexes_for
from sco_publish.lint.findings import DEFAULT_SEVERITY, RELEASE_ERRORS, RULES, SEVERITIES, Finding
from sco_publish.lint.sources import Unit, units_from_catalog, units_from_plain_text, units_from_text
from sco_publish.settings import Settings
from sco_publish.terms import TermIndex


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def severities(settings: Settings, release: bool) -> dict[str, str]:
    """Default severities, overridden by [tool.sco-publish.lint] severity, then by --release."""
    result = dict(DEFAULT_SEVERITY)
    configured = settings.lint.get("severity", {})
    for rule, severity in configured.items():
        if rule not in RULES:
            raise UserError(settings.root / "pyproject.toml", f"unknown lint rule {rule!r} in [tool.sco-publish.lint.severity]")
        if severity not in SEVERITIES:
            raise UserError(settings.root / "pyproject.toml", f"severity of {rule!r} must be one of {', '.join(SEVERITIES)}")
        result[rule] = severity
    if release:
        for rule in RELEASE_ERRORS:
            result[rule] = "error"
    return result


def project_lint_paths(settings: Settings) -> list[Path]:
    return [*settings.text_paths(), *sorted(settings.locales_dir.glob("*/LC_MESSAGES/*.po"))]


def collect_units(paths: list[Path], settings: Settings) -> list[Unit]:
    units: list[Unit] = []
    for path in paths:
        if not path.is_file():
            raise UserError(path, "no such file")
        if path.suffix == ".po":
            units += units_from_catalog(path, settings.source_language)
        elif path.suffix == ".xml":
            units += units_from_text(path)
        elif path.suffix in (".txt", ".md"):
            units += units_from_plain_text(path, settings.source_language)
        else:
            raise UserError(path, "cannot lint this kind of file; give .po, .xml, .txt or .md files")
    return units


PARALLEL_MINIMUM = 4000  # below this many units, starting workers costs more than it saves
_SHARED: tuple | None = None  # what forked workers read: (units, glossary, indexes, levels)


def lint_units(units: list[Unit], glossary: Glossary, levels: dict[str, str], jobs: int = 1) -> LintResult:
    """Findings in unit order. Large runs are split over ``jobs`` forked processes, each
    taking the units whose source text hashes to it, so that a source shared by the
    catalogs of several languages is analysed once per process."""
    languages = {u.source_lang for u in units} | {u.target_lang for u in units if u.target_lang}
    indexes = indexes_for(glossary, languages)
    result = LintResult(units=units)
    if jobs > 1 and len(units) >= PARALLEL_MINIMUM and "fork" in multiprocessing.get_all_start_methods():
        global _SHARED
        _SHARED = (units, glossary, indexes, levels)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                parts = pool.map(_lint_share, [(worker, jobs) for worker in range(jobs)])
        finally:
            _SHARED = None
        by_unit = dict(pair for part in parts for pair in part)
        result.findings = [f for number in range(len(units)) for f in by_unit.get(number, ())]
    else:
        result.findings = [f for unit in units for f in lint_unit(unit, glossary, indexes, levels)]
    return result


def _lint_share(share: tuple[int, int]) -> list[tuple[int, list[Finding]]]:
    worker, jobs = share
    units, glossary, indexes, levels = _SHARED
    found = []
    for number, unit in enumerate(units):
        if zlib.crc32(unit.source.encode("utf-8")) % jobs == worker:
            findings = lint_unit(unit, glossary, indexes, levels)
            if findings:
                found.append((number, findings))
    return found


def lint_unit(unit: Unit, glossary: Glossary, indexes: dict[str, TermIndex], levels: dict[str, str]) -> list[Finding]:
    findings = []
    waived = {}
    for rule, reason in unit.waivers:
        if rule not in RULES or not reason:
            problem = "names an unknown rule" if rule not in RULES else "has no reason"
            message = f"waiver for {rule!r} {problem}; write `lint-waive: RULE: reason`"
            findings.append(_finding(unit, levels, "waiver-invalid", message, rule, None))
        else:
            waived[rule] = reason
    for hit in check_unit(unit, glossary, indexes):
        if hit.rule not in waived and levels[hit.rule] != "off":
            findings.append(_finding(unit, levels, hit.rule, hit.message, hit.found, hit.expected))
    return findings


def _finding(unit: Unit, levels: dict[str, str], rule: str, message: str, found: str, expected: str | None) -> Finding:
    return Finding(
        path=unit.path, line=unit.line, column=unit.column_of(found, unit.line), context=unit.context,
        lang=unit.lang, rule=rule, severity=levels[rule], message=message, found=found, expected=expected,
    )
