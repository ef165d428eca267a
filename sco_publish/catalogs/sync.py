"""``sco-publish sync``: align each catalog with its canonical text, keyed on segment IDs.

Never by text similarity: msgmerge and Babel fuzzy-match across contexts and were seen
giving a changed segment its neighbour's translation.  Here a segment keeps its own
translation (fuzzy, with the previous English in ``#| msgid``), a removed segment's
translation becomes obsolete (``#~``), and a restored segment gets it back.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import babel
from babel import Locale

from sco_publish import __version__
from sco_publish.atomic import FileState, Replacement, file_state, remove_stale_temporaries, write_atomically
from sco_publish.catalogs.catalog import (
    Catalog, Message, check_declared_language, format_header, parse_header, require_segment_ids,
)
from sco_publish.catalogs.extracted import others_comments
from sco_publish.catalogs.memory import (LazyMemories, TranslationMemory, add_memory_files, catalog_units,
                                         memory_comments, offer_suggestions, stale_memory_comments_removed)
from sco_publish.catalogs.paths import catalog_path, template_path
from sco_publish.catalogs.plurals import plural_forms
from sco_publish.catalogs.pofile import WriterCache, format_po, header_field_in, parse_po_bytes, read_po_bytes
from sco_publish.texts.model import Document, Segment
from sco_publish.errors import Location, UserError
from sco_publish.glossary.tbx import Glossary
from sco_publish.parallel import thread_pool
from sco_publish.settings import Settings
from sco_publish.glossary.matching import find_terms
from sco_publish.texts.reader import SEGMENT_ID, start_loading

KIND_COMMENTS = {
    "title": "document title",
    "place": "place (dateline)",
    "author": "issuing body",
    "office": "signatory: office",
    "person": "signatory: name",
    "item": "list item",
}
GLOSSARY_COMMENT = "glossary: "
GLOSSARY_HEADER = "X-Glossary"  # fingerprint of the glossary the glossary comments were made from
HEADER_PLACEHOLDERS = [
    ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
    ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
    ("Language-Team", "LANGUAGE <LL@li.org>"),
]
# A catalog's header fields in the order gettext's msginit writes them, then the glossary's
# fingerprint; any other field (X-Generator, a tool's own) follows in the order it had. A tool
# that saved the catalog may have sorted them otherwise.
CATALOG_HEADER_ORDER = {key: rank for rank, key in enumerate([
    "Project-Id-Version", "Report-Msgid-Bugs-To", "PO-Revision-Date", "Last-Translator", "Language-Team",
    "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms", GLOSSARY_HEADER])}
# The template's, which msgmerge copies into a catalog: sync keeps it in the template only.
TEMPLATE_HEADER_FIELDS = {"POT-Creation-Date"}


@dataclass
class SyncReport:
    path: Path
    new: int = 0
    changed: int = 0
    obsoleted: int = 0
    revived: int = 0
    suggested: int = 0  # filled (fuzzy) from the translation memory
    written: bool = False
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.written:
            return f"{self.path}: unchanged"
        parts = [f"{count} {label}" for count, label in (
            (self.new, "new"), (self.changed, "changed (fuzzy)"),
            (self.obsoleted, "obsolete"), (self.revived, "revived"),
            (self.suggested, "suggested from memory")) if count]
        return f"{self.path}: updated" + (f" ({', '.join(parts)})" if parts else "")


def sync_project(settings: Settings, text_paths: list[Path], glossary: Glossary) -> list[SyncReport]:
    """Check every text and every existing catalog first, then write them all together; a bad
    one, a failed write or a catalog saved by someone else meanwhile means nothing is
    written. The catalogs are read while the texts are validated on other threads."""
    written = _WrittenCatalogs(settings.root / ".cache" / "sync-written.json")
    outputs = [template_path(settings, path.stem) for path in text_paths]
    outputs += [catalog_path(settings, lang, path.stem) for path in text_paths for lang in settings.target_languages]
    remove_stale_temporaries([*outputs, written.path])
    existing: dict[Path, _Existing] = {}
    memories = LazyMemories()
    cache = WriterCache()  # what the catalogs sync wrote say about how they are wrapped
    with thread_pool() as executor:
        loads = [start_loading(path, executor) for path in text_paths]
        for load in loads:
            template_inputs = _digest(__version__, babel.__version__, relative_path(settings, load.path),
                                      load.fingerprint)
            catalogs = [catalog_path(settings, lang, load.path.stem) for lang in settings.target_languages]
            for path, lang in zip(catalogs, settings.target_languages):
                inputs = _digest(template_inputs, glossary.fingerprint, lang)
                existing[path] = _read_existing(path, written, inputs, cache, parse_foreign=True)
                memories.add(lang, _memory_units(existing[path], load.path.stem, cache))
            # A catalog sync wrote holds the wrapped msgids the template needs: no need to read it too.
            has_wrapped_msgids = any(existing[path].catalog is not None and existing[path].ours for path in catalogs)
            path = template_path(settings, load.path.stem)
            existing[path] = _read_existing(path, written, template_inputs, cache, parse_foreign=False,
                                            parse_ours=not has_wrapped_msgids)
        documents = [load.document() for load in loads]
    add_memory_files(memories, settings)
    planned: list[tuple[str, SyncReport]] = []
    for document in documents:
        planned.append(_plan_template(settings, document, existing[template_path(settings, document.id)], cache))
        for lang in settings.target_languages:
            old = existing[catalog_path(settings, lang, document.id)]
            planned.append(_plan_catalog(settings, document, lang, glossary, old, lambda lang=lang: memories.of(lang),
                                         cache))
    with Replacement("sync") as replacement:
        for text, report in planned:
            data = text.encode("utf-8")
            found = existing[report.path]
            if found.state is None or data != found.data:
                replacement.add(report.path, data, found.state)
            written.record(report.path, data, found.inputs)
        replaced = set(replacement.commit())
    for _, report in planned:
        report.written = report.path in replaced
    written.save()
    return [report for _, report in planned]


@dataclass
class _Existing:
    """A catalog or template as sync found it (read while the texts are being checked)."""

    path: Path
    inputs: str  # digest of what sync would make it from now
    state: FileState | None = None  # when it was read; None: there was no file
    data: bytes = b""
    current: bool = False  # what sync last wrote there, from the same inputs: nothing to do
    ours: bool = False  # what sync last wrote there
    catalog: Catalog | None = None
    error: UserError | None = None  # reported after the texts' problems

    def text_as_is(self) -> str | None:
        """The file's text when sync has nothing to change in it; an error reading it is raised now."""
        if self.error:
            raise self.error
        return self.data.decode("utf-8") if self.current else None


def _read_existing(path: Path, written: _WrittenCatalogs, inputs: str, cache: WriterCache, parse_foreign: bool,
                   parse_ours: bool = True) -> _Existing:
    """The file's bytes and, unless they are current, its messages: kept as written (for
    copying) when sync wrote them and ``parse_ours``, parsed for reconciling when another
    tool did and ``parse_foreign`` (a template is made anew instead)."""
    found = _Existing(path, inputs)
    try:
        found.state = file_state(path)
        if found.state is None:
            return found
        found.data = read_po_bytes(path)
        found.ours = written.is_ours(path, found.data)
        found.current = found.ours and written.made_from(path) == inputs
        if not found.current and (parse_ours if found.ours else parse_foreign):
            found.catalog = parse_po_bytes(found.data, path, cache if found.ours else None)
    except UserError as error:
        found.error = error
    return found


def _memory_units(found: _Existing, document_id: str, cache: WriterCache) -> Callable[[], list[tuple[str, str, str]]]:
    """The catalog's translated entries as memory units: taken now from a parsed catalog
    (the merge changes its messages), parsed only when needed from one sync left as is."""
    if found.catalog is not None:
        units = catalog_units(found.catalog, document_id)
        return lambda: units
    if not found.data or found.error:
        return lambda: []
    return lambda: catalog_units(parse_po_bytes(found.data, found.path, cache if found.ours else None), document_id)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class _WrittenCatalogs:
    """What sync last wrote to each file (a cache, in .cache/): the digest of the bytes, and
    a digest of what they were made from (the canonical text, the glossary, sco-publish's
    version). A file whose bytes still have that digest is exactly what the writer produces:
    its unchanged messages can be copied instead of wrapped again, and if its inputs are
    the same too, syncing it again would give the same bytes. A file edited since (Poedit,
    a text editor) is re-read and rewritten in full."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
            self.entries: dict[str, dict[str, str]] = {
                key: value for key, value in entries.items() if isinstance(value, dict)}
        except (OSError, ValueError, AttributeError):
            self.entries = {}
        self.changed = False

    def is_ours(self, path: Path, data: bytes) -> bool:
        """Whether ``data``, the bytes now in ``path``, are what sync last wrote there."""
        digest = self.entries.get(_key(path), {}).get("output")
        return digest is not None and digest == hashlib.sha256(data).hexdigest()

    def made_from(self, path: Path) -> str | None:
        """The digest of the inputs of what sync last wrote to ``path``."""
        return self.entries.get(_key(path), {}).get("inputs")

    def record(self, path: Path, data: bytes, inputs: str) -> None:
        entry = {"output": hashlib.sha256(data).hexdigest(), "inputs": inputs}
        key = _key(path)
        if self.entries.get(key) != entry:
            self.entries[key] = entry
            self.changed = True

    def save(self) -> None:
        if self.changed:
            try:
                write_atomically(self.path, json.dumps(self.entries, indent=1, sort_keys=True).encode())
            except OSError:
                pass  # only a cache: the next sync re-reads the catalogs in full


def _key(path: Path) -> str:
    return str(path.resolve())


def relative_path(settings: Settings, text: Path) -> str:
    """The text's path as references show it: relative to the project root."""
    try:
        return text.resolve().relative_to(settings.root.resolve()).as_posix()
    except ValueError:
        return text.as_posix()


def _location_comment(document: Document, segment: Segment) -> str:
    return document.section_heading(segment) or KIND_COMMENTS.get(segment.kind, "paragraph")


def _glossary_comments(glossary: Glossary, segment: Segment, source_lang: str, lang: str) -> list[str]:
    """``glossary: Japarov → Жапаров`` for each concept the segment names."""
    comments, seen = [], set()
    for match in find_terms(glossary, segment.text, source_lang):
        if match.term.approved and match.concept.id not in seen:
            seen.add(match.concept.id)
            preferred = match.concept.preferred(lang)
            if preferred is not None:
                comments.append(f"{GLOSSARY_COMMENT}{match.found} → {preferred.text}")
    return comments


def _source_messages(settings: Settings, document: Document) -> list[Message]:
    path = relative_path(settings, document.path)
    return [
        Message(
            msgid=segment.text,
            msgctxt=segment.id,
            references=[f"{path}:{segment.line}"],
            extracted_comments=[_location_comment(document, segment)],
        )
        for segment in document.segments()
    ]


def _creation_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
              else datetime.datetime.now(datetime.timezone.utc))
    return moment.strftime("%Y-%m-%d %H:%M%z")


def _plan_template(settings: Settings, document: Document, old: _Existing, cache: WriterCache) -> tuple[str, SyncReport]:
    """The .pot's text; its POT-Creation-Date changes only when its messages do."""
    report = SyncReport(path=old.path)
    if (text := old.text_as_is()) is not None:
        return text, report
    body = format_po(Catalog(messages=_source_messages(settings, document)), cache=cache)
    old_date = header_field_in(old.data, "POT-Creation-Date")
    text = _template_header(document, old_date or _creation_date()) + "\n" + body
    if old_date and old.data != text.encode("utf-8"):
        text = _template_header(document, _creation_date()) + "\n" + body
    return text, report


def _template_header(document: Document, creation: str) -> str:
    header = Message(
        msgid="",
        flags=["fuzzy"],
        translator_comments=[
            f"Template for translations of “{document.title.text}”.",
            "Generated by sco-publish from the canonical text; do not edit, run `sco-publish sync`.",
        ],
        msgstr=format_header([
            ("Project-Id-Version", _project_id(document)),
            ("Report-Msgid-Bugs-To", ""),
            ("POT-Creation-Date", creation),
            *HEADER_PLACEHOLDERS,
            ("Language", ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ]),
    )
    return format_po(Catalog(messages=[header]))


def _project_id(document: Document) -> str:
    return f"{document.id} {document.date.isoformat()}"


def _plan_catalog(settings: Settings, document: Document, lang: str, glossary: Glossary, found: _Existing,
                  memory: Callable[[], TranslationMemory], cache: WriterCache) -> tuple[str, SyncReport]:
    path = found.path
    report = SyncReport(path=path)
    if (text := found.text_as_is()) is not None:
        return text, report
    old = found.catalog if found.catalog is not None else Catalog(path=path)
    _check_catalog(old, path, lang)
    active: dict[str, Message] = {m.msgctxt: m for m in old.entries}
    obsolete = [m for m in old.messages if m.obsolete]
    # Glossary comments of unchanged segments are kept when made from this very glossary, and
    # read from a file sync wrote: another tool may have wrapped or dropped them.
    reuse = found.ours and old.header_field(GLOSSARY_HEADER) == glossary.fingerprint
    sources = _source_messages(settings, document)
    # Entries of removed segments go obsolete first, so that a segment re-added under a new ID
    # in the same sync (an ID dropped and re-assigned) gets its translation back.
    current = {fresh.msgctxt for fresh in sources}
    for segment_id in [s for s in active if s not in current]:
        message = active.pop(segment_id)
        if message.has_translation:
            message.obsolete = True
            message.references = []
            message.extracted_comments = others_comments(message.extracted_comments, [], GLOSSARY_COMMENT)
            obsolete.append(message)
            report.obsoleted += 1
    messages: list[Message] = []
    new_sources: list[Message] = []  # new or changed English: what the translation memory may fill
    for segment, fresh in zip(document.segments(), sources):
        previous = active.get(fresh.msgctxt)
        if reuse and previous is not None and previous.msgid == fresh.msgid:
            fresh.extracted_comments += [c for c in previous.extracted_comments if c.startswith(GLOSSARY_COMMENT)]
        else:
            fresh.extracted_comments += _glossary_comments(glossary, segment, document.lang, lang)
        if previous is not None and previous.msgid == fresh.msgid:
            fresh.extracted_comments += memory_comments(previous)
        message = active.pop(fresh.msgctxt, None)
        if message is not None and holds_a_neighbours_translation(message, obsolete):
            restore_moved_translation(message, old, obsolete)
            message = None  # its own entry comes back
        if message is not None:  # its #. lines are laid out as sync writes them
            others = others_comments(message.extracted_comments, fresh.extracted_comments, GLOSSARY_COMMENT)
            if message.previous_msgctxt == message.msgctxt:  # msgmerge --previous writes it; it says nothing
                message.previous_msgctxt = None
        else:
            message = revive_obsolete(obsolete, fresh)
            if message is None:
                report.new += 1
                messages.append(fresh)
                new_sources.append(fresh)
                continue
            report.revived += 1
            others = others_comments(message.extracted_comments, fresh.extracted_comments)
        if update_source(message, fresh.msgid):
            report.changed += 1
            new_sources.append(message)
        message.references = fresh.references
        message.extracted_comments = fresh.extracted_comments + stale_memory_comments_removed(others)
        messages.append(message)
    obsolete.sort(key=_segment_order)
    report.suggested = offer_suggestions(new_sources, memory, settings.memory_threshold)
    header = _catalog_header(old.header, document, lang, glossary)
    return format_po(Catalog(path=path, messages=[header, *messages, *obsolete]), os.cpu_count() or 1, cache), report


def _segment_order(message: Message) -> tuple[int, int, str, str]:
    """Obsolete entries in the order of their segment IDs (s9 before s10), so that their order
    does not depend on how a tool that saved the catalog sorted them."""
    match = SEGMENT_ID.fullmatch(message.msgctxt or "")
    return (0 if match else 1, int(match.group(1)) if match else 0, message.msgctxt or "", message.msgid)


def _check_catalog(catalog: Catalog, path: Path, lang: str) -> None:
    """Refuse catalogs sync cannot reconcile, before anything is written."""
    check_declared_language(catalog, path, lang)
    content_type = catalog.header_field("Content-Type") or ""
    if "charset=" in content_type and content_type.split("charset=")[-1].strip().upper() not in ("UTF-8", "CHARSET"):
        raise UserError(Location(path, catalog.header.line, 1), "catalog is not UTF-8; convert it with msgconv -t UTF-8")
    require_segment_ids(catalog.entries, path)
    seen: dict[str, int] = {}
    for message in catalog.entries:
        if message.msgctxt in seen:
            raise UserError(
                Location(path, message.line, 1),
                f"segment {message.msgctxt!r} appears twice (also on line {seen[message.msgctxt]}); "
                "keep one entry and delete the other",
            )
        seen[message.msgctxt] = message.line


def holds_a_neighbours_translation(message: Message, obsolete: list[Message]) -> bool:
    """Whether msgmerge gave the entry another segment's translation (``#| msgctxt`` names that
    segment) and made the segment's own entry obsolete, as its fuzzy matching does."""
    return (message.previous_msgctxt not in (None, message.msgctxt)
            and any(m.msgctxt == message.msgctxt for m in obsolete))


def restore_moved_translation(copy: Message, old: Catalog, obsolete: list[Message]) -> None:
    """A translation msgmerge moved to another segment goes back to its own as an obsolete
    entry, unless the catalog holds it elsewhere (its segment's entry is still there)."""
    translation = (copy.msgstr, tuple(copy.msgstr_plural))
    if any((m.msgstr, tuple(m.msgstr_plural)) == translation for m in old.messages if m is not copy):
        return
    copy.msgctxt, copy.msgid = copy.previous_msgctxt, copy.previous_msgid or ""
    copy.previous_msgctxt = copy.previous_msgid = None
    copy.set_fuzzy(False)
    copy.obsolete = True
    copy.references, copy.extracted_comments = [], []
    obsolete.append(copy)


def revive_obsolete(obsolete: list[Message], fresh: Message) -> Message | None:
    """An obsolete entry for this segment (same ID), or else one with exactly the same English."""
    for matches in (lambda m: m.msgctxt == fresh.msgctxt, lambda m: m.msgid == fresh.msgid):
        for message in obsolete:
            if matches(message):
                obsolete.remove(message)
                message.obsolete = False
                message.msgctxt = fresh.msgctxt
                message.previous_msgctxt = None
                return message
    return None


def update_source(message: Message, text: str) -> bool:
    """Put the new English into ``message``; a translated one becomes fuzzy with ``#| msgid``."""
    if message.msgid == text:
        return False
    if message.has_translation:
        if text == message.previous_msgid:
            message.previous_msgid = None
            message.set_fuzzy(False)
        else:
            if not (message.fuzzy and message.previous_msgid is not None):
                message.previous_msgid = message.msgid
            message.set_fuzzy(True)
    message.msgid = text
    return True


def _catalog_header(old: Message | None, document: Document, lang: str, glossary: Glossary) -> Message:
    """Keep what translators' tools set; enforce what the toolkit owns."""
    fields = parse_header(old.msgstr) if old else [
        ("Project-Id-Version", ""),
        ("Report-Msgid-Bugs-To", ""),
        *HEADER_PLACEHOLDERS,
        ("Language", lang),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", ""),
    ]
    owned = {
        "Project-Id-Version": _project_id(document),
        "Language": lang,
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": plural_forms(lang),
        GLOSSARY_HEADER: glossary.fingerprint,
    }
    fields = [(key, owned.get(key, value)) for key, value in fields if key not in TEMPLATE_HEADER_FIELDS]
    fields += [(key, value) for key, value in owned.items() if key not in dict(fields)]
    fields.sort(key=lambda item: CATALOG_HEADER_ORDER.get(item[0], len(CATALOG_HEADER_ORDER)))
    language_name = Locale.parse(lang).get_display_name("en")
    header = old or Message(
        msgid="",
        translator_comments=[f"{language_name} translation of “{document.title.text}”."],
    )
    header.msgstr = format_header(fields)
    return header
