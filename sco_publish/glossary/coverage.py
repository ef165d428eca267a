"""Glossary coverage: the proper names and capitalised multi-word terms of a text that the
glossary lacks, and so that no check can protect (poterminology's idea, for names).

A candidate is a run of capitalised words, joined by the lower-case connectors names are
written with ("Council of Heads of State"), with the stretches the glossary matches taken
out. What is capitalised only for grammar is left out: a single word opening a sentence,
titles before a name (data: ``name-titles`` in languages.toml) at either end, month names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale

from sco_publish.glossary.tbx import Glossary
from sco_publish.glossary.languages import language_rules
from sco_publish.glossary.matching import TermMatch, term_index
from sco_publish.texts.reader import load_document

_CONNECTORS = ("of", "for", "on", "in", "de", "al", "bin", "ibn", "van", "von")
_SENTENCE_ENDS = ".!?:;"


@dataclass(frozen=True, slots=True)
class UnknownName:
    text: str
    start: int


@dataclass
class Coverage:
    """A name the glossary lacks, where the canonical texts use it."""

    name: str
    count: int = 0
    segments: list[str] = field(default_factory=list)  # document:segment IDs


@cache
def _run_pattern(lang: str) -> re.Pattern[str]:
    """Capitalised words, maybe joined by a preposition (and "the" after it): "Organization
    for the Prohibition of Chemical Weapons"; "and" is left out, as it joins two names as
    often as it stands in one."""
    capital = r"[^\W\d_a-zа-яёәғқңөұүһі][\w’'.-]*(?<![.’'-])(?![\w-])"
    connector = "|".join(re.escape(c) for c in _CONNECTORS)
    return re.compile(rf"(?<![\w’'-]){capital}(?:(?:\s+(?:{connector})(?:\s+the)?)?\s+{capital})*")


@cache
def _not_names(lang: str) -> frozenset[str]:
    """Capitalised words that are no names: titles, month and weekday names."""
    words = set(language_rules(lang).name_titles)
    locale = Locale.parse(lang)
    for kind in ("months", "days"):
        for context in getattr(locale, kind).values():
            for names in context.values():
                words.update(name.lower() for name in names.values())
    return frozenset(words)


def unknown_names(text: str, lang: str, matches: list[TermMatch], known_words: frozenset[str]) -> Iterator[UnknownName]:
    """The capitalised names and multi-word terms in ``text`` that no glossary term matches
    (a name made only of glossary words, such as a protected given name beside a
    misspelt surname, is no gap)."""
    not_names = _not_names(lang)
    for run in _run_pattern(lang).finditer(text):
        pieces = [(run.start(), run.end())]
        for match in matches:  # take out what the glossary knows
            pieces = [part for start, end in pieces
                      for part in ((start, min(end, match.start)), (max(start, match.end), end))
                      if part[0] < part[1]] if match.start < run.end() and match.end > run.start() else pieces
        for start, end in pieces:
            words = list(re.finditer(r"\S+", text[start:end]))
            while words and (words[0].group().lower() in not_names or not words[0].group()[0].isupper()):
                words.pop(0)
            while words and (words[-1].group().lower() in not_names or not words[-1].group()[0].isupper()):
                words.pop()
            if not words or all(word.group().lower() in known_words for word in words):
                continue
            first, last = start + words[0].start(), start + words[-1].end()
            last = first + len(language_rules(lang).without_term_suffix(text[first:last]))  # China’s: China
            if len(words) == 1 and (_opens_sentence(text, first) or len(words[0].group()) < 2
                                    or re.fullmatch(r"[IVXLC]+", words[0].group())):
                continue
            yield UnknownName(text[first:last], first)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \u00a0\t\n“\"«(‘'")
    return not before or before[-1] in _SENTENCE_ENDS


def missing_from_glossary(paths: list[Path], glossary: Glossary) -> list[Coverage]:
    """Every name of the texts at ``paths`` the glossary lacks, most used first."""
    found: dict[str, Coverage] = {}
    for path in paths:
        document = load_document(path)
        if not language_rules(document.lang).title_case_names:
            continue
        index = term_index(glossary, document.lang)
        for segment in document.segments():
            for name in unknown_names(segment.text, document.lang, index.find(segment.text), index.known_words):
                entry = found.setdefault(name.text, Coverage(name.text))
                entry.count += 1
                entry.segments.append(f"{path.stem}:{segment.id}")
    return sorted(found.values(), key=lambda entry: (-entry.count, entry.name))
