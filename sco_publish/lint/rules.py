"""The lint's rules as data: each rule's ID, description, default severity and check.

Like Vale's rules, a ``Rule`` is a record and the engine is generic: ``check_unit`` runs
the registry's checks over a unit, and adding a rule means adding a check to ``checks``
and a line to ``RULES``. A rule's ``scope`` says what its check looks at: the unit's
waivers (checked before the waivers are applied, so none can silence it), the unit as a
catalog entry (its state), or each of the unit's texts (see ``checks.text_subjects``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from sco_publish.glossary.matching import TermIndex
from sco_publish.glossary.tbx import Glossary
from sco_publish.lint import checks
from sco_publish.lint.checks import SourceFacts, Subject
from sco_publish.lint.model import Hit, Unit

SCOPES = ("waivers", "entry", "text")  # in the order their checks run on a unit


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    severity: str  # the default; [tool.sco-publish.lint.severity] overrides it
    scope: str  # one of SCOPES
    check: Callable[[Subject], Iterator[Hit]]
    release_severity: str | None = None  # what ``lint --release`` makes it


def check_waivers(subject: Subject) -> Iterator[Hit]:
    for rule, reason in subject.unit.waivers:
        if rule not in BY_ID or not reason:
            problem = "names an unknown rule" if rule not in BY_ID else "has no reason"
            yield Hit("waiver-invalid", f"waiver for {rule!r} {problem}; write `lint-waive: RULE: reason`", rule)


# In the order SARIF lists them.
RULES = (
    Rule("term-deprecated", "A deprecated glossary term is used.", "error", "text", checks.check_deprecated),
    Rule("term-missing", "The source names a glossary concept that the translation does not render.", "error",
         "text", checks.check_missing),
    Rule("term-misspelled", "A word is a near miss of a protected name in the glossary.", "error", "text",
         checks.check_misspelled),
    Rule("term-unknown", "A proper name or capitalised multi-word term of a text is not in the glossary.", "warning",
         "text", checks.check_unknown),
    Rule("number-mismatch", "A number, date or amount of the source is missing in the translation.", "error", "text",
         checks.check_numbers),
    Rule("untranslated", "A catalog entry has no translation.", "warning", "entry", checks.check_untranslated,
         release_severity="error"),
    Rule("fuzzy", "A catalog entry is marked fuzzy and needs review.", "warning", "entry", checks.check_fuzzy,
         release_severity="error"),
    Rule("waiver-invalid", "A lint waiver has no reason or names an unknown rule.", "error", "waivers", check_waivers),
)
BY_ID = {rule.id: rule for rule in RULES}
_BY_SCOPE = {scope: tuple(rule for rule in RULES if rule.scope == scope) for scope in SCOPES}
_WHOLE_UNIT_RULES = (*_BY_SCOPE["waivers"], *_BY_SCOPE["entry"])  # made once: check_unit runs per unit
_TEXT_RULES = _BY_SCOPE["text"]


def check_unit(unit: Unit, glossary: Glossary, indexes: dict[str, TermIndex],
               source: SourceFacts | None = None) -> Iterator[Hit]:
    """Every rule's hits in ``unit``; ``source`` saves analysing a shared source again."""
    whole = Subject(unit, glossary)
    for rule in _WHOLE_UNIT_RULES:
        yield from rule.check(whole)
    reported, reported_form = set(), None
    for subject, form, source_form in checks.text_subjects(unit, glossary, indexes, source):
        if form != reported_form:  # a plural form may be checked against msgid, then msgid_plural
            reported, reported_form = set(), form
        for rule in _TEXT_RULES:
            for hit in rule.check(subject):
                hit = checks.as_written(hit, subject)
                if form is None:
                    yield hit
                    continue
                key = (hit.rule, hit.start, hit.expected if hit.start is None else hit.found)
                if key not in reported:  # a term of the target, or one the target lacks, through both sources
                    reported.add(key)
                    yield replace(hit, form=form, source_form=source_form)


def unwaivable(rule: str) -> bool:
    """Whether no waiver can silence ``rule``: the check of the waivers themselves."""
    return BY_ID[rule].scope == "waivers"
