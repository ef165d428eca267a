"""Lint output formats, one function each: text, json, github, sarif, junit."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from lxml import etree

from sco_publish import __version__
from sco_publish.lint.model import Finding, LintResult, Region

COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
RESET = "\033[0m"


@lru_cache(maxsize=1024)  # asked once per finding, of a few files: resolving is a system call per part of the path
def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _reported(result: LintResult) -> list[Finding]:
    """The findings no waiver silences (the formats without a place for waived ones only count them)."""
    return [f for f in result.findings if f.waiver is None]


def summary(result: LintResult) -> str:
    return (f"{result.segments} segments checked: {result.count('error')} errors, {result.count('warning')} warnings, "
            f"{result.waived} waived")


def report_text(result: LintResult, root: Path, colour: bool) -> str:
    lines = []
    for f in _reported(result):
        severity = f"{COLOURS[f.severity]}{f.severity}{RESET}" if colour and f.severity in COLOURS else f.severity
        where = f" [{f.lang} {f.context}]" if f.context else f" [{f.lang}]"
        lines.append(f"{_display_path(f.path, root)}:{f.line}:{f.column}: {severity} {f.rule}: {f.message}{where}")
    lines.append(summary(result))
    return "\n".join(lines)


def _as_dict(f: Finding, root: Path) -> dict:
    entry = {
        "path": _display_path(f.path, root), "line": f.line, "column": f.column,
        "end_line": f.region.end_line, "end_column": f.region.end_column, "context": f.context,
        "lang": f.lang, "rule": f.rule, "severity": f.severity, "message": f.message,
        "found": f.found, "expected": f.expected,
    }
    if f.source_region:
        entry["source_line"], entry["source_column"] = f.source_region.line, f.source_region.column
    if f.waiver is not None:
        entry["waiver"] = f.waiver
    return entry


def report_json(result: LintResult, root: Path) -> str:
    return json.dumps({
        "findings": [_as_dict(f, root) for f in _reported(result)],
        "waived": [_as_dict(f, root) for f in result.findings if f.waiver is not None],
        "summary": {"segments": result.segments, "errors": result.count("error"), "warnings": result.count("warning"),
                    "waived": result.waived},
    }, ensure_ascii=False, indent=2)


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def report_github(result: LintResult, root: Path) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    return "\n".join(
        f"::{level[f.severity]} file={_github_escape(_display_path(f.path, root), True)},line={f.line},"
        f"col={f.column},title={_github_escape(f.rule, True)}::{_github_escape(f.message)}"
        for f in _reported(result)
    )


def _sarif_location(uri: str, region: Region) -> dict:
    """A physical location; its columns in UTF-16 code units, the run's ``columnKind``."""
    return {"physicalLocation": {
        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": region.line, "startColumn": region.utf16_column,
                   "endLine": region.end_line, "endColumn": region.utf16_end_column},
    }}


def report_sarif(result: LintResult, root: Path) -> str:
    rule_ids = list(result.rules)
    level = {"error": "error", "warning": "warning", "info": "note"}
    results = []
    for f in result.findings:
        uri = _display_path(f.path, root)
        location = _sarif_location(uri, f.region)
        if f.context:
            location["logicalLocations"] = [{"name": f.context, "kind": "member"}]
        entry = {
            "ruleId": f.rule,
            "ruleIndex": rule_ids.index(f.rule),
            "level": level[f.severity],
            "message": {"text": f.message},
            "locations": [location],
            "properties": {"lang": f.lang, "found": f.found, "expected": f.expected},
        }
        if f.source_region:
            related = _sarif_location(uri, f.source_region)
            entry["relatedLocations"] = [{"id": 1, **related, "message": {"text": f"the source text “{f.found}”"}}]
        if f.waiver is not None:
            entry["suppressions"] = [{"kind": "inSource", "justification": f.waiver}]
        results.append(entry)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sco-publish lint",
                "version": __version__,
                "informationUri": "https://github.com/sco-publish/sco-publish",
                "rules": [{"id": rule, "shortDescription": {"text": text}} for rule, text in result.rules.items()],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)


def _first_line(first_lines: list[int], line: int) -> int:
    """The first line of the unit (in file order) that holds ``line``: a finding points inside
    its entry, a catalog entry without msgctxt is known by the line it begins on."""
    return first_lines[bisect_right(first_lines, line) - 1] if first_lines and line >= first_lines[0] else line


def report_junit(result: LintResult, root: Path) -> str:
    """One test case per checked segment (or line), grouped into one suite per file."""
    by_file: dict[Path, list[tuple[int, str | None, str]]] = defaultdict(list)
    for part in result.checked:
        by_file[part.path] += [(line, context, part.lang) for line, context in zip(part.lines, part.contexts)]
    first_lines = {path: [unit[0] for unit in units] for path, units in by_file.items()}
    by_unit: dict[tuple, list[Finding]] = defaultdict(list)
    for f in _reported(result):
        by_unit[(f.path, f.context or _first_line(first_lines.get(f.path, []), f.line))].append(f)
    suites = etree.Element("testsuites", name="sco-publish lint")
    for path, units in by_file.items():
        name = _display_path(path, root)
        suite = etree.SubElement(suites, "testsuite", name=name, tests=str(len(units)))
        failures = 0
        for line, context, lang in units:
            case = etree.SubElement(suite, "testcase", classname=name, name=f"{context or line} [{lang}]")
            for f in by_unit.get((path, context or line), []):
                where = f"{name}:{f.line}:{f.column}:"
                if f.severity == "error":
                    failures += 1
                    failure = etree.SubElement(case, "failure", type=f.rule, message=f.message)
                    failure.text = f"{where} {f.message}"
                else:
                    etree.SubElement(case, "system-out").text = f"{where} {f.severity} {f.rule}: {f.message}"
        suite.set("failures", str(failures))
    return etree.tostring(suites, encoding="unicode", pretty_print=True)
