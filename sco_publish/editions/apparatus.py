"""The editorial apparatus an edition prints for its readers: none, a summary, or every note.

The notes in a text record what the editors changed in the English source (corrections,
other editorial changes). Whether readers need them is an editor's call, the project
setting ``editorial-notes``: ``short`` (one sentence counting the changes by kind, in every
edition), ``full`` (that sentence, and the English edition lists every note at the paragraph
it concerns) or ``none``. Notes name places by paragraph number, never by segment ID.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sco_publish.editions.labels import Labels
from sco_publish.texts.model import Document

KINDS = ("correction", "editorial")  # in the order the summary counts them; wording: notes_<kind>


@dataclass(frozen=True)
class Place:
    """Where a note points, as a reader finds it: "Paragraph 4" (a link), "Title", "Signatories"."""

    label: str
    paragraph: str | None = None  # the number, when the place is a numbered paragraph


def summary(document: Document, labels: Labels) -> str:
    """One sentence counting the notes by kind ("… 89 corrections, 2 other editorial changes."), or ""."""
    counts = Counter(note.type if note.type in KINDS else "editorial" for note in document.notes)
    parts = [labels.plural(f"notes_{kind}", counts[kind]) for kind in KINDS if counts[kind]]
    return labels["notes_summary"].format(counts=labels.list_separator.join(parts)) if parts else ""


def place(document: Document, segment_id: str, labels: Labels) -> Place:
    """The place a note on segment ``segment_id`` concerns, named for readers in ``labels``' language."""
    number = document.paragraph_numbers.get(segment_id)
    if number:
        return Place(labels["paragraph"].format(num=labels.localize_digits(number)), number)
    for section in document.sections:
        if section.heading and section.heading.id == segment_id:
            return Place(labels["part"].format(num=labels.part_number(section.num).rstrip("、.")))
    if segment_id in (document.place.id, document.author.id):
        return Place(labels["dateline_place"])
    if any(segment_id in (s.office.id, s.person.id) for s in document.signatures):
        return Place(labels["signatures"])
    return Place(labels["title_place"])
