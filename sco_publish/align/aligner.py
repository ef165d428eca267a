"""Gale–Church alignment by dynamic programming, with anchors, in a band around the diagonal.

Beads join 1–1, 1–2, 2–1, 1–0 and 0–1 items. A bead costs −log of its prior (Gale and
Church's) plus its length cost (``LengthModel``) plus the weighted anchors found on one side
only. Only cells within ``band`` of the diagonal are computed, so time and memory grow
linearly with the text; when the best path comes near the band's edge it may have wanted
to leave it, and the band is doubled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sco_publish.align.anchors import Anchor, mismatch_cost
from sco_publish.align.lengths import LengthModel

PRIORS = {(1, 1): 0.89, (1, 2): 0.03, (2, 1): 0.03, (1, 0): 0.01, (0, 1): 0.04}
PRIOR_COSTS = {shape: -math.log(p) for shape, p in PRIORS.items()}
SHAPES = tuple(PRIORS)
INITIAL_BAND = 24
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
    """The length and anchor cost of pairing these items (not the prior). An item left
    alone costs its prior only: its length says nothing (Gale and Church's formula would
    make a long paragraph all but impossible to leave out)."""
    if not source or not target:
        return 0.0
    if len(source) == 1 and source[0].optional or len(target) == 1 and target[0].optional:
        return mismatch_cost(_anchors(source), _anchors(target))
    length = model.cost(sum(item.length for item in source), sum(item.length for item in target))
    sentences = abs(sum(item.sentences for item in source) - sum(item.sentences for item in target))
    return length + SENTENCE_WEIGHT * sentences + mismatch_cost(_anchors(source), _anchors(target))


def _anchors(items: list[Item]) -> frozenset[Anchor]:
    return items[0].anchors if len(items) == 1 else frozenset().union(*(item.anchors for item in items))


def _align_in_band(source: list[Item], target: list[Item], model: LengthModel,
                   band: int) -> list[Bead] | None:
    """The best path in the band, or None if there is none or it touches the band's edge."""
    n, m = len(source), len(target)
    slope = m / n if n else 0.0
    lows = [max(0, min(m, round(i * slope)) - band) for i in range(n + 1)]
    highs = [min(m, round(i * slope) + band) for i in range(n + 1)]
    lows[n], highs[0] = min(lows[n], m), max(highs[0], 0)
    costs: list[list[float]] = []
    choices: list[list[tuple[int, int, float] | None]] = []
    infinity = math.inf
    for i in range(n + 1):
        low, high = lows[i], highs[i]
        row_costs = [infinity] * (high - low + 1)
        row_choices: list[tuple[int, int, float] | None] = [None] * (high - low + 1)
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                row_costs[0] = 0.0
                continue
            best, choice = infinity, None
            for di, dj in SHAPES:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                if pi == i:
                    if not low <= pj <= high:
                        continue
                    before = row_costs[pj - low]
                else:
                    if not lows[pi] <= pj <= highs[pi]:
                        continue
                    before = costs[pi][pj - lows[pi]]
                if before == infinity:
                    continue
                sources, targets = source[pi:i], target[pj:j]
                if di + dj > 2 and any(item.optional for item in (*sources, *targets)):
                    continue  # a part marker pairs with one item or none
                match = bead_cost(sources, targets, model)
                optional_skip = di + dj == 1 and (sources or targets)[0].optional
                total = before + match + (0.0 if optional_skip else PRIOR_COSTS[di, dj])
                if total < best:
                    best, choice = total, (di, dj, match)
            row_costs[j - low] = best
            row_choices[j - low] = choice
        costs.append(row_costs)
        choices.append(row_choices)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        choice = choices[i][j - lows[i]]
        if choice is None or (j == lows[i] > 0) or (j == highs[i] < m):
            return None
        di, dj, match = choice
        beads.append(Bead(range(i - di, i), range(j - dj, j), match))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
