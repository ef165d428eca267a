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
from functools import cache, lru_cache

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


@dataclass(frozen=True, eq=False)  # identity: one per glossary and language (cached), so find can be cached
class TermIndex:
    """All terms of one language, found by dispatch: a fast scan for the places where a
    term could start (a word start with a term's first letter), then one pattern holding
    only the terms that begin with the text's next two letters, longest first."""

    lang: str
    starts: re.Pattern[str]
    by_prefix: dict[str, re.Pattern[str]]
    by_group: dict[str, tuple[Concept, Term]]
    concept_patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def mentions(self, concept: Concept, text: str) -> bool:
        """Whether ``text`` names ``concept`` with an approved term anywhere, even inside a
        longer term that ``find`` matched instead (the member states in "Совет глав
        государств-членов ШОС")."""
        pattern = self.concept_patterns.get(concept.id)
        if pattern is None:
            branches = [term_pattern(term) for term in concept.terms_in(self.lang) if term.approved]
            pattern = re.compile(f"{_word_start(self.lang)}(?:{'|'.join(branches) or '(?!)'})", re.IGNORECASE)
            self.concept_patterns[concept.id] = pattern
        return pattern.search(normalize_for_matching(text, self.lang)) is not None

    @lru_cache(maxsize=1 << 16)  # catalogs of several languages share their source texts
    def find(self, text: str) -> list[TermMatch]:
        """Non-overlapping matches, leftmost first; at one place the longest term wins."""
        folded = normalize_for_matching(text, self.lang)
        lowered = folded.lower()
        if len(lowered) != len(folded):  # a letter whose lower case is longer (İ): look up letter by letter
            lowered = "".join(char.lower()[:1] for char in folded)
        matches: list[TermMatch] = []
        end = 0
        by_prefix = self.by_prefix
        for start_match in self.starts.finditer(folded):
            position = start_match.start()
            if position < end:
                continue
            pattern = by_prefix.get(lowered[position:position + 2]) or by_prefix.get(lowered[position])
            match = pattern.match(folded, position) if pattern else None
            if match:
                end = match.end()
                concept, term = self.by_group[match.lastgroup]
                matches.append(TermMatch(concept, term, position, end, text[position:end]))
        return matches


@cache
def term_index(glossary: Glossary, lang: str) -> TermIndex:
    entries = [(concept, term) for concept in glossary.concepts for term in concept.terms_in(lang)]
    entries.sort(key=lambda pair: len(pair[1].text), reverse=True)
    by_group = {f"t{rank}": entry for rank, entry in enumerate(entries)}
    buckets: dict[str, list[str]] = {}
    for group, (_, term) in by_group.items():
        fixed = normalize_for_matching(term.stem or term.text, lang).split("|", 1)[0].lower()
        buckets.setdefault(fixed[:2] if len(fixed) >= 2 else fixed[:1], []).append(group)
    # a term keyed by one letter (its stem is that short) belongs to every two-letter bucket it could start
    for key in [k for k in buckets if len(k) == 2]:
        buckets[key] = sorted(buckets[key] + buckets.get(key[0], []), key=lambda group: int(group[1:]))
    by_prefix = {
        key: re.compile("|".join(f"(?P<{g}>{term_pattern(by_group[g][1])})" for g in groups), re.IGNORECASE)
        for key, groups in buckets.items()
    }
    # one letter at a time: the scan must not step over a term starting inside another's first two letters
    letters = {key[0] for key in buckets} | {key[0].upper() for key in buckets}
    starts = re.compile(f"{_word_start(lang)}[{re.escape(''.join(sorted(letters)))}]" if letters else "(?!)")
    return TermIndex(lang, starts, by_prefix, by_group)


def _word_start(lang: str) -> str:
    """What must hold before a term: a word boundary, except in Chinese (no spaces)."""
    return "" if language_rules(lang).substring else r"(?<!\w)"


def find_terms(glossary: Glossary, text: str, lang: str) -> list[TermMatch]:
    return term_index(glossary, lang).find(text)
