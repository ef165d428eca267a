"""Gale–Church alignment by dynamic programming, with anchors, in a band around the diagonal.

Beads join 1–1, 1–2, 2–1, 1–0 and 0–1 items. A bead costs −log of its prior (Gale and
Church's) plus its length cost (``LengthModel``), the difference in sentences and the
anchors found on one side only. Only cells within ``band`` of a beam that follows the
alignment are computed, so time and memory grow linearly with the text; when the best path
comes to the beam's edge it may have wanted to leave it, and the band is doubled.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from sco_publish.align.anchors import MISMATCH_SCALE, Anchor, mismatch_cost
from sco_publish.align.lengths import LengthModel

PRIORS = {(1, 1): 0.89, (1, 2): 0.03, (2, 1): 0.03, (1, 0): 0.01, (0, 1): 0.04}
PRIOR_COSTS = {shape: -math.log(p) for shape, p in PRIORS.items()}
INITIAL_BAND = 10
# Official translations keep the source's sentences: each sentence more or fewer costs this
# (a line an editor added is a sentence no segment has).
SENTENCE_WEIGHT = 1.5


@dataclass(frozen=True)
class Item:
    length: int
    anchors: frozenset[Anchor] = frozenset()
    sentences: int = 1
    optional: bool = False  # a part marker: it may have no counterpart, at no cost


@dataclass(frozen=True)
class Bead:
    source: range  # indices of source items
    target: range  # indices of target items
    cost: float  # length and anchor cost, without the prior: how well the two sides match


def align(source: list[Item], target: list[Item], model: LengthModel, band: int = INITIAL_BAND) -> list[Bead]:
    """The cheapest sequence of beads covering both lists in order."""
    while True:
        beads = _align_in_band(source, target, model, band)
        if beads is not None or band >= max(len(source), len(target)):
            assert beads is not None, "a band as wide as the texts holds every path"
            return beads
        band *= 2


def bead_cost(source: list[Item], target: list[Item], model: LengthModel) -> float:
    """The length, sentence and anchor cost of pairing these items (not the prior). An item
    left alone costs its prior only: its length says nothing (Gale and Church's formula
    would make a long paragraph all but impossible to leave out)."""
    if not source or not target:
        return 0.0
    if len(source) == 1 and source[0].optional or len(target) == 1 and target[0].optional:
        return mismatch_cost(_anchors(source), _anchors(target))
    return _matcher(model)(sum(item.length for item in source), sum(item.length for item in target),
                           sum(item.sentences for item in source) - sum(item.sentences for item in target),
                           _anchors(source), _anchors(target))


def _matcher(model: LengthModel) -> Callable[[int, int, int, frozenset[Anchor], frozenset[Anchor]], float]:
    """The cost of a match as one function with everything it needs at hand: the dynamic
    programme calls it hundreds of thousands of times."""
    length_cost = model.cost

    def match(source_length: int, target_length: int, sentence_difference: int,
              source_anchors: frozenset[Anchor], target_anchors: frozenset[Anchor]) -> float:
        cost = length_cost(source_length, target_length) + SENTENCE_WEIGHT * abs(sentence_difference)
        if source_anchors or target_anchors:
            shared = len(source_anchors & target_anchors)
            union = len(source_anchors) + len(target_anchors) - shared
            cost += MISMATCH_SCALE * (union - shared) / union
        return cost

    return match


def _anchors(items: list[Item]) -> frozenset[Anchor]:
    return items[0].anchors if len(items) == 1 else frozenset().union(*(item.anchors for item in items))


def _align_in_band(source: list[Item], target: list[Item], model: LengthModel,
                   band: int) -> list[Bead] | None:
    """The best path within ``band`` cells of the beam's centre in each row, or None if
    there is none or it touches the beam's edge. Each row's centre is the cheapest cell of
    the row before, moved on by the mean number of target items per source item: the beam
    follows the alignment where merges and splits have moved it off the diagonal."""
    n, m = len(source), len(target)
    slope = m / n if n else 0.0
    infinity = math.inf
    _match = _matcher(model)
    prior_11, prior_12, prior_21 = PRIOR_COSTS[1, 1], PRIOR_COSTS[1, 2], PRIOR_COSTS[2, 1]
    prior_10, prior_01 = PRIOR_COSTS[1, 0], PRIOR_COSTS[0, 1]
    lows: list[int] = []
    costs: list[list[float]] = []
    choices: list[list[tuple[int, int, float] | None]] = []
    for i in range(n + 1):
        if i == 0:
            low, high = 0, min(m, band)
        else:
            previous = costs[i - 1]
            centre = lows[i - 1] + min(range(len(previous)), key=previous.__getitem__) + slope
            low, high = min(m, max(0, int(centre) - band)), min(m, int(centre) + band + 1)
        lows.append(low)
        row_costs = [infinity] * (high - low + 1)
        row_choices: list[tuple[int, int, float] | None] = [None] * (high - low + 1)
        above = costs[i - 1] if i else None
        above_low = lows[i - 1] if i else 0
        above2 = costs[i - 2] if i > 1 else None
        above2_low = lows[i - 2] if i > 1 else 0
        item = source[i - 1] if i else None
        for j in range(low, high + 1):
            best, choice = (0.0, None) if i == 0 and j == 0 else (infinity, None)
            piece = target[j - 1] if j else None
            if j > low:  # 0–1: a target item alone
                total = row_costs[j - 1 - low] + (0.0 if piece.optional else prior_01)
                if total < best:
                    best, choice = total, (0, 1, 0.0)
            if above is not None:
                k = j - above_low
                if 0 <= k < len(above):  # 1–0: a source item alone
                    total = above[k] + (0.0 if item.optional else prior_10)
                    if total < best:
                        best, choice = total, (1, 0, 0.0)
                if 1 <= k <= len(above) and j:  # 1–1
                    before = above[k - 1]
                    if before < best:
                        if item.optional or piece.optional:
                            match = mismatch_cost(item.anchors, piece.anchors)
                        else:
                            match = _match(item.length, piece.length, item.sentences - piece.sentences,
                                           item.anchors, piece.anchors)
                        if before + match + prior_11 < best:
                            best, choice = before + match + prior_11, (1, 1, match)
                if 2 <= k <= len(above) + 1 and j > 1:  # 1–2
                    before = above[k - 2]
                    other = target[j - 2]
                    if before + prior_12 < best and not (item.optional or piece.optional or other.optional):
                        match = _match(item.length, piece.length + other.length,
                                       item.sentences - piece.sentences - other.sentences,
                                       item.anchors, piece.anchors | other.anchors)
                        if before + match + prior_12 < best:
                            best, choice = before + match + prior_12, (1, 2, match)
            if above2 is not None and j:  # 2–1
                k = j - 1 - above2_low
                if 0 <= k < len(above2):
                    before = above2[k]
                    other = source[i - 2]
                    if before + prior_21 < best and not (item.optional or other.optional or piece.optional):
                        match = _match(item.length + other.length, piece.length,
                                       item.sentences + other.sentences - piece.sentences,
                                       item.anchors | other.anchors, piece.anchors)
                        if before + match + prior_21 < best:
                            best, choice = before + match + prior_21, (2, 1, match)
            row_costs[j - low] = best
            row_choices[j - low] = choice
        costs.append(row_costs)
        choices.append(row_choices)
    if lows[n] + len(choices[n]) - 1 < m:
        return None  # the beam ends before the texts do
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        low = lows[i]
        choice = choices[i][j - low]
        if choice is None or (j == low > 0) or (j == low + len(choices[i]) - 1 < m):
            return None
        di, dj, match = choice
        beads.append(Bead(range(i - di, i), range(j - dj, j), match))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
