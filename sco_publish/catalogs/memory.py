"""Translation memory: the translation of the same or a similar English sentence, for sync to offer.

The memory of a language is every translated segment of the project's catalogs in it and
every unit of the TMX files in the memory folder. A query's exact source is a dictionary
look-up. Near matches are scored by the Levenshtein ratio (RapidFuzz's ``fuzz.ratio``,
the normalised Indel similarity) against a few candidates: the units that share the most
of the query's word trigrams (words cut to their first letters, so that "State" and
"States" agree), counted over the trigrams that are not common to a large part of the
memory. Scoring every unit would cost 200,000 comparisons per query in a large memory;
a unit at least 75% similar shares most of a sentence's distinctive trigrams.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from sco_publish.catalogs.catalog import Catalog, Message
from sco_publish.exchange.tmx import memory_files, read_tmx
from sco_publish.settings import Settings

MEMORY_COMMENT = "memory: "
_WORD = re.compile(r"\w+")
_STEM_LETTERS = 5  # a word's first letters stand for it in the index: inflections share them
_COMMON = 2_000  # a trigram in more units than this says little about which one matches (unless all are)
_CANDIDATES = 25  # units scored per query: those sharing the most distinctive trigrams


@dataclass(frozen=True)
class Suggestion:
    target: str
    source: str
    origin: str  # "tianjin-declaration s14", "client.tmx line 120"
    similarity: float  # of the sources, 0–1; 1 for an exact match

    def comment(self) -> str:
        percent = math.floor(self.similarity * 100)  # 99.6 % is not shown as an exact match
        return f"{MEMORY_COMMENT}{percent}% from {self.origin}"


class TranslationMemory:
    """Source → (translation, origin) of one language, indexed for exact and near look-ups."""

    def __init__(self, units: Iterable[tuple[str, str, str]]) -> None:
        self.sources: list[str] = []
        self.entries: list[tuple[str, str]] = []
        self.exact: dict[str, int] = {}
        for source, target, origin in units:
            if source not in self.exact:  # the first unit with a source wins: catalogs, then TMX files
                self.exact[source] = len(self.sources)
                self.sources.append(source)
                self.entries.append((target, origin))
        self.postings: dict[str, list[int]] = {}
        for number, source in enumerate(self.sources):
            for feature in _features(source):
                self.postings.setdefault(feature, []).append(number)

    def __len__(self) -> int:
        return len(self.sources)

    def suggest(self, source: str, threshold: float) -> Suggestion | None:
        """The best unit whose source is ``source`` or at least ``threshold`` similar to it."""
        found = self.exact.get(source)
        if found is not None:
            return self._suggestion(found, 1.0)
        candidates = self._candidates(source)
        if not candidates:
            return None
        best = process.extractOne(source, [self.sources[n] for n in candidates], scorer=fuzz.ratio,
                                  score_cutoff=threshold * 100)
        if best is None:
            return None
        _, score, position = best
        return self._suggestion(candidates[position], min(score / 100, 0.999))

    def _candidates(self, source: str) -> list[int]:
        """The units sharing the most distinctive trigrams with ``source`` (ties: the earlier unit)."""
        postings = sorted((found for feature in _features(source) if (found := self.postings.get(feature))), key=len)
        distinctive = [found for found in postings if len(found) <= _COMMON] or postings[:1]
        counts = Counter()
        for found in distinctive:
            counts.update(found)
        return heapq.nsmallest(_CANDIDATES, counts, key=lambda number: (-counts[number], number))

    def _suggestion(self, number: int, similarity: float) -> Suggestion:
        target, origin = self.entries[number]
        return Suggestion(target, self.sources[number], origin, similarity)


def _features(text: str) -> set[str]:
    """Word trigrams of ``text`` (its words, when it has fewer than three)."""
    words = [word[:_STEM_LETTERS] for word in _WORD.findall(text.lower())]
    if len(words) < 3:
        return set(words)
    return {" ".join(words[n:n + 3]) for n in range(len(words) - 2)}


def catalog_units(catalog: Catalog, document_id: str) -> list[tuple[str, str, str]]:
    """(source, translation, origin) of every translated (not fuzzy) entry of a catalog."""
    return [(m.msgid, m.msgstr, f"{document_id} {m.msgctxt}") for m in catalog.entries
            if m.translated and m.msgid_plural is None]


class LazyMemories:
    """Each language's memory, built the first time sync needs it: a sync that adds no
    segment reads no memory. Units are given as functions so that a catalog is parsed only then."""

    def __init__(self) -> None:
        self._sources: dict[str, list[Callable[[], list[tuple[str, str, str]]]]] = {}
        self._built: dict[str, TranslationMemory] = {}

    def add(self, lang: str, units: Callable[[], list[tuple[str, str, str]]]) -> None:
        self._sources.setdefault(lang, []).append(units)

    def of(self, lang: str) -> TranslationMemory:
        if lang not in self._built:
            self._built[lang] = TranslationMemory(
                unit for source in self._sources.get(lang, []) for unit in source())
        return self._built[lang]


def offer_suggestions(messages: list[Message], memory: Callable[[], TranslationMemory], threshold: float) -> int:
    """Fill each untranslated message with the memory's best match, fuzzy, with a ``#. memory:``
    comment saying where from and how similar; a translation is never replaced."""
    offered = 0
    for message in messages:
        if message.has_translation or message.msgid_plural is not None:
            continue
        suggestion = memory().suggest(message.msgid, threshold)
        if suggestion is None:
            continue
        message.msgstr = suggestion.target
        message.set_fuzzy(True)
        if suggestion.source != message.msgid:
            message.previous_msgid = suggestion.source
        message.extracted_comments.append(suggestion.comment())
        offered += 1
    return offered


def memory_comments(previous: Message) -> list[str]:
    """The ``memory:`` comment of a suggestion not yet reviewed (still fuzzy), kept across syncs."""
    return [c for c in previous.extracted_comments if c.startswith(MEMORY_COMMENT)] if previous.fuzzy else []


def stale_memory_comments_removed(comments: list[str]) -> list[str]:
    """``comments`` without ``memory:`` lines: one that ``memory_comments`` did not keep is
    sync's own and out of date (the suggestion was reviewed, or the English changed)."""
    return [c for c in comments if not c.startswith(MEMORY_COMMENT)]


def add_memory_files(memories: LazyMemories, settings: Settings) -> None:
    """The TMX files of the memory folder, each read once, when the first language needs it."""
    source_lang = settings.source_language
    for path in memory_files(settings):
        read = cache(lambda path=path: read_tmx(path, source_lang, settings.target_languages)[0])
        for lang in settings.target_languages:
            memories.add(lang, lambda read=read, lang=lang: [
                (unit.texts[source_lang], unit.texts[lang], unit.origin) for unit in read() if lang in unit.texts])
