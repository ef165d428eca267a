"""A document's segments aligned with a translation's paragraphs, then with its sentences.

Paragraphs first: segments and paragraphs are paired by ``aligner.align``, with the part
numbers of the document (a part marker such as "II" or "二、" in the translation) as items
that may be left out. Where two segments share one paragraph (a merge), the paragraph is
cut between them at the sentence (else clause) boundary that pairs best by the same
length and anchor costs; where a segment spans two paragraphs (a split), they are joined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sco_publish.align.aligner import Item, align, bead_cost
from sco_publish.align.anchors import part_number, text_anchors, weighted
from sco_publish.align.lengths import LengthModel
from sco_publish.align.readers import Paragraph
from sco_publish.align.sentences import count_sentences, cut, cut_points
from sco_publish.texts.model import Document, Segment
from sco_publish.glossary.tbx import Glossary
from sco_publish.glossary.languages import language_rules

CONFIDENCE_SCALE = 4.0  # a cost of 4 (|δ| ≈ 2.3 with no anchor missing) gives confidence 1/e


@dataclass(frozen=True)
class AlignedSegment:
    segment: Segment
    text: str
    confidence: float  # 0–1, from the cost of the match: exp(−cost / CONFIDENCE_SCALE)


@dataclass
class Alignment:
    aligned: list[AlignedSegment] = field(default_factory=list)
    merges: list[tuple[tuple[Segment, Segment], Paragraph]] = field(default_factory=list)  # two segments, one paragraph
    splits: list[tuple[Segment, tuple[Paragraph, Paragraph]]] = field(default_factory=list)
    missing: list[Segment] = field(default_factory=list)  # segments with no text in the translation
    unaligned: list[Paragraph] = field(default_factory=list)  # paragraphs that are no segment's


def confidence(cost: float) -> float:
    return math.exp(-cost / CONFIDENCE_SCALE)


def align_document(document: Document, paragraphs: list[Paragraph], lang: str, glossary: Glossary,
                   model: LengthModel) -> Alignment:
    """Every segment of ``document`` paired with the text of ``paragraphs`` that translates it."""
    segments = document.segments()
    source_items: list[Item] = []
    source_segments: list[Segment | None] = []  # None for a part marker
    section = None
    for segment in segments:
        if segment.section is not None and segment.section != section:
            number = document.sections[segment.section - 1].num
            source_items.append(Item(len(str(number)), weighted({("part", number)}), optional=True))
            source_segments.append(None)
        section = segment.section
        source_items.append(_item(segment.text, document.lang, glossary))
        source_segments.append(segment)
    markers = [part_number(paragraph.text) for paragraph in paragraphs]
    target_items = [_item(p.text, lang, glossary) if number is None
                    else Item(len(p.text), weighted({("part", number)}), optional=True)
                    for p, number in zip(paragraphs, markers)]
    result = Alignment()
    joiner = "" if language_rules(lang).substring else " "
    for bead in align(source_items, target_items, model):
        sources = [source_segments[i] for i in bead.source]
        targets = [paragraphs[j] for j in bead.target]
        if any(segment is None for segment in sources) or any(markers[j] is not None for j in bead.target):
            continue  # part numbers: they place the parts, and are no segment's text
        if not targets:
            result.missing += sources
        elif not sources:
            result.unaligned += targets
        elif len(sources) == 1:
            if len(targets) == 2:
                result.splits.append((sources[0], (targets[0], targets[1])))
            text = joiner.join(p.text for p in targets)
            result.aligned.append(AlignedSegment(sources[0], text, confidence(bead.cost)))
        else:
            result.merges.append(((sources[0], sources[1]), targets[0]))
            result.aligned += _cut_between(sources[0], sources[1], targets[0], document.lang, lang, glossary, model)
    return result


def _cut_between(first: Segment, second: Segment, paragraph: Paragraph, source_lang: str, lang: str,
                 glossary: Glossary, model: LengthModel) -> list[AlignedSegment]:
    """The two segments' texts in one paragraph: cut where the two pieces match them best.
    The paragraph is read once, piece by piece between the places it may be cut."""
    text = paragraph.text
    points = cut_points(text) or [_proportional_point(text, len(first.text) / (len(first.text) + len(second.text)))]
    bounds = [0, *points, len(text)]
    pieces = [_item(text[start:end], lang, glossary) for start, end in zip(bounds, bounds[1:])]
    first_item, second_item = _item(first.text, source_lang, glossary), _item(second.text, source_lang, glossary)
    best = None
    for k, point in enumerate(points, start=1):
        costs = (bead_cost([first_item], [_joined(pieces[:k], point)], model),
                 bead_cost([second_item], [_joined(pieces[k:], len(text) - point)], model))
        if best is None or sum(costs) < sum(best[1]):
            best = (point, costs)
    point, (first_cost, second_cost) = best
    before, after = cut(text, point)
    return [AlignedSegment(first, before, confidence(first_cost)),
            AlignedSegment(second, after, confidence(second_cost))]


def _joined(pieces: list[Item], length: int) -> Item:
    return Item(length, frozenset().union(*(piece.anchors for piece in pieces)), sum(piece.sentences for piece in pieces))


def _item(text: str, lang: str, glossary: Glossary) -> Item:
    return Item(len(text), text_anchors(text, lang, glossary), count_sentences(text))


def _proportional_point(text: str, share: float) -> int:
    """A cut at the space nearest to ``share`` of the text (any character in Chinese)."""
    wanted = round(len(text) * share)
    spaces = [i for i, char in enumerate(text) if char == " "]
    return min(spaces, key=lambda i: abs(i - wanted)) if spaces else max(1, min(len(text) - 1, wanted))
