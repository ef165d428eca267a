"""The terminology glossary: a TBX-Basic termbase read into concepts and terms."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from sco_publish.errors import Location, UserError
from sco_publish.xmlparse import XML_LANG, load_schema, parse_xml, validate_with_relaxng

TBX_NS = "urn:iso:std:iso:30042:ed-2"
_NS = {"t": TBX_NS}
STATUS = {
    "preferredTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated",
    "supersededTerm-admn-sts": "deprecated",
}


@dataclass(frozen=True)
class Term:
    text: str
    lang: str
    status: str  # preferred, admitted or deprecated
    stem: str | None  # Phrase-style "stem|ending" notation, for inflected languages
    line: int

    @property
    def approved(self) -> bool:
        return self.status != "deprecated"


@dataclass(frozen=True, eq=False)  # identity: concepts are unique within their glossary
class Concept:
    id: str
    subject: str
    definition: str | None
    terms: tuple[Term, ...]

    def terms_in(self, lang: str) -> list[Term]:
        return [term for term in self.terms if term.lang == lang]

    def preferred(self, lang: str) -> Term | None:
        return _preferred(self, lang)

    def approved(self, lang: str) -> list[Term]:
        return [t for t in self.terms_in(lang) if t.approved]

    def deprecated(self, lang: str) -> list[Term]:
        return [t for t in self.terms_in(lang) if not t.approved]


@cache
def _preferred(concept: Concept, lang: str) -> Term | None:
    return next((t for t in concept.terms_in(lang) if t.status == "preferred"), None)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: indexes are cached per glossary
class Glossary:
    path: Path
    concepts: tuple[Concept, ...]
    fingerprint: str = ""  # of the file's bytes: what derived data (catalog comments) was made from

    def concept(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts if c.id == concept_id), None)


@cache
def tbx_schema() -> etree.RelaxNG:
    return load_schema("tbx-basic.rng")


def check_glossary(path: Path, languages: tuple[str, ...]) -> list[UserError]:
    """Structure (TBX-Basic subset) plus what the toolkit relies on: one preferred term in each
    language the concept has terms in.  A language with no terms at all is a gap, not an error
    (see ``missing_terms``): a newly added language must not stop every command."""
    tree = parse_xml(path)
    problems = validate_with_relaxng(tree, tbx_schema(), path)
    if problems:
        return problems
    for concept in _read_concepts(tree):
        line = min(term.line for term in concept.terms)
        for lang in languages:
            terms = concept.terms_in(lang)
            count = sum(1 for t in terms if t.status == "preferred")
            if terms and count != 1:
                problems.append(UserError(
                    Location(path, line, 1),
                    f"concept {concept.id!r} has {count} preferred {lang} terms; it needs exactly one",
                ))
        for term in concept.terms:
            if term.stem is not None and term.stem.replace("|", "") != term.text:
                problems.append(UserError(
                    Location(path, term.line, 1),
                    f"x-stem {term.stem!r} does not spell the term {term.text!r} once the bars are removed",
                ))
    return problems


def load_glossary(path: Path, languages: tuple[str, ...]) -> Glossary:
    problems = check_glossary(path, languages)
    if problems:
        raise problems[0]
    return Glossary(
        path=path,
        concepts=tuple(_read_concepts(parse_xml(path))),
        fingerprint=hashlib.sha256(path.read_bytes()).hexdigest()[:16],
    )


def missing_terms(glossary: Glossary, languages: tuple[str, ...]) -> list[str]:
    """One warning per language in which some concepts have no term yet: the lint cannot
    check that a translation uses their terms until the glossary has them."""
    warnings = []
    for lang in languages:
        missing = sum(1 for concept in glossary.concepts if not concept.terms_in(lang))
        if missing:
            warnings.append(
                f"{glossary.path}: {missing} of {len(glossary.concepts)} concepts have no {lang!r} term, "
                f"so term-missing is not checked for them in {lang!r}; add their {lang} terms to the glossary"
            )
    return warnings


def _read_concepts(tree: etree._ElementTree) -> list[Concept]:
    concepts = []
    for entry in tree.iterfind(".//t:conceptEntry", _NS):
        terms = []
        for lang_sec in entry.iterfind("t:langSec", _NS):
            lang = lang_sec.get(XML_LANG)
            for term_sec in lang_sec.iterfind("t:termSec", _NS):
                term = term_sec.find("t:term", _NS)
                terms.append(Term(
                    text=term.text,
                    lang=lang,
                    status=STATUS[term_sec.findtext("t:termNote[@type='administrativeStatus']", namespaces=_NS)],
                    stem=term_sec.findtext("t:termNote[@type='x-stem']", namespaces=_NS),
                    line=term.sourceline,
                ))
        concepts.append(Concept(
            id=entry.get("id"),
            subject=entry.findtext("t:descrip[@type='subjectField']", namespaces=_NS),
            definition=entry.findtext("t:descrip[@type='definition']", namespaces=_NS),
            terms=tuple(terms),
        ))
    return concepts
