"""The terminology glossary: a TBX-Basic termbase read into concepts and terms."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from sco_publish.errors import Location, UserError
from sco_publish.glossary.gaps import Gaps, gaps_path, load_gaps
from sco_publish.xmlparse import XML_LANG, load_schema, parse_xml, validate_with_relaxng

TBX_NS = "urn:iso:std:iso:30042:ed-2"
_TAG = {name: f"{{{TBX_NS}}}{name}" for name in ("conceptEntry", "langSec", "termSec", "term", "termNote", "descrip")}
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
    # look-alikes that are not this term (another person, a family form), in x-stem notation
    not_this: tuple[str, ...] = ()

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


@cache
def _preferred(concept: Concept, lang: str) -> Term | None:
    return next((t for t in concept.terms_in(lang) if t.status == "preferred"), None)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: indexes are cached per glossary
class Glossary:
    path: Path
    concepts: tuple[Concept, ...]
    fingerprint: str = ""  # of the file's bytes: what derived data (catalog comments) was made from
    gaps: Gaps | None = None  # names left out on purpose, with reasons (the gap list beside the glossary)
    texts: tuple[Path, ...] = ()  # the canonical texts it serves: what they write in lower case is no name

    def concept(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts if c.id == concept_id), None)


@cache
def tbx_schema() -> etree.RelaxNG:
    return load_schema("tbx-basic.rng")


def check_glossary(path: Path, languages: tuple[str, ...]) -> list[UserError]:
    """Structure (TBX-Basic subset) plus what the toolkit relies on: one preferred term in each
    language the concept has terms in.  A language with no terms at all is a gap, not an error
    (see ``missing_terms``): a newly added language must not stop every command."""
    return _read_checked(path, languages)[0]


def load_glossary(path: Path, languages: tuple[str, ...]) -> Glossary:
    problems, concepts = _read_checked(path, languages)
    if problems:
        raise problems[0]
    return Glossary(path=path, concepts=tuple(concepts), fingerprint=hashlib.sha256(path.read_bytes()).hexdigest()[:16],
                    gaps=load_gaps(gaps_path(path)))


def _read_checked(path: Path, languages: tuple[str, ...]) -> tuple[list[UserError], list[Concept]]:
    """The problems of the glossary at ``path`` and its concepts, from one parse (a large
    termbase takes a second to parse and read)."""
    tree = parse_xml(path)
    problems = validate_with_relaxng(tree, tbx_schema(), path)
    if problems:
        return problems, []
    concepts = _read_concepts(tree)
    for concept in concepts:
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
    return problems, concepts


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
    """Concepts in file order; each element's children are walked once (no path search
    per field), since a termbase may hold tens of thousands of concepts."""
    concepts = []
    for entry in tree.iter(_TAG["conceptEntry"]):
        terms = []
        for lang_sec in entry.iterchildren(_TAG["langSec"]):
            lang = lang_sec.get(XML_LANG)
            for term_sec in lang_sec.iterchildren(_TAG["termSec"]):
                term = term_sec.find(_TAG["term"])
                notes = _typed_texts(term_sec.iterchildren(_TAG["termNote"]))
                terms.append(Term(
                    text=term.text,
                    lang=lang,
                    status=STATUS[notes.get("administrativeStatus")],
                    stem=notes.get("x-stem"),
                    line=term.sourceline,
                    not_this=tuple(part.strip() for part in notes.get("x-not", "").split(";") if part.strip()),
                ))
        descriptions = _typed_texts(entry.iterchildren(_TAG["descrip"]))
        concepts.append(Concept(
            id=entry.get("id"),
            subject=descriptions.get("subjectField"),
            definition=descriptions.get("definition"),
            terms=tuple(terms),
        ))
    return concepts


def _typed_texts(elements) -> dict[str, str]:
    """The text of the first element of each ``type`` ("" for an empty one, as findtext gives)."""
    texts: dict[str, str] = {}
    for element in elements:
        texts.setdefault(element.get("type"), element.text or "")
    return texts
