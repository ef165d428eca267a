"""Finding glossary terms in text, in any grammatical form.

Matching is generic; what a language needs is data (``data/languages.toml`` and the
TBX ``x-stem`` notes):
- each word of a term written ``stem|ending`` in its x-stem is matched as the stem
  followed by any one of the language's endings (Russian case endings) or a chain of
  its suffixes (Kazakh, optionally after a hyphen: ШЫҰ-ға); a word without a bar is
  matched exactly;
- English terms take an optional possessive ('s, ’s);
- Chinese terms are substrings (no spaces to find words by), with the name
  separators ·, •, ・ and ‧ treated alike;
- matching ignores case, and Russian ё and е are interchangeable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from sco_publish.glossary import Concept, Glossary, Term
from sco_publish.languages import language_rules

NAME_SEPARATORS = str.maketrans({"•": "·", "・": "·", "‧": "·", "．": "·"})


@dataclass(frozen=True)
class TermMatch:
    concept: Concept
    term: Term
    start: int
    end: int
    found: str


def normalize_for_matching(text: str, lang: str) -> str:
    """A same-length folding of ``text`` so that offsets stay valid (ё→е, name separators)."""
    if lang == "ru":
        return text.replace("ё", "е").replace("Ё", "Е")
    if language_rules(lang).substring:
        return text.translate(NAME_SEPARATORS)
    return text


def term_pattern(term: Term) -> str:
    """A regular expression for every grammatical form of ``term``."""
    rules = language_rules(term.lang)
    written = normalize_for_matching(term.stem or term.text, term.lang)
    if rules.substring:
        return re.escape(written.replace("|", ""))
    words = []
    for word in written.split():
        stem, bar, _ = word.partition("|")
        words.append(re.escape(stem) + (rules.ending_pattern() if bar else ""))
    body = r"\s+".join(words)
    return rf"{body}{rules.term_suffix}(?!\w)"  # the index puts (?<!\w) in front of all terms


@dataclass(frozen=True)
class TermIndex:
    """All terms of one language compiled into one pattern; longer terms win over shorter ones."""

    lang: str
    regex: re.Pattern[str]
    by_group: dict[str, tuple[Concept, Term]]

    concept_patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def mentions(self, concept: Concept, text: str) -> bool:
        """Whether ``text`` names ``concept`` with an approved term anywhere, even inside a
        longer term that ``find`` matched instead (the member states in "Совет глав
        государств-членов ШОС")."""
        pattern = self.concept_patterns.get(concept.id)
        if pattern is None:
            branches = [term_pattern(term) for term in concept.terms_in(self.lang) if term.approved]
            start = "" if language_rules(self.lang).substring else r"(?<!\w)"
            pattern = re.compile(f"{start}(?:{'|'.join(branches) or '(?!)'})", re.IGNORECASE)
            self.concept_patterns[concept.id] = pattern
        return pattern.search(normalize_for_matching(text, self.lang)) is not None

    def find(self, text: str) -> list[TermMatch]:
        folded = normalize_for_matching(text, self.lang)
        matches = []
        for match in self.regex.finditer(folded):
            concept, term = self.by_group[match.lastgroup]
            matches.append(TermMatch(concept, term, match.start(), match.end(), text[match.start():match.end()]))
        return matches


@cache
def term_index(glossary: Glossary, lang: str) -> TermIndex:
    entries = [(concept, term) for concept in glossary.concepts for term in concept.terms_in(lang)]
    entries.sort(key=lambda pair: len(pair[1].text), reverse=True)
    by_group = {f"t{number}": entry for number, entry in enumerate(entries)}
    # Dispatch on the first character, so that each position tries a handful of terms, not all;
    # and terms start a word (except in Chinese): test that once per position, not once per term.
    by_first: dict[str, list[str]] = {}
    for group, (_, term) in by_group.items():
        first = normalize_for_matching(term.text, lang)[0].lower()
        by_first.setdefault(first, []).append(f"(?P<{group}>{term_pattern(term)})")
    branches = "|".join(
        f"(?={re.escape(first)})(?:{'|'.join(patterns)})" for first, patterns in by_first.items()
    )
    start = "" if language_rules(lang).substring else r"(?<!\w)"
    return TermIndex(lang, re.compile(f"{start}(?:{branches or '(?!)'})", re.IGNORECASE), by_group)


def find_terms(glossary: Glossary, text: str, lang: str) -> list[TermMatch]:
    return term_index(glossary, lang).find(text)
