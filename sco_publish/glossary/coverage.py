"""Glossary coverage: the proper names and capitalised multi-word terms of a text that the
glossary lacks, and so that no check can protect (poterminology's idea, for names).

A candidate is a run of capitalised words, joined by the lower-case connectors names are
written with ("Council of Heads of State"), with the stretches the glossary matches taken
out. What is capitalised only for grammar is left out: a single word opening a sentence,
titles before a name (data: ``name-titles`` in languages.toml) at either end, month names,
and a language's name standing alone (CLDR's, through Babel). What is capitalised only for style is left out too, on the texts' own evidence: a single
capitalised word that the project's texts also write in lower case ("Organization",
"Meeting") is a common word, and so is a sentence's first word before a name ("An
Agreement"); in a heading written in title case every word is capitalised, so there only
words the texts never write in lower case can be names. What is left and is no mistake
(a gap the glossary keeps on purpose) is listed, with the reason, in the gap list beside
the glossary (``gaps``), not waived in the texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale

from sco_publish.errors import Location, UserError
from sco_publish.glossary.gaps import Gaps
from sco_publish.glossary.tbx import Glossary
from sco_publish.glossary.languages import language_rules
from sco_publish.glossary.matching import TermMatch, term_index
from sco_publish.texts.reader import load_document

_CONNECTORS = ("of", "for", "on", "in", "de", "al", "bin", "ibn", "van", "von")
_SENTENCE_ENDS = ".!?:;"
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
# A heading in title case: every word this long or longer capitalised, and at least this many of them.
TITLE_CASE_WORD_LENGTH, TITLE_CASE_WORDS = 4, 3


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
    gap: str | None = None  # the reason the gap list gives for leaving it out of the glossary


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


@cache
def _language_names(lang: str) -> frozenset[str]:
    """CLDR's names of languages in ``lang`` (Chinese, Kazakh): a language, or the adjective
    written like it, standing alone is no name for the glossary to protect."""
    return frozenset(name.lower() for name in Locale.parse(lang).languages.values())


def unknown_names(text: str, lang: str, matches: list[TermMatch], known_words: frozenset[str],
                  common: frozenset[str] = frozenset()) -> Iterator[UnknownName]:
    """The capitalised names and multi-word terms in ``text`` that no glossary term matches
    (a name made only of glossary words, such as a protected given name beside a
    misspelt surname, is no gap). ``common``: the words the texts write in lower case."""
    not_names = _not_names(lang)
    heading = _is_title_case(text)
    for run in _run_pattern(lang).finditer(text):
        pieces = [(run.start(), run.end())]
        for match in matches:  # take out what the glossary knows
            pieces = [part for start, end in pieces
                      for part in ((start, min(end, match.start)), (max(start, match.end), end))
                      if part[0] < part[1]] if match.start < run.end() and match.end > run.start() else pieces
        for start, end in pieces:
            for words in _names_in(text, start, list(re.finditer(r"\S+", text[start:end])), not_names, common, heading):
                if all(word.group().lower() in known_words for word in words):
                    continue
                first, last = start + words[0].start(), start + words[-1].end()
                last = first + len(language_rules(lang).without_term_suffix(text[first:last]))  # China’s: China
                if len(words) == 1 and (_opens_sentence(text, first) or len(words[0].group()) < 2
                                        or re.fullmatch(r"[IVXLC]+", words[0].group())
                                        or _is_common(text[first:last], common)
                                        or text[first:last].lower() in _language_names(lang)):
                    continue
                yield UnknownName(text[first:last], first)


def _names_in(text: str, offset: int, words: list[re.Match[str]], not_names: frozenset[str],
              common: frozenset[str], heading: bool) -> Iterator[list[re.Match[str]]]:
    """The stretches of a run of capitalised ``words`` that may be names: without titles
    and connectors at either end; in a title-case heading, only words the texts never
    write in lower case; elsewhere without a common word that merely opens a sentence."""
    groups: list[list[re.Match[str]]] = [[]]
    for word in words:
        if heading and word.group()[0].isupper() and _is_common(word.group(), common):
            groups.append([])
        else:
            groups[-1].append(word)
    for group in groups:
        group = _trimmed(group, not_names)
        if len(group) > 1 and _opens_sentence(text, offset + group[0].start()) and _is_common(group[0].group(), common):
            group = _trimmed(group[1:], not_names)
        if group:
            yield group


def _trimmed(words: list[re.Match[str]], not_names: frozenset[str]) -> list[re.Match[str]]:
    start, end = 0, len(words)
    while start < end and (words[start].group().lower() in not_names or not words[start].group()[0].isupper()):
        start += 1
    while end > start and (words[end - 1].group().lower() in not_names or not words[end - 1].group()[0].isupper()):
        end -= 1
    return words[start:end]


def _is_common(word: str, common: frozenset[str]) -> bool:
    """Whether the texts write ``word`` in lower case too (an abbreviation, US, is no "us")."""
    return not word.isupper() and word.lower() in common


def _is_title_case(text: str) -> bool:
    """Whether ``text`` is a heading in title case ("Tokayev Speaks at the Meeting …")."""
    long = [word for word in _WORD.findall(text) if len(word) >= TITLE_CASE_WORD_LENGTH]
    return len(long) >= TITLE_CASE_WORDS and all(word[0].isupper() for word in long)


def lower_case_words(texts: list[str]) -> frozenset[str]:
    """The words ``texts`` write in lower case: the evidence that a capitalised one is a common word."""
    return frozenset(word for text in texts for word in _WORD.findall(text) if word.islower())


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \u00a0\t\n“\"«(‘'")
    return not before or before[-1] in _SENTENCE_ENDS


def missing_from_glossary(paths: list[Path], glossary: Glossary, common: frozenset[str], gaps: Gaps) -> list[Coverage]:
    """Every name of the texts at ``paths`` the glossary lacks, most used first, each with
    the reason ``gaps`` gives for it, if any. ``common``: what the project's texts write in
    lower case (``project_words``)."""
    found: dict[str, Coverage] = {}
    for path in paths:
        document = load_document(path)
        if not language_rules(document.lang).title_case_names:
            continue
        index = term_index(glossary, document.lang)
        for segment in document.segments():
            for name in unknown_names(segment.text, document.lang, index.find(segment.text), index.known_words, common):
                entry = found.setdefault(name.text, Coverage(name.text, gap=gaps.reason(name.text)))
                entry.count += 1
                entry.segments.append(f"{path.stem}:{segment.id}")
    return sorted(found.values(), key=lambda entry: (-entry.count, entry.name))


def project_words(paths: list[Path] | tuple[Path, ...]) -> frozenset[str]:
    """The words the canonical texts at ``paths`` write in lower case."""
    return lower_case_words([segment.text for path in paths for segment in load_document(path).segments()])


@cache
def glossary_texts_words(glossary: Glossary) -> frozenset[str]:
    """``project_words`` of the texts the glossary serves (``Glossary.texts``), read once."""
    return project_words(glossary.texts)


def stale_gaps(gaps: Gaps, found: list[Coverage]) -> list[UserError]:
    """Entries of the gap list that name nothing the texts use any more (nor a name now in the glossary)."""
    used = {entry.name for entry in found}
    return [UserError(Location(gaps.path, gap.line), f"“{gap.name}” is listed as a gap, but no text has it as a name "
                                                     "the glossary lacks any more; remove it from the list")
            for gap in gaps.entries.values() if gap.name not in used]
