"""The lint's checks: small, independent functions from a ``Subject`` to ``Hit``s.

Every check has the one signature ``check(subject) -> Iterator[Hit]`` (as Babel's
checkers take a catalog and a message); ``rules`` lists them with their rule IDs and
severities. A check yields the rule, a message, and where in the text checked the
offending text starts; the engine adds the file position, severity and waivers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import ahocorasick
from babel import Locale
from babel.numbers import format_decimal
from rapidfuzz import process
from rapidfuzz.distance import OSA

from sco_publish.glossary.coverage import glossary_texts_words, lower_case_words, unknown_names
from sco_publish.glossary.tbx import Concept, Glossary
from sco_publish.glossary.languages import language_rules
from sco_publish.lint.breaks import Joined, join_breaks
from sco_publish.lint.model import Hit, Unit
from sco_publish.lint.numbers import Quantity, extract_quantities, missing_quantities
from sco_publish.glossary.names import is_family_form, names_someone_else, word_after, word_before
from sco_publish.glossary.matching import TermIndex, TermMatch, normalize_for_matching, term_index

NAME_SUBJECTS = ("person", "place")
MIN_NAME_LENGTH = 6  # shorter names (Modi, Xi, Aktau) are only checked for deprecated forms
SHORT_NAME_LENGTH = 7  # below this, only a letter added, dropped or swapped counts as a near miss
MAX_DISTANCE = 2  # letters changed, added, dropped or swapped in a long name's near miss
WILDCARD = "\0"  # stands for the one character a Chinese near miss changes


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What the checks need to know about a source text: worked out once, then used for
    each of its translations (the catalogs of all languages share their source texts)."""

    joined: Joined  # the text with its soft hyphens and breaks inside words taken out
    matches: list[TermMatch]
    quantities: tuple[Quantity, ...]


@dataclass(frozen=True, slots=True)
class Subject:
    """What a check looks at. For the checks of a whole entry (its waivers, its state) only
    ``unit``; for the checks of a text, also the text: a translation (one plural form of
    it, with the English it translates as the unit's source) or a text without one."""

    unit: Unit  # for a translation, its target is the text checked, breaks inside words joined
    glossary: Glossary
    text: Joined | None = None  # the text checked, as joined (offsets back to the text as written)
    matches: tuple[TermMatch, ...] | list[TermMatch] = ()  # the glossary's terms in the text
    index: TermIndex | None = None  # the terms of the text's language
    source: SourceFacts | None = None  # for a translation, what its source text holds

    @property
    def lang(self) -> str:
        return self.unit.lang


def _quote(text: str) -> str:
    return f"“{text}”"


def _preferred(concept: Concept, lang: str) -> str | None:
    term = concept.preferred(lang)
    return term.text if term else None


# ---------------------------------------------------------------- terms

def check_deprecated(subject: Subject) -> Iterator[Hit]:
    for match in subject.matches:
        if not match.term.approved:
            preferred = _preferred(match.concept, subject.lang)
            yield Hit(
                "term-deprecated",
                f"deprecated term {_quote(match.found)} for {match.concept.id}; use {_quote(preferred)}",
                match.found, preferred, start=match.start,
            )


def check_missing(subject: Subject) -> Iterator[Hit]:
    if subject.source is None:
        return
    unit, target_index = subject.unit, subject.index
    in_target = {match.concept.id for match in subject.matches}
    reported = set()
    for match in subject.source.matches:
        concept = match.concept
        if concept.id in in_target or concept.id in reported:
            continue
        reported.add(concept.id)
        if target_index.mentions(concept, unit.target):
            continue
        approved = [term.text for term in concept.approved(unit.target_lang)]
        if not approved:
            continue
        yield Hit(
            "term-missing",
            f"source names {_quote(match.found)} ({concept.id}) but the translation has none of "
            + ", ".join(_quote(a) for a in approved),
            match.found, approved[0], source_start=match.start,
        )


@dataclass(frozen=True, eq=False)  # hashed by identity: one per glossary and language, cached
class NameIndex:
    """Protected names of one language, for near-miss search."""

    lang: str
    by_first_letter: dict[str, tuple[tuple[str, ...], tuple[tuple[str, Concept, str], ...]]]  # stems; stem, concept, term text
    known_words: frozenset[str]  # the words of every term and look-alike (x-not): never a misspelling
    own_words: dict[str, tuple[str, ...]]  # person concept ID → the words of its names
    cjk_bigrams: ahocorasick.Automaton  # two characters → (offset, length) of the names with them there
    cjk_wildcards: dict[str, tuple[tuple[str, Concept], ...]]  # a name with one character made WILDCARD → names
    # capitalised words starting like some protected name: names are capitalised and a near
    # miss keeps the first letter, so no other word needs a closer look
    candidates: re.Pattern[str]


@lru_cache(maxsize=16)
def name_index(glossary: Glossary, lang: str) -> NameIndex:
    buckets: dict[str, list[tuple[str, Concept, str]]] = {}
    terms = term_index(glossary, lang)
    cjk = []
    substring = language_rules(lang).substring
    for concept in glossary.concepts:
        for term in concept.terms_in(lang):
            written = normalize_for_matching(term.stem or term.text, lang).lower()
            if not term.approved or concept.subject not in NAME_SUBJECTS:
                continue
            if substring:
                name = normalize_for_matching(term.text, lang)
                if len(name) >= 4:
                    cjk.append((name, concept))
                continue
            for word in _distinctive_words(written, concept):
                stem = word.split("|", 1)[0]
                if len(stem) >= MIN_NAME_LENGTH:
                    buckets.setdefault(stem[0], []).append((stem, concept, term.text))
    bigrams: dict[str, dict[tuple[int, int], None]] = {}
    wildcards: dict[str, list[tuple[str, Concept]]] = {}
    for name, concept in dict.fromkeys(cjk):
        for offset in range(len(name) - 1):
            bigrams.setdefault(name[offset:offset + 2], {})[(offset, len(name))] = None
        for offset in range(len(name)):
            wildcards.setdefault(f"{name[:offset]}{WILDCARD}{name[offset + 1:]}", []).append((name, concept))
    capitals = "".join(sorted({letter.upper() for letter in buckets if letter.upper() != letter}))
    # the capital first (then "nothing word-like before it"), so that the regex engine skips ahead to capitals
    candidates = re.compile(rf"[{re.escape(capitals)}](?<![\w-].)[\w’'-]*[^\W_]" if capitals else "(?!)")
    bigram_automaton = ahocorasick.Automaton()
    for bigram, shapes in bigrams.items():
        bigram_automaton.add_word(bigram, tuple(shapes))
    if bigrams:
        bigram_automaton.make_automaton()
    by_first_letter = {letter: (tuple(name[0] for name in names), tuple(names)) for letter, names in buckets.items()}
    return NameIndex(lang, by_first_letter, terms.known_words, terms.own_words, bigram_automaton,
                     {key: tuple(names) for key, names in wildcards.items()}, candidates)


def _distinctive_words(written: str, concept: Concept) -> list[str]:
    """The words of a name worth protecting: every word of a person's name, but only the
    first word of a place's ("Meijiang" in "Meijiang Convention and Exhibition Centre"),
    whose other words are ordinary nouns that must not be "corrected" towards it."""
    words = [word for word in written.split() if not word.startswith("(")]
    return words if concept.subject == "person" else words[:1]


def _allowed_distance(stem: str) -> int:
    return 1 if len(stem) < 9 else MAX_DISTANCE


def _candidates(token: str, lang: str) -> list[str]:
    """The token and the token without each ending or suffix chain it could carry (and
    without the language's ``term-suffix``: Japarov's)."""
    rules = language_rules(lang)
    forms = list(dict.fromkeys((token, rules.without_term_suffix(token))))
    endings = rules.endings or rules.suffixes
    for _ in range(max(1, rules.max_suffixes) if endings else 0):
        forms += [form[: -len(e)].rstrip("-") for form in forms for e in endings
                  if form.endswith(e) and len(form) - len(e) >= MIN_NAME_LENGTH]
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=65536)
def _near_miss(index: NameIndex, token: str) -> tuple[str, Concept, str] | None:
    """The first protected name, in glossary order, that ``token`` (or ``token`` without an
    ending) misses by a letter or two; Damerau–Levenshtein (optimal string alignment)
    distances to the names with its first letter are computed by RapidFuzz in C, since a
    large glossary has thousands of names per letter."""
    lowered = token.lower()
    if lowered in index.known_words:
        return None
    forms = _candidates(lowered, index.lang)
    if any(form in index.known_words for form in forms):
        return None
    for form in forms:
        stems, names = index.by_first_letter.get(form[:1], ((), ()))
        for stem, distance, position in process.extract_iter(form, stems, scorer=OSA.distance, score_cutoff=MAX_DISTANCE):
            if len(form) == len(stem) < SHORT_NAME_LENGTH:
                continue  # one letter changed in a short name is too often a real word (Sharia/Sharif)
            if is_family_form(form, stem, index.lang):
                return None  # Japarova: a relative or namesake, not a misspelling of Japarov
            if 0 < distance <= _allowed_distance(stem):
                return names[position]
    return None


def check_misspelled(subject: Subject) -> Iterator[Hit]:
    yield from misspellings(subject.text.text, subject.lang, subject.matches, subject.glossary)


def misspellings(text: str, lang: str, matches: list[TermMatch], glossary: Glossary) -> Iterator[Hit]:
    """Near misses of protected names in ``text``, outside the glossary terms ``matches`` found there."""
    index = name_index(glossary, lang)
    folded = normalize_for_matching(text, lang)
    if language_rules(lang).substring:
        yield from _cjk_near_misses(index, text, folded, matches)
        return
    for match in index.candidates.finditer(folded):
        hit = _near_miss(index, match.group(0))  # cached, and almost always None: ask before the overlap
        if hit and not _inside_a_term(match.start(), matches) and not _in_another_name(index, folded, match, hit[1]):
            _, concept, term = hit
            found = text[match.start():match.end()]
            yield Hit("term-misspelled", f"{_quote(found)} looks like a misspelling of {_quote(term)} ({concept.id})",
                      found, term, start=match.start())


def _in_another_name(index: NameIndex, text: str, match: re.Match[str], concept: Concept) -> bool:
    """Whether the near miss of a person's name stands next to a given name or surname
    that is not the person's: Shaukat Aziz is someone else, not a misspelt Shavkat
    Mirziyoyev."""
    own = index.own_words.get(concept.id)
    return own is not None and any(
        names_someone_else(word, own, index.known_words, index.lang)
        for word in (word_before(text, match.start(), index.lang), word_after(text, match.end())))


def _inside_a_term(position: int, matches: list[TermMatch]) -> bool:
    return any(match.start <= position < match.end for match in matches)


def _cjk_near_misses(index: NameIndex, text: str, folded: str, matches: list[TermMatch]) -> Iterator[Hit]:
    """Windows one character away from a protected name (佩泽希奇扬 for 佩泽希齐扬).

    A name of four or more characters with one character changed keeps two neighbours
    in place, so only windows lined up with a shared pair of characters are looked at:
    each window once per length, however many names share the pair (thousands share
    中心 in a large glossary), and the names one character away from it are looked up
    with that character as a wildcard.
    """
    windows: dict[tuple[int, str], Concept] = {}
    seen: set[tuple[int, int]] = set()
    for last, shapes in index.cjk_bigrams.iter(folded) if len(index.cjk_bigrams) else ():
        for offset, length in shapes:
            start = last - 1 - offset
            if start < 0 or start + length > len(folded) or (start, length) in seen:
                continue
            seen.add((start, length))
            for name, concept in _names_one_away(index, folded[start:start + length]):
                windows.setdefault((start, name), concept)
    for (start, name), concept in sorted(windows.items(), key=lambda item: item[0]):
        end = start + len(name)
        if any(m.start < end and start < m.end for m in matches):
            continue
        found = text[start:end]
        yield Hit("term-misspelled", f"{_quote(found)} looks like a misspelling of {_quote(name)} ({concept.id})",
                  found, name, start=start)


@lru_cache(maxsize=65536)
def _names_one_away(index: NameIndex, window: str) -> tuple[tuple[str, Concept], ...]:
    """The protected names one character away from ``window``: cached, as the same windows
    (成员国, 上合组织 and their neighbours) come back in text after text."""
    return tuple((name, concept) for position in range(len(window))
                 for name, concept in index.cjk_wildcards.get(f"{window[:position]}{WILDCARD}{window[position + 1:]}", ())
                 if name != window)


def check_unknown(subject: Subject) -> Iterator[Hit]:
    """Only in texts without a translation (canonical texts, plain text): a translation's
    names are checked against its source's."""
    if subject.source is not None or not language_rules(subject.lang).title_case_names:
        return
    text, glossary = subject.text.text, subject.glossary
    common = glossary_texts_words(glossary) | lower_case_words([text])
    for name in unknown_names(text, subject.lang, subject.matches, subject.index.known_words, common):
        yield Hit("term-unknown", f"{_quote(name.text)} is not in the glossary; add it, or list it with a reason in "
                                  "the glossary's gap list (`sco-publish terms --missing` lists them all)",
                  name.text, start=name.start, waiver=glossary.gaps.reason(name.text) if glossary.gaps else None)


# ---------------------------------------------------------------- numbers

def check_numbers(subject: Subject) -> Iterator[Hit]:
    if subject.source is None:
        return
    unit = subject.unit
    for quantity in missing_quantities(subject.source.quantities, unit.target, unit.target_lang):
        if quantity.kind == "month":
            expected = Locale.parse(unit.target_lang).months["format"]["wide"][int(quantity.value)]
        else:
            expected = format_decimal(quantity.value, locale=unit.target_lang)
        yield Hit(
            "number-mismatch",
            f"{_quote(quantity.text)} in the source has no equal in the translation (expected {_quote(expected)})",
            quantity.text, expected, source_start=quantity.start,
        )


# ---------------------------------------------------------------- catalog states

def check_untranslated(subject: Subject) -> Iterator[Hit]:
    unit = subject.unit
    if unit.state == "untranslated":
        yield Hit("untranslated", f"segment {unit.context} is not translated", unit.source[:60])


def check_fuzzy(subject: Subject) -> Iterator[Hit]:
    unit = subject.unit
    if unit.state == "fuzzy":
        yield Hit("fuzzy", f"segment {unit.context} is fuzzy: review the translation and remove the flag",
                  (unit.target or "")[:60])


def source_facts(text: str, lang: str, indexes: dict[str, TermIndex]) -> SourceFacts:
    joined = join_breaks(text, lang)
    return SourceFacts(joined, indexes[lang].find(joined.text), extract_quantities(joined.text, lang))


def text_subjects(unit: Unit, glossary: Glossary, indexes: dict[str, TermIndex],
                  source: SourceFacts | None = None) -> Iterator[tuple[Subject, int | None, int | None]]:
    """The texts of ``unit`` the text checks look at, each with its plural form and the
    English string it is checked against (msgid 0, msgid_plural 1; both None outside
    plurals): a text without translation; a translation (each form of a plural entry); none
    for an entry not translated. ``source`` saves analysing a shared source again."""
    if unit.target_lang is None:
        if source is None:
            source = source_facts(unit.source, unit.source_lang, indexes)
        yield Subject(unit, glossary, source.joined, source.matches, indexes[unit.source_lang]), None, None
        return
    if unit.state != "translated":
        return
    if not unit.plurals:
        yield _translation(unit, glossary, indexes, source), None, None
        return
    for form, target in enumerate(unit.plurals):
        # Form ``form`` against the English string(s) it translates: the msgid, the msgid_plural,
        # or both where the form serves n = 1 and other numbers too (Russian msgstr[0] for 1 and
        # 21, the one Chinese form for all); without a readable Plural-Forms, msgstr[0]
        # translates the msgid and the others msgid_plural.
        uses = unit.form_uses[form] if unit.form_uses and form < len(unit.form_uses) else ("plural" if form else "singular")
        for source_form in {"singular": (0,), "plural": (1,), "both": (0, 1)}[uses]:
            single = replace(unit, target=target, source=unit.source_plural if source_form else unit.source, plurals=())
            yield _translation(single, glossary, indexes, None if source_form else source), form, source_form


def _translation(unit: Unit, glossary: Glossary, indexes: dict[str, TermIndex], source: SourceFacts | None) -> Subject:
    if source is None:
        source = source_facts(unit.source, unit.source_lang, indexes)
    target = join_breaks(unit.target, unit.target_lang)
    joined = replace(unit, target=target.text) if target.offsets else unit
    index = indexes[unit.target_lang]
    return Subject(joined, glossary, target, index.find(target.text), index, source)


def as_written(hit: Hit, subject: Subject) -> Hit:
    """``hit`` with its offsets in the texts as written (soft hyphens and all)."""
    text, source = subject.text, subject.source.joined if subject.source else None
    if hit.start is not None and text.offsets:
        start, found = text.span(hit.start, len(hit.found))
        hit = replace(hit, start=start, found=found)
    elif hit.source_start is not None and source is not None and source.offsets:
        start, found = source.span(hit.source_start, len(hit.found))
        hit = replace(hit, source_start=start, found=found)
    return hit


def indexes_for(glossary: Glossary, languages: set[str]) -> dict[str, TermIndex]:
    return {lang: term_index(glossary, lang) for lang in languages}
