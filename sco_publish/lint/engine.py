"""The generic engine: the registry's rules over the units of files, with waivers and severities applied.

It knows no rule (``rules`` does), no file format (``sources`` does) and no output format
(``reporters`` do); ``parts`` shares large runs out to processes.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from pathlib import Path

from sco_publish.glossary.matching import TermIndex, term_index
from sco_publish.glossary.tbx import Glossary
from sco_publish.lint.checks import SourceFacts, indexes_for, source_facts
from sco_publish.lint.model import Finding, Hit, LintResult, Unit
from sco_publish.lint.parts import Part, PartResult, check_in_parts, read_part
from sco_publish.lint.positions import hit_region, source_region
from sco_publish.lint.rules import BY_ID, RULES, check_unit, unwaivable
from sco_publish.settings import Settings


def severities(settings: Settings, release: bool) -> dict[str, str]:
    """The registry's severities, overridden by [tool.sco-publish.lint] severity (checked with
    the settings), then by --release."""
    result = {**{rule.id: rule.severity for rule in RULES}, **settings.lint.get("severity", {})}
    if release:
        result.update({rule.id: rule.release_severity for rule in RULES if rule.release_severity})
    return result


def project_lint_paths(settings: Settings) -> list[Path]:
    return [*settings.text_paths(), *sorted(settings.locales_dir.glob("*/LC_MESSAGES/*.po"))]


def lint_paths(paths: list[Path], settings: Settings, glossary: Glossary, levels: dict[str, str],
               jobs: int = 1, text_lang: str | None = None) -> LintResult:
    """Findings for ``paths``, in file and line order; large inputs are read and checked by
    ``jobs`` processes (see ``parts``). ``text_lang``: the language of .txt and .md files
    without one in their name."""
    indexes = indexes_for(glossary, {settings.source_language, *settings.languages})
    check = partial(check_parts, glossary=glossary, indexes=indexes, levels=levels)
    merged = LintResult(rules={rule.id: rule.description for rule in RULES})
    for result in check_in_parts(paths, settings, jobs, text_lang, check):
        if result.error:
            raise result.error
        if result.checked:
            merged.checked.append(result.checked)
        merged.findings += result.findings
    return merged


Found = dict[tuple[int, int], list[tuple[Hit, str | None]]]  # (part, unit) → its hits and their waivers


def check_parts(parts: list[tuple[int, Part]], glossary: Glossary, indexes: dict[str, TermIndex],
                levels: dict[str, str]) -> list[PartResult]:
    """Read the numbered parts and check their units, analysing each source text once."""
    read = [read_part(number, part) for number, part in parts]
    found = _check_by_source(read, glossary, indexes, levels)
    for result, units in read:  # positions part by part: one part's lines in memory at a time
        result.findings = _findings(result.number, units, found, levels)
    return [result for result, _ in read]


def _check_by_source(read: list[tuple[PartResult, list[Unit]]], glossary: Glossary, indexes: dict[str, TermIndex],
                     levels: dict[str, str]) -> Found:
    """The hits of every unit, its source text analysed once for all the units that share it."""
    by_source: dict[tuple[str, str], list[tuple[int, int, Unit]]] = defaultdict(list)
    for result, units in read:
        for index, unit in enumerate(units):
            by_source[(unit.source_lang, unit.source)].append((result.number, index, unit))
    found: Found = {}
    for (lang, text), group in by_source.items():
        facts = source_facts(text, lang, _with_index(indexes, glossary, lang))
        for number, index, unit in group:
            if unit.target_lang:
                _with_index(indexes, glossary, unit.target_lang)
            hits = lint_unit(unit, glossary, indexes, levels, facts)
            if hits:
                found[(number, index)] = hits
    return found


def _with_index(indexes: dict[str, TermIndex], glossary: Glossary, lang: str) -> dict[str, TermIndex]:
    """``indexes`` with the terms of ``lang`` (a language the settings do not name: a file's own)."""
    if lang not in indexes:
        indexes[lang] = term_index(glossary, lang)
    return indexes


def _findings(number: int, units: list[Unit], found: Found, levels: dict[str, str]) -> list[Finding]:
    findings = [_finding(unit, hit, waiver, levels) for index, unit in enumerate(units)
                for hit, waiver in found.pop((number, index), ())]
    if units and units[0].lines:
        units[0].lines.release()
    return findings


def lint_unit(unit: Unit, glossary: Glossary, indexes: dict[str, TermIndex], levels: dict[str, str],
              source: SourceFacts | None = None) -> list[tuple[Hit, str | None]]:
    """The hits to report in ``unit``, each with the reason of the waiver that silences it, or None."""
    waived = {rule: reason for rule, reason in unit.waivers if rule in BY_ID and reason}
    return [(hit, None if unwaivable(hit.rule) else waived.get(hit.rule, hit.waiver))
            for hit in check_unit(unit, glossary, indexes, source) if levels[hit.rule] != "off"]


def _finding(unit: Unit, hit: Hit, waiver: str | None, levels: dict[str, str]) -> Finding:
    source = None if hit.source_start is None else source_region(unit, hit.source_start, len(hit.found), hit.source_form)
    return Finding(
        path=unit.path, region=hit_region(unit, hit.rule, hit.start, len(hit.found), hit.form, hit.found),
        context=unit.context, lang=unit.lang, rule=hit.rule, severity=levels[hit.rule], message=hit.message,
        found=hit.found, expected=hit.expected, waiver=waiver, source_region=source,
    )
