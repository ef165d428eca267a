"""Finding glossary terms in text, in any grammatical form.

Matching is generic; what a language needs is data (``data/languages.toml`` and the
TBX ``x-stem`` notes):
- each word of a term written ``stem|ending`` in its x-stem is matched as the stem
  followed by any one of the language's endings (Russian case endings) or a chain of
  its suffixes (Kazakh, optionally after a hyphen: ШЫҰ-ға); a word without a bar is
  matched exactly;
- a language's ``term-suffix`` may follow any term (English possessives: 's, ’s);
- Chinese terms are substrings (no spaces to find words by);
- matching ignores case, and the text is first folded by the language's ``fold``
  table (Russian ё → е; in Chinese the look-alike dots •, ・, ‧ and ． → the name
  separator ·).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from sco_publish.glossary.tbx import Concept, Glossary, Term
from sco_publish.glossary.languages import language_rules
from sco_publish.glossary.names import names_someone_else, word_before

NOT_THIS = "not-this"  # the status of a look-alike (x-not) in the index: it wins a place, then is dropped


class TermMatch(NamedTuple):  # a tuple: made by the hundred thousand in a lint run
    concept: Concept
    term: Term
    start: int
    end: int
    found: str


def normalize_for_matching(text: str, lang: str) -> str:
    """A same-length folding of ``text`` so that offsets stay valid (the language's ``fold``: ё→е, name separators)."""
    for written, folded in language_rules(lang).fold:
        if written in text:  # far cheaper than str.translate on text that has none
            text = text.replace(written, folded)
    return text


def lowercase_keeping_offsets(text: str) -> str:
    """``text`` in lower case, letter for letter even where a lower case is longer (İ)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(char.lower()[:1] for char in text)


def term_pattern(term: Term, lower_case: bool = False) -> str:
    """A regular expression for every grammatical form of ``term`` (for text in lower case,
    to be matched without IGNORECASE, which is slower)."""
    head, rest = term_parts(term, lower_case)
    return head + (rest or "")


def term_parts(term: Term, lower_case: bool = False) -> tuple[str, str | None]:
    """``term_pattern`` cut after the first word and the spaces that follow it, or the
    whole pattern and None for a term of one word (and in Chinese, which has no words)."""
    rules = language_rules(term.lang)
    written = normalize_for_matching(term.stem or term.text, term.lang)
    if lower_case:
        written = lowercase_keeping_offsets(written)
    if rules.substring:
        return re.escape(written.replace("|", "")), None
    words = []
    for word in written.split():
        stem, bar, _ = word.partition("|")
        words.append(re.escape(stem) + (rules.ending_pattern() if bar else ""))
    tail = rf"{rules.term_suffix}(?!\w)"  # the index puts (?<!\w) in front of all terms
    if len(words) == 1:
        return words[0] + tail, None
    return words[0] + r"\s+", r"\s+".join(words[1:]) + tail


@dataclass(frozen=True, eq=False)  # one per glossary and language (cached): compared by identity
class TermIndex:
    """All terms of one language, found in two steps: an Aho–Corasick automaton finds, in
    one pass in C, where some term's fixed beginning (its first word, or that word's stem)
    occurs; at each such word start, the pattern of the terms with that beginning decides
    which of them stands there, in which form. Terms are ranked longest first, and where
    several beginnings occur at one place the best-ranked match of all of them wins.
    A beginning's pattern is compiled when the text first holds it: compiling costs far
    more than matching, and a large glossary's terms mostly never occur."""

    lang: str
    anchors: ahocorasick.Automaton  # lower-case fixed beginning → (its length, the beginning)
    groups: dict[str, list[str]]  # fixed beginning → the regex group names of its terms
    by_group: dict[str, tuple[int, Concept, Term]]  # regex group name → rank, concept, term
    substring: bool  # Chinese: terms need no word boundary before them
    known_words: frozenset[str]  # every word of every term, lower case, without the stem bars
    own_words: dict[str, tuple[str, ...]]  # person concept ID → the words (Chinese: ·-parts) of its names
    anchor_patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)
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

    def find(self, text: str) -> list[TermMatch]:
        """Non-overlapping matches, leftmost first; at one place the longest term wins."""
        if not len(self.anchors):  # a language without terms
            return []
        folded = normalize_for_matching(text, self.lang)
        lowered = lowercase_keeping_offsets(folded)
        by_group, substring, compiled = self.by_group, self.substring, self.anchor_patterns
        found = []  # (start, rank, concept, term, match): sorted, the best-ranked term comes first at each start
        for last, (length, anchor) in self.anchors.iter(lowered):
            start = last - length + 1
            if start and not substring:
                before = lowered[start - 1]
                if before.isalnum() or before == "_":  # what \w matches: not at a word start
                    continue
            pattern = compiled.get(anchor) or self._compile(anchor)
            match = pattern.match(lowered, start)
            if match:
                found.append((start, *by_group[match.lastgroup], match))
        found.sort(key=_start_and_rank)
        matches: list[TermMatch] = []
        end = 0
        own_words = self.own_words
        for start, _, concept, term, match in found:
            if start >= end:
                end = match.end()
                if term.status != NOT_THIS and (concept.id not in own_words  # only a person's name can be someone else's
                                                or not self._someone_elses(folded, start, end, concept, term)):
                    matches.append(TermMatch(concept, term, start, end, text[start:end]))
        return matches

    def _compile(self, anchor: str) -> re.Pattern[str]:
        """The pattern of the terms beginning with ``anchor``, for lower-case text. Terms of
        several words whose first words have one pattern (the thousand "Council of …" of a
        large glossary) share it: a first word can end only where a space follows it, so
        ``P(?:A|B)`` finds what ``PA|PB`` finds, and compiles in a fraction of the time."""
        parts = [(group, *term_parts(self.by_group[group][2], lower_case=True)) for group in self.groups[anchor]]
        branches = []
        for (head, shared), run in groupby(parts, key=lambda part: (part[1], part[2] is not None)):
            if shared:
                branches.append(f"{head}(?:{'|'.join(f'(?P<{group}>{rest})' for group, _, rest in run)})")
            else:
                branches += [f"(?P<{group}>{whole})" for group, whole, _ in run]
        pattern = self.anchor_patterns[anchor] = re.compile("|".join(branches))
        return pattern

    def _someone_elses(self, text: str, start: int, end: int, concept: Concept, term: Term) -> bool:
        """Whether a person's one-word term (a surname) stands here in someone else's full
        name: after another given name (Nawaz Sharif, 纳瓦兹·谢里夫), which the longer term
        with the person's own given name would have matched instead."""
        own = self.own_words.get(concept.id)
        separator = language_rules(self.lang).name_separator
        if own is None or " " in term.text or (separator and separator in term.text):
            return False
        if separator:
            return start > 0 and text[start - 1] == separator and not text[:start - 1].endswith(own)
        return names_someone_else(word_before(text, start, self.lang), own, self.known_words, self.lang)


_start_and_rank = itemgetter(0, 1)  # in C: a sort key called for every term found


@cache
def term_index(glossary: Glossary, lang: str) -> TermIndex:
    entries = [(concept, term) for concept in glossary.concepts for term in concept.terms_in(lang)]
    names: dict[str, list[Term]] = {}
    for concept, term in entries:
        if concept.subject == "person":
            names.setdefault(concept.id, []).append(term)
    own_words = {concept_id: _name_parts(terms, lang) for concept_id, terms in names.items()}
    entries += [(concept, Term(phrase.replace("|", ""), lang, NOT_THIS, phrase if "|" in phrase else None, term.line))
                for concept, term in list(entries) for phrase in term.not_this]
    known = {word.replace("|", "") for _, term in entries
             for word in lowercase_keeping_offsets(normalize_for_matching(term.stem or term.text, lang)).split()}
    entries.sort(key=lambda pair: len(pair[1].text), reverse=True)
    by_group = {f"t{rank}": (rank, concept, term) for rank, (concept, term) in enumerate(entries)}
    groups_by_anchor: dict[str, list[str]] = {}
    for group, (_, _, term) in by_group.items():
        fixed = lowercase_keeping_offsets(normalize_for_matching(term.stem or term.text, lang).split("|", 1)[0]).split()
        if fixed:
            groups_by_anchor.setdefault(fixed[0], []).append(group)
    anchors = ahocorasick.Automaton()
    for anchor in groups_by_anchor:
        anchors.add_word(anchor, (len(anchor), anchor))
    if groups_by_anchor:
        anchors.make_automaton()
    return TermIndex(lang, anchors, groups_by_anchor, by_group, language_rules(lang).substring, frozenset(known),
                     own_words)


def _name_parts(terms: list[Term], lang: str) -> tuple[str, ...]:
    """The words of a person's names in lower case (in Chinese, the parts between ·)."""
    separator = language_rules(lang).name_separator
    return tuple(dict.fromkeys(part for term in terms
                               for part in lowercase_keeping_offsets(normalize_for_matching(term.text, lang)).split(separator)
                               if part))


def _word_start(lang: str) -> str:
    """What must hold before a term: a word boundary, except in Chinese (no spaces)."""
    return "" if language_rules(lang).substring else r"(?<!\w)"


def find_terms(glossary: Glossary, text: str, lang: str) -> list[TermMatch]:
    return term_index(glossary, lang).find(text)
