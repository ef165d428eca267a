"""``sco-publish export`` and ``import``: catalogs to XLIFF files and back, safely.

Import takes a unit only where its source is still the canonical segment's text (else the
translation is kept as fuzzy, with the unit's source as the previous English, and reported),
never overwrites a translation changed in the catalog since the export (a conflict, unless
``force``), and writes each catalog atomically and only when it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sco_publish.atomic import write_if_changed
from sco_publish.catalogs.paths import catalog_path
from sco_publish.catalogs.sync import relative_path
from sco_publish.catalogs.pofile import read_po, read_po_bytes, write_po
from sco_publish.texts.model import Document
from sco_publish.errors import Location, UserError
from sco_publish.exchange.model import (
    FUZZY, UNTRANSLATED, ReadFile, ReadUnit, Translation, apply_translation, catalog_messages,
    exchange_file, translation_of,
)
from sco_publish.exchange.xliff12 import XLIFF12, read_xliff12, write_xliff12
from sco_publish.exchange.xliff2 import XLIFF, read_xliff2, write_xliff2
from sco_publish.settings import Settings
from sco_publish.xmlparse import parse_xml

WRITERS = {"xliff2": write_xliff2, "xliff12": write_xliff12}


def export_documents(settings: Settings, documents: list[Document], lang: str, format: str,
                     output: Path) -> list[Path]:
    """One XLIFF file per document, ``<output>/<document>.<lang>.xlf``."""
    if lang not in settings.target_languages:
        raise UserError("--lang", f"{lang!r} is not a target language of the project "
                                  f"({', '.join(settings.target_languages)})")
    written = []
    for document in documents:
        catalog = read_po(catalog_path(settings, lang, document.id))
        original = relative_path(settings, document.path)
        path = output / f"{document.id}.{lang}.xlf"
        write_if_changed(path, WRITERS[format](exchange_file(document, original, lang, catalog)))
        written.append(path)
    return written


def read_exchange(path: Path) -> list[ReadFile]:
    """The files of an XLIFF 2 or 1.2 document, told apart by the root's namespace."""
    root = parse_xml(path).getroot()
    namespace = etree.QName(root).namespace
    if namespace == XLIFF12:
        return read_xliff12(root, path)
    if namespace != XLIFF:
        raise UserError(Location(path, root.sourceline),
                        "not XLIFF 2 or 1.2 (the root's namespace); export one with `sco-publish export`")
    return read_xliff2(root, path)


@dataclass
class ImportReport:
    path: Path
    taken: int = 0
    unchanged: int = 0
    findings: list[str] = field(default_factory=list)  # conflicts, mismatches, units that are no segments
    catalogs_written: list[Path] = field(default_factory=list)


def import_files(settings: Settings, documents: dict[str, Document], paths: list[Path],
                 force: bool) -> list[ImportReport]:
    """Read and check every file first: a bad one means no catalog is written."""
    read = [(path, read_exchange(path)) for path in paths]
    return [_import_file(settings, documents, path, files, force) for path, files in read]


def _import_file(settings: Settings, documents: dict[str, Document], path: Path, files: list[ReadFile],
                 force: bool) -> ImportReport:
    report = ImportReport(path)
    for file in files:
        document = documents.get(file.id)
        lang = (file.target_lang or "").replace("-", "_").split("_")[0]
        reason = ("is no document of the project" if document is None
                  else f"is in {file.target_lang!r}, not a target language of the project"
                  if lang not in settings.target_languages else
                  f"has source language {file.source_lang!r}, not {document.lang!r}"
                  if file.source_lang.split("-")[0] != document.lang else None)
        if reason:
            for unit in file.units:
                report.findings.append(f"{path}:{unit.line}: unit {unit.id!r} is not a segment of the project "
                                       f"(file {file.id!r} {reason}); skipped")
            continue
        _import_units(settings, document, lang, file, force, report)
    return report


def _import_units(settings: Settings, document: Document, lang: str, file: ReadFile, force: bool,
                  report: ImportReport) -> None:
    catalog_file = catalog_path(settings, lang, document.id)
    old = read_po_bytes(catalog_file)
    catalog = read_po(catalog_file)
    messages = catalog_messages(document, catalog)
    where = f"{file.path}:"
    for unit in file.units:
        message = messages.get(unit.id)
        if message is None or unit.source is None:
            why = "not a segment of" if message is None else "holds inline codes, which no segment of"
            report.findings.append(f"{where}{unit.line}: unit {unit.id!r} is {why} {document.id}; skipped")
            continue
        current = translation_of(message)
        incoming = _incoming(unit, message.msgid, where, report)
        if incoming == current:
            report.unchanged += 1
            continue
        if incoming.state == UNTRANSLATED and not force:
            report.findings.append(f"{where}{unit.line}: unit {unit.id!r} has no target; the catalog's "
                                   "translation is kept (--force removes it)")
            continue
        if unit.fingerprint != current.fingerprint and not force:
            report.findings.append(f"{where}{unit.line}: conflict: segment {unit.id!r} was changed in "
                                   f"{catalog_file} since the export; kept the catalog's (--force takes the file's)")
            continue
        apply_translation(message, incoming)
        report.taken += 1
    if write_po(catalog, catalog_file, old):
        report.catalogs_written.append(catalog_file)


def _incoming(unit: ReadUnit, canonical: str, where: str, report: ImportReport) -> Translation:
    """The unit's translation; one made from an English other than the canonical text's now
    is kept as fuzzy with that English as the previous source, and reported."""
    translation = unit.translation
    if unit.source == canonical:
        return translation
    report.findings.append(f"{where}{unit.line}: unit {unit.id!r}: its source is no longer the canonical "
                           "text" + ("; its translation is kept as fuzzy" if translation.target else ""))
    if translation.state == UNTRANSLATED:
        return translation
    return Translation(FUZZY, translation.target, unit.source)
