"""What is exchanged with CAT tools, independent of the file format: one unit per segment.

Export makes ``ExchangeUnit``s from a document's catalog; the XLIFF writers turn them into
files; the readers turn files back into ``ReadUnit``s, which import applies to the catalog.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sco_publish.catalogs.catalog import Catalog, Message
from sco_publish.catalogs.sync import GLOSSARY_COMMENT
from sco_publish.texts.model import Document, EditorialNote
from sco_publish.errors import UserError

UNTRANSLATED, FUZZY, TRANSLATED = "untranslated", "fuzzy", "translated"

# Our namespace, for the extension attribute holding a unit's catalog fingerprint (XLIFF 2)
# and for the note categories that are ours.
NAMESPACE = "urn:sco-publish:exchange"
PREVIOUS_SOURCE_CATEGORY = "sco-publish:previous-source"
# Characters outside XML 1.0's Char production, kept as a group by ``split``.
NOT_XML = re.compile("([^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff])")


@dataclass(frozen=True)
class Translation:
    """A segment's translation as the catalog keeps it: the three states, and for a fuzzy
    one the English it was made from (``#| msgid``)."""

    state: str
    target: str = ""
    previous_source: str | None = None

    @property
    def fingerprint(self) -> str:
        """Short digest recorded at export: import compares it with the catalog's translation then."""
        text = "\0".join((self.state, self.target, self.previous_source or ""))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ExchangeUnit:
    id: str  # the segment ID (msgctxt)
    source: str
    translation: Translation
    location: str  # the section or kind of segment (the catalog's first ``#.`` comment)
    terms: tuple[tuple[str, str], ...] = ()  # (as found in the source, preferred target term)
    editorial_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExchangeFile:
    document: str
    original: str  # the canonical text's path, relative to the project
    source_lang: str
    target_lang: str
    units: tuple[ExchangeUnit, ...]
    catalog: Path  # where the translations come from, for errors

    def require_xml_text(self, unit: ExchangeUnit, text: str, what: str) -> str:
        """``text``, which a format without code points (XLIFF 1.2, notes) must carry as it is;
        a character XML cannot hold is a user error, not a crash of the XML writer."""
        found = NOT_XML.search(text)
        if found:
            raise UserError(self.catalog, f"segment {unit.id!r}: U+{ord(found.group()):04X} in {what} cannot be "
                                          "written in XML; remove it from the catalog (XLIFF 2 carries it in a target)")
        return text


@dataclass(frozen=True)
class ReadUnit:
    """A unit as a file holds it, with where it stands, for import."""

    line: int
    id: str
    source: str | None  # None: the unit holds inline codes or annotations, which segments never have
    translation: Translation
    fingerprint: str | None  # what export recorded; None for a unit not exported by us


@dataclass(frozen=True)
class ReadFile:
    """One ``<file>`` of an XLIFF document."""

    path: Path
    line: int
    id: str
    source_lang: str
    target_lang: str | None
    units: tuple[ReadUnit, ...]


def translation_of(message: Message) -> Translation:
    if message.translated:
        return Translation(TRANSLATED, message.msgstr)
    if message.fuzzy and message.has_translation:
        return Translation(FUZZY, message.msgstr, message.previous_msgid)
    return Translation(UNTRANSLATED)


def apply_translation(message: Message, translation: Translation) -> None:
    """Put ``translation`` into ``message`` so that ``translation_of`` gives it back."""
    message.msgstr = translation.target
    message.set_fuzzy(translation.state == FUZZY)
    message.previous_msgid = translation.previous_source if translation.state == FUZZY else None


def exchange_file(document: Document, original: str, lang: str, catalog: Catalog) -> ExchangeFile:
    """The units of ``document`` in ``lang`` from its catalog, which must be in sync with the text."""
    messages = catalog_messages(document, catalog)
    notes: dict[str, list[str]] = {}
    for note in document.notes:
        notes.setdefault(note.segment_id, []).append(_editorial_note_text(note))
    units = []
    for segment in document.segments():
        message = messages[segment.id]
        comments = message.extracted_comments
        terms = [comment.removeprefix(GLOSSARY_COMMENT).partition(" → ")
                 for comment in comments if comment.startswith(GLOSSARY_COMMENT)]
        units.append(ExchangeUnit(
            id=segment.id,
            source=segment.text,
            translation=translation_of(message),
            location=next((c for c in comments if not c.startswith(GLOSSARY_COMMENT)), ""),
            terms=tuple((found, target) for found, _, target in terms),
            editorial_notes=tuple(notes.get(segment.id, ())),
        ))
    return ExchangeFile(document.id, original, document.lang, lang, tuple(units), catalog.path)


def catalog_messages(document: Document, catalog: Catalog) -> dict[str, Message]:
    """The catalog's entry for each segment, by ID; a catalog out of step with the text is refused."""
    messages = {message.msgctxt: message for message in catalog.entries}
    for segment in document.segments():
        message = messages.get(segment.id)
        if message is None or message.msgid != segment.text:
            raise UserError(catalog.path or "<catalog>",
                            f"not in step with {document.path.name} (segment {segment.id!r}); "
                            "run `sco-publish sync` first")
    return messages


def _editorial_note_text(note: EditorialNote) -> str:
    if note.sic is not None and note.corr is not None:
        return f"{note.text} (source had “{note.sic}”, corrected to “{note.corr}”)"
    return note.text

