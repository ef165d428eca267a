"""What a piece of text mentions that its translation must mention too: numbers and dates
(read by value in each language), part numbers and glossary concepts (found in any
inflected form). Shared anchors tell which target text belongs to which segment where
lengths alone are ambiguous."""

from __future__ import annotations

import re

from sco_publish.glossary.tbx import Glossary
from sco_publish.lint.numbers import chinese_value, roman_value, extract_quantities
from sco_publish.glossary.matching import find_terms

Anchor = tuple[str, object, int]  # (kind, value, copy): ("number", Decimal, 0), ("concept", id, 0), ("part", 2, 3)

# How much a mention found on one side only costs, by kind: a number or a part number is
# nearly never dropped or invented by a translator, a glossary term sometimes is.
WEIGHTS = {"number": 2, "month": 2, "part": 4, "concept": 1}
MISMATCH_SCALE = 6.0  # the cost of a pair that shares no anchor: about |δ| = 3 in length

# A paragraph that is only a part number, as published texts head their parts: "II", "3.",
# "二、", "Part 2", "Раздел II".
PART_MARKER = re.compile(r"^\s*(?:[^\W\d]+\s+)?(?P<num>[IVXLC]+|[0-9]{1,2}|[一二三四五六七八九十]+)\s*[.、):]?\s*$")


def part_number(text: str) -> int | None:
    """The number of a paragraph that is nothing but a part number, else None."""
    match = PART_MARKER.match(text)
    if match is None:
        return None
    numeral = match.group("num")
    if numeral.isdigit():
        return int(numeral)
    if numeral[0] in "IVXLC":
        return roman_value(numeral)
    return chinese_value(numeral)


def weighted(anchors: set[tuple[str, object]]) -> frozenset[Anchor]:
    """Each anchor as many times as its kind's weight, so that counting set elements (in C)
    weighs them."""
    return frozenset((kind, value, copy) for kind, value in anchors for copy in range(WEIGHTS[kind]))


def text_anchors(text: str, lang: str, glossary: Glossary) -> frozenset[Anchor]:
    """Numbers written in digits (a Chinese numeral is as often part of a word, 一带一路,
    and English spells small ones out), months and the glossary's concepts."""
    quantities = extract_quantities(text, lang)
    month_starts = {q.start for q in quantities if q.kind == "month"}  # 3月: the month, not also a number 3
    anchors = {(q.kind, q.value) for q in quantities if q.kind == "month"
               or q.start not in month_starts and any(char.isdigit() for char in q.text)}
    anchors |= {("concept", match.concept.id) for match in find_terms(glossary, text, lang)}
    return weighted(anchors)


def mismatch_cost(source: frozenset[Anchor], target: frozenset[Anchor]) -> float:
    """MISMATCH_SCALE times the weighted share of the anchors found on one side only: a
    share, since a long paragraph mentions many concepts and its translation may name one
    of them differently without that saying it is another paragraph's."""
    if not source and not target:
        return 0.0
    shared = len(source & target)
    union = len(source) + len(target) - shared
    return MISMATCH_SCALE * (union - shared) / union
