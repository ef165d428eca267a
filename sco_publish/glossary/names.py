"""Telling a protected person's name from someone else's that shares part of it.

A surname is shared by relatives and namesakes (Nawaz Sharif beside Shehbaz Sharif, a
feminine Japarova), and a given name may be one letter away from a protected one. What
decides is the word next to it: another capitalised given name or surname that is no
form of the protected person's own words makes the pair another person's name. The
titles that may stand before a name (President, Премьер-министр) and the feminine
surname endings (-ov → -ova) are data, in ``data/languages.toml``, and so are the
thresholds (``[name-heuristics]``).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from sco_publish.glossary.languages import language_rules, name_heuristics

_WORD_BEFORE = re.compile(r"([^\W\d_][\w’'-]*)[ \u00a0\t\n]+\Z")
_WORD_AFTER = re.compile(r"[ \u00a0\t\n]+([^\W\d_][\w’'-]*)")
_SENTENCE_ENDS = ".!?:;«\"“„(—"


def word_before(text: str, start: int, lang: str) -> str | None:
    """The word right before ``start``; None for a word that begins a sentence where the
    language often begins one with a verb (Выступил Шариф), so that it may be no name."""
    match = _WORD_BEFORE.search(text, max(0, start - name_heuristics().reach), start)
    if match is None:
        return None
    opening = text[:match.start(1)].rstrip()
    if (not opening or opening[-1] in _SENTENCE_ENDS) and not language_rules(lang).names_open_sentences:
        return None
    return match.group(1)


def word_after(text: str, end: int) -> str | None:
    match = _WORD_AFTER.match(text, end)
    return match.group(1) if match else None


def is_form_of(word: str, own_words: tuple[str, ...]) -> bool:
    """Whether ``word`` (lower case) is an inflected form of one of ``own_words`` (the
    lower-case words of a person's names), or a near miss of one: it begins with that word
    give or take one letter (which covers beginning with all of it but its last letter)."""
    return any(OSA.distance(word[:len(own)], own, score_cutoff=1) <= 1 for own in own_words)


def names_someone_else(word: str | None, own_words: tuple[str, ...], known_words: frozenset[str], lang: str) -> bool:
    """Whether ``word``, next to part of a protected person's name, is another person's
    given name or surname: capitalised, not a title, not a glossary word, not a form of
    the person's own words."""
    if not word or not word[0].isupper():
        return False
    lowered = word.lower()
    prefix = name_heuristics().title_prefix
    if lowered in known_words or any(lowered == title or (len(title) >= prefix and lowered.startswith(title))
                                     for title in language_rules(lang).name_titles):
        return False
    return not is_form_of(lowered, own_words)


def is_family_form(form: str, stem: str, lang: str) -> bool:
    """Whether ``form`` is the feminine (or other family) form of the surname ``stem`` (Japarova of Japarov)."""
    return any(stem.endswith(masculine) and form == stem[: len(stem) - len(masculine)] + feminine
               for masculine, feminine in language_rules(lang).family_endings.items())

