"""Line-breaking care a typesetter takes: keep together what a reader must not see split.

A number and the word it counts ("30 процентов", "1 September"), a dash and the word
before it (no line starts with "—"), and, where the language wants it
(``bind_short_words`` in templates/languages.toml), a short word and the next one
("в Астане", "Си Цзиньпин").  Names of the glossary, web addresses and numbers are never
hyphenated ("Lukashen-ko", "ht-tps://"): :func:`typeset` marks them as spans, which the
HTML's style sheet sets with ``hyphens: none`` and the PDF turns into words carrying a word
joiner (:func:`mark_unhyphenated`, linebreaks.py).  A name is a glossary term where the text
uses it, the whole phrase: "сотрудничества" in "Шанхайской организации сотрудничества",
not the same word in "развитие сотрудничества", which may be hyphenated as any other.
A range of numbers takes an en dash ("2026–2035") in the editions only: catalogs and texts
keep what their authors wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from markupsafe import Markup, escape

from sco_publish.glossary.tbx import Glossary

NO_BREAK_SPACE = "\u00a0"
EN_DASH = "\u2013"
WORD_JOINER = "\u2060"  # invisible, not copied by pdftotext; fonts.py does not ask fonts for it (Cf)
UNHYPHENATED_CLASS = "whole"  # HTML: hyphens: none (templates/edition.css.j2)
_NUMBER_THEN_WORD = re.compile(r"(?<=\d) (?=\w)")
_SPACE_BEFORE_DASH = re.compile(r" (?=[—–] )")
# Two numbers joined by a hyphen or an en dash, not part of a longer chain such as a date (2025-09-01).
_NUMBER_RANGE = re.compile(r"(?<![\d\-‐])(\d+)[-–](\d+)(?![\d\-‐])")
_URL = r"(?:https?|mailto):\S+"
_NUMBER = r"\d(?:[\w.,:/\-–\u2060]|\u00a0(?=\d))*"  # with its digit groups ("1 000"), not the word after
_UNHYPHENATED_SPAN = re.compile(rf'<span class="{UNHYPHENATED_CLASS}">([^<]*)</span>')
SHORTEST_HYPHENATED = 5  # WeasyPrint's hyphenate-limit-chars: shorter words are never split
# Han, Kana, Hangul and CJK punctuation and forms: never hyphenated; justified between characters.
CJK_CHARACTERS = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
# A word hyphenation could split: letters and digits, long enough, not Chinese, Japanese or
# Korean (a joiner would forbid a line break between two ideographs).
_HYPHENATABLE_WORD = re.compile(rf"(?:(?![{CJK_CHARACTERS}])[^\W_]){{{SHORTEST_HYPHENATED},}}")


def bind_words(text: str, short_words: int = 0) -> str:
    text = _NUMBER_THEN_WORD.sub(NO_BREAK_SPACE, text)
    text = _SPACE_BEFORE_DASH.sub(NO_BREAK_SPACE, text)
    if short_words:
        text = _short_word_pattern(short_words).sub(rf"\1{NO_BREAK_SPACE}", text)
    return text


def dash_ranges(text: str) -> str:
    """``2026-2035`` → ``2026–2035``: a range takes an en dash in every language, with a
    word joiner after it (a line may break after an en dash; never inside a range)."""
    return _NUMBER_RANGE.sub(rf"\1{EN_DASH}{WORD_JOINER}\2", text)


@lru_cache(maxsize=8192)  # an edition renders each text twice (print and screen), a build in several editions
def typeset(text: str, short_words: int = 0, glossary: Glossary | None = None, lang: str = "") -> Markup:
    """``text`` as escaped markup for an edition: words bound, ranges dashed, and names,
    web addresses and numbers in spans that are never hyphenated."""
    text = bind_words(dash_ranges(text), short_words)
    pattern = unhyphenated_pattern(glossary, lang)
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position:match.start()]))
        pieces.append(Markup('<span class="{}">{}</span>').format(UNHYPHENATED_CLASS, match.group()))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def mark_unhyphenated(html: str) -> str:
    """``html`` without the spans :func:`typeset` made, each word they held (of a length that
    could be hyphenated, outside CJK) followed by a word joiner: for a renderer that protects
    words it is told of (WeasyPrint, whose line breaking after a span that cannot be
    hyphenated goes wrong: see linebreaks.py).  The joiner is invisible, not extracted, and
    allows the same line breaks around a word that ends in it."""
    def mark_words(match: re.Match[str]) -> str:
        return _HYPHENATABLE_WORD.sub(rf"\g<0>{WORD_JOINER}", match.group(1))

    return _UNHYPHENATED_SPAN.sub(mark_words, html)


def shorten_at_word(text: str, fits: Callable[[str], bool]) -> str:
    """``text``, or its longest beginning that ends at a word and, with "…", ``fits``: a
    running head cut at a word, not mid-word ("…организации с…").  Text without spaces
    (Chinese) is cut between characters."""
    if fits(text):
        return text
    cuts = [match.start() for match in re.finditer(r"\s", text)] or list(range(1, len(text)))
    for cut in reversed(cuts):
        shortened = text[:cut].rstrip(" ,;:—–-") + "…"
        if fits(shortened):
            return shortened
    return ""


@cache
def unhyphenated_pattern(glossary: Glossary | None, lang: str) -> re.Pattern[str]:
    """Web addresses, numbers, and every glossary term in ``lang`` as the text writes it: its
    words in order, each from the term's stem on (so "Пезешкиана" is caught by "Пезешкиан|",
    "Шанхайской организации" by "Шанхайск|ая организаци|я")."""
    phrases = sorted(_glossary_phrases(glossary, lang), key=len, reverse=True)
    # One look-behind before the names, not one per name: an alternative that opens with a
    # literal is skipped at a glance where its first letter differs (re's fast path).
    names = rf"(?<!\w)(?:{'|'.join(phrases)})" if phrases else None
    return re.compile("|".join(filter(None, [_URL, rf"(?<!\w){_NUMBER}", names])))


def _glossary_phrases(glossary: Glossary | None, lang: str) -> set[str]:
    """A pattern per term: each word from its stem on, with any ending, then space between."""
    if glossary is None:
        return set()
    return {r"\s+".join(re.escape(word.split("|")[0]) + r"\w*" for word in (term.stem or term.text).split())
            for concept in glossary.concepts for term in concept.terms_in(lang)}


@cache
def _short_word_pattern(length: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w\-.’'])([^\W\d_]{{1,{length}}}) (?=\w)")
