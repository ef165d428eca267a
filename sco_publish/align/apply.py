"""``sco-publish align``: a translation's text into the document's catalog, safely.

An entry that already has a translation keeps it unless ``force`` (the translator's work is
never overwritten silently); an entry whose alignment confidence is below the threshold is
written as fuzzy, with a translator comment (``# alignment confidence …``) giving the score.
Translator comments, unlike ``#.`` comments, are the catalog's own: sync keeps them and so
does GNU msgmerge, which takes every ``#.`` line from the template. The catalog is written
atomically, by the project's msgcat-identical writer, and only when it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sco_publish.align.lengths import LengthModel, project_length_model
from sco_publish.align.readers import read_paragraphs
from sco_publish.align.segments import Alignment, AlignedSegment, align_document
from sco_publish.catalogs.catalog import Message, require_segment_ids
from sco_publish.catalogs.paths import catalog_path
from sco_publish.catalogs.pofile import read_po, read_po_bytes, write_po
from sco_publish.texts.model import Document
from sco_publish.errors import UserError
from sco_publish.glossary.tbx import Glossary
from sco_publish.settings import Settings

CONFIDENCE_COMMENT = "alignment confidence"


@dataclass
class AlignReport:
    catalog: Path
    model: LengthModel
    alignment: Alignment
    taken: int = 0
    unchanged: int = 0
    fuzzy: list[AlignedSegment] = field(default_factory=list)
    kept: list[AlignedSegment] = field(default_factory=list)  # translated entries left as they were
    written: bool = False

    def lines(self, threshold: float) -> list[str]:
        """Merges, splits, unaligned text and what was not taken, one line each."""
        alignment = self.alignment
        lines = [f"{p.where}: merge: segments {a.id} and {b.id} share this paragraph; cut between them"
                 for (a, b), p in alignment.merges]
        lines += [f"{first.where}: split: segment {segment.id} spans this paragraph and the next ({second.where})"
                  for segment, (first, second) in alignment.splits]
        lines += [f"{p.where}: unaligned: no segment of the document: {_excerpt(p.text)}" for p in alignment.unaligned]
        lines += [f"{self.catalog}: unaligned: segment {segment.id} has no text in the translation: "
                  f"{_excerpt(segment.text)}" for segment in alignment.missing]
        lines += [f"{self.catalog}: kept: segment {a.segment.id} is translated already; its translation is kept "
                  "(--force takes the aligned text)" for a in self.kept]
        lines += [f"{self.catalog}: fuzzy: segment {a.segment.id}: confidence {a.confidence:.2f} is below "
                  f"align-threshold {threshold}" for a in self.fuzzy]
        return lines

    @property
    def findings(self) -> int:
        """What needs a person: text that found no place, and translations not taken."""
        return len(self.alignment.unaligned) + len(self.alignment.missing) + len(self.kept)


def _excerpt(text: str, width: int = 60) -> str:
    return f"“{text if len(text) <= width else text[: width - 1] + '…'}”"


def align_into_catalog(settings: Settings, document: Document, lang: str, translation: Path,
                       glossary: Glossary, force: bool) -> AlignReport:
    if lang not in settings.target_languages:
        raise UserError("--lang", f"{lang!r} is not a target language of the project "
                                  f"({', '.join(settings.target_languages)})")
    path = catalog_path(settings, lang, document.id)
    if not path.is_file():
        raise UserError(path, "catalog missing; run `sco-publish sync` first")
    paragraphs = read_paragraphs(translation, lang)
    model = project_length_model(settings, lang)
    alignment = align_document(document, paragraphs, lang, glossary, model)
    old = read_po_bytes(path)
    catalog = read_po(path)
    require_segment_ids(catalog.entries, path)
    report = AlignReport(path, model, alignment)
    messages = {message.msgctxt: message for message in catalog.entries}
    for aligned in alignment.aligned:
        message = messages.get(aligned.segment.id)
        if message is None:
            raise UserError(path, f"no entry for segment {aligned.segment.id}; run `sco-publish sync` first")
        _apply(message, aligned, settings.align_threshold, force, report)
    report.written = write_po(catalog, path, old)
    return report


def _apply(message: Message, aligned: AlignedSegment, threshold: float, force: bool, report: AlignReport) -> None:
    fuzzy = aligned.confidence < threshold
    if message.msgstr == aligned.text:  # the catalog has it already: its state is the translator's
        report.unchanged += 1
        return
    if message.has_translation and not force:
        report.kept.append(aligned)
        return
    message.msgstr = aligned.text
    message.previous_msgctxt = message.previous_msgid = None
    message.translator_comments = [c for c in message.translator_comments if not c.startswith(CONFIDENCE_COMMENT)]
    message.set_fuzzy(fuzzy)
    if fuzzy:
        message.translator_comments.append(f"{CONFIDENCE_COMMENT} {aligned.confidence:.2f} "
                                           f"(below align-threshold {threshold}): check it")
        report.fuzzy.append(aligned)
    report.taken += 1
