"""The text of an edition: each segment in the edition's language, from the catalogs.

Only translated, non-fuzzy entries are used.  A release build refuses an edition with
untranslated or fuzzy segments; a draft build shows the English text with a marker.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sco_publish.catalogs.catalog import Message
from sco_publish.catalogs.pofile import read_po
from sco_publish.catalogs.stats import CatalogStats, catalog_stats
from sco_publish.catalogs.paths import catalog_path
from sco_publish.texts.model import Document, Segment
from sco_publish.editions.printable import character_name, unprintable_character
from sco_publish.errors import EXIT_FINDINGS, Location, UserError
from sco_publish.settings import Settings


class IncompleteTranslation(UserError):
    """A release build of an edition whose catalog is not complete."""

    exit_code = EXIT_FINDINGS


@dataclass(frozen=True)
class Text:
    """One segment as an edition shows it."""

    id: str
    text: str
    lang: str
    missing: bool = False  # draft: no translation, the English is shown


@dataclass
class Translation:
    lang: str
    document: Document
    strings: dict[str, str] = field(default_factory=dict)
    stats: CatalogStats | None = None
    catalog: Path | None = None
    revision: str = ""  # the catalog's PO-Revision-Date, "" while it holds gettext's placeholder
    sha256: str = ""  # of the catalog's bytes

    @property
    def revision_date(self) -> datetime.date | None:
        """The day the translation was last revised, for the colophon."""
        try:
            return datetime.date.fromisoformat(self.revision[:10])
        except ValueError:
            return None

    def text(self, segment: Segment) -> Text:
        if self.lang == self.document.lang:
            return Text(segment.id, segment.text, self.lang)
        translated = self.strings.get(segment.id)
        if translated is None:
            return Text(segment.id, segment.text, self.document.lang, missing=True)
        return Text(segment.id, translated, self.lang)

    @property
    def complete(self) -> bool:
        return self.lang == self.document.lang or (self.stats is not None and self.stats.translated == self.stats.total)


def _check_printable(path: Path, message: Message) -> None:
    """A segment entry the edition could not print whole is an error, never an empty or cut paragraph."""
    where = Location(path, message.line)
    if message.msgid_plural is not None:
        raise UserError(where, f"segment {message.msgctxt} has plural forms (msgid_plural, msgstr[n]); "
                        "a segment has one msgstr: remove msgid_plural and write the translation as msgstr")
    if not message.translated:
        return
    char = unprintable_character(message.msgstr)
    if char:
        raise UserError(where, f"the translation of segment {message.msgctxt} contains {character_name(char)}, "
                        "which cannot be printed; remove it")
    if not message.msgstr.strip():
        raise UserError(where, f"the translation of segment {message.msgctxt} is only white space; "
                        "translate it, or empty it to mark it untranslated")


def load_translation(settings: Settings, document: Document, lang: str, draft: bool) -> Translation:
    if lang == document.lang:
        return Translation(lang=lang, document=document)
    path = catalog_path(settings, lang, document.id)
    if not path.exists():
        raise UserError(path, "catalog missing; run `sco-publish sync`")
    catalog = read_po(path)
    current = {segment.id: segment.text for segment in document.segments()}
    entries = [message for message in catalog.entries
               if not message.obsolete and current.get(message.msgctxt) == message.msgid]
    for message in entries:
        _check_printable(path, message)
    strings = {message.msgctxt: message.msgstr for message in entries if message.translated}
    stats = catalog_stats(document.id, lang, catalog)
    missing = [segment_id for segment_id in current if segment_id not in strings]
    if missing and not draft:
        shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
        raise IncompleteTranslation(
            path, f"release build refused: {len(missing)} segment{'s' if len(missing) != 1 else ''} untranslated, fuzzy or out of date ({shown}); "
            "finish them or build with --draft",
        )
    revision = catalog.header_field("PO-Revision-Date") or ""
    return Translation(
        lang=lang, document=document, strings=strings, stats=stats, catalog=path,
        revision="" if "YEAR" in revision else revision, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
