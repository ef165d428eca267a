"""TBX-Basic 2008 (``martif``, TBX 2): the glossary for tools that read no TBX v3, and back.

translate-toolkit (Weblate's TBX import), memoQ and Trados read ``martif`` with
``termEntry``/``langSet``/``tig``; ours is TBX v3 (``conceptEntry``/``langSec``/``termSec``).
Export writes every concept, language and term with its administrative status; the private
``x-stem`` and ``x-not`` notes are left out (they are not in the TBX-Basic XCS). Import merges
a TBX 2 file into our glossary: new concepts and terms are added, nothing of ours is changed, and a term whose
status differs from ours is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sco_publish.atomic import write_atomically
from sco_publish.errors import Location, UserError
from sco_publish.glossary.tbx import STATUS, TBX_NS, Glossary
from sco_publish.xmlparse import XML_LANG, parse_xml

# What schemas/tbx-basic.rng allows for these data categories.
SUBJECT_FIELDS = {"person", "organization", "body", "place", "phrase", "initiative", "document"}
PARTS_OF_SPEECH = {"noun", "properNoun", "adjective", "verb", "other"}
DEFAULT_SUBJECT = "phrase"
_STATUS_VALUES = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                  "deprecated": "deprecatedTerm-admn-sts"}
_V3 = f"{{{TBX_NS}}}"


# ---------------------------------------------------------------- export

def export_tbx2008(glossary: Glossary, source_lang: str) -> bytes:
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: source_lang})
    header = etree.SubElement(root, "martifHeader")
    description = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(description, "p").text = f"Exported by sco-publish from {glossary.path.name} (TBX v3)."
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for concept in glossary.concepts:
        entry = etree.SubElement(body, "termEntry", id=concept.id)
        etree.SubElement(entry, "descrip", type="subjectField").text = concept.subject
        languages = list(dict.fromkeys(term.lang for term in concept.terms))
        for lang in languages:
            lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
            if concept.definition and lang == source_lang:
                etree.SubElement(lang_set, "descrip", type="definition").text = concept.definition
            for term in concept.terms_in(lang):
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = term.text
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = _STATUS_VALUES[term.status]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ---------------------------------------------------------------- import

@dataclass
class ImportedTerm:
    text: str
    lang: str
    status: str  # an administrativeStatus value
    part_of_speech: str | None
    notes: list[str]
    line: int


@dataclass
class ImportedConcept:
    id: str
    subject: str
    definition: str | None
    terms: list[ImportedTerm]


@dataclass
class GlossaryImport:
    concepts_added: int = 0
    terms_added: int = 0
    problems: list[str] = field(default_factory=list)  # one line each: what was not taken, and why


def read_tbx2008(path: Path, languages: tuple[str, ...]) -> tuple[list[ImportedConcept], list[str]]:
    """The concepts of a TBX 2 ``martif`` file, in the project's languages, and what was left out."""
    root = parse_xml(path, external_doctype=True).getroot()
    if etree.QName(root).localname != "martif":
        raise UserError(Location(path, root.sourceline, 1),
                        f"root element is <{etree.QName(root).localname}>, not <martif>; is this a TBX 2 / TBX-Basic 2008 file?")
    concepts, skipped = [], []
    for number, entry in enumerate(root.iter("{*}termEntry"), 1):
        concept_id = _concept_id(entry.get("id"), number)
        subject = _findtext(entry, "descrip", "subjectField")
        definition = _findtext(entry, "descrip", "definition")
        terms = []
        for lang_set in entry.iterfind("{*}langSet"):
            lang = _project_language(lang_set.get(XML_LANG) or lang_set.get("lang") or "", languages)
            if lang is None:
                skipped.append(f"{path}:{lang_set.sourceline}: language {lang_set.get(XML_LANG)!r} is not one of the project's; left out")
                continue
            definition = definition or _findtext(lang_set, "descrip", "definition")
            terms += _lang_set_terms(path, lang_set, lang)
        if terms:
            concepts.append(ImportedConcept(concept_id, subject if subject in SUBJECT_FIELDS else DEFAULT_SUBJECT,
                                            definition, terms))
    return concepts, skipped


def _lang_set_terms(path: Path, lang_set: etree._Element, lang: str) -> list[ImportedTerm]:
    """Terms of a ``langSet`` (``tig`` or ``ntig``); one without a status is preferred when it
    is the first and no other term of the language is, admitted otherwise."""
    terms = []
    for group in lang_set:
        if not isinstance(group.tag, str) or etree.QName(group).localname not in ("tig", "ntig"):
            continue
        term = next(group.iter("{*}term"), None)
        if term is None or not "".join(term.itertext()).strip():
            raise UserError(Location(path, group.sourceline, 1), "<tig> without a <term>; add the term or remove the group")
        status = _findtext(group, "termNote", "administrativeStatus") or _findtext(group, "termNote", "normativeAuthorization")
        part_of_speech = _findtext(group, "termNote", "partOfSpeech")
        terms.append(ImportedTerm(
            text=" ".join("".join(term.itertext()).split()),
            lang=lang,
            status=_status(status),
            part_of_speech=part_of_speech if part_of_speech in PARTS_OF_SPEECH else None,
            notes=[" ".join(note.itertext()).strip() for note in group.iter("{*}note")],
            line=term.sourceline,
        ))
    if terms and not any(t.status == _STATUS_VALUES["preferred"] for t in terms):
        unmarked = next((t for t in terms if t.status == ""), None)
        if unmarked is not None:
            unmarked.status = _STATUS_VALUES["preferred"]
    for term in terms:
        term.status = term.status or _STATUS_VALUES["admitted"]
    return terms


def _status(value: str | None) -> str:
    """An administrativeStatus value as ours spells it ("" when the file gives none)."""
    value = (value or "").strip()
    if value in STATUS:
        return value
    short = re.sub(r"(term)?[-_ ]?(admn)?[-_ ]?(sts)?$", "", value.lower())
    kind = {"preferred": "preferred", "admitted": "admitted", "deprecated": "deprecated",
            "superseded": "deprecated", "legal": "preferred", "regulated": "preferred",
            "standardized": "preferred"}.get(short)
    return _STATUS_VALUES[kind] if kind else ""


def _findtext(element: etree._Element, tag: str, kind: str) -> str | None:
    for child in element.iterfind(f"{{*}}{tag}"):
        if child.get("type") == kind:
            return " ".join("".join(child.itertext()).split()) or None
    return None


def _concept_id(value: str | None, number: int) -> str:
    """An XML ID for the concept: the file's, made valid, or ``concept-N``."""
    cleaned = re.sub(r"[^\w.-]", "-", value or "")
    return cleaned if cleaned and (cleaned[0].isalpha() or cleaned[0] == "_") else f"concept-{cleaned or number}"


def _project_language(tag: str, languages: tuple[str, ...]) -> str | None:
    tag = tag.lower().replace("_", "-")
    return next((lang for lang in languages if tag == lang or tag.startswith(lang + "-")), None)


def merge_into_glossary(concepts: list[ImportedConcept], glossary_path: Path) -> GlossaryImport:
    """Add the imported concepts and terms our glossary lacks; write it (atomically) only if
    something was added. A concept is the same when its ID is; a term when language and text are."""
    tree = parse_xml(glossary_path) if glossary_path.exists() else _empty_glossary(glossary_path)
    body = tree.getroot().find(f"{_V3}text/{_V3}body")
    ours = {entry.get("id"): entry for entry in body.iterfind(f"{_V3}conceptEntry")}
    report = GlossaryImport()
    for concept in concepts:
        entry = ours.get(concept.id)
        if entry is None:
            entry = _new_entry(body, concept)
            ours[concept.id] = entry
            report.concepts_added += 1
        for term in concept.terms:
            report.terms_added += _merge_term(entry, term, report.problems, glossary_path)
    if report.concepts_added or report.terms_added:
        etree.indent(tree, space="  ")
        write_atomically(glossary_path, etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n")
    return report


def _empty_glossary(path: Path) -> etree._ElementTree:
    root = etree.Element(f"{_V3}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"}, nsmap={None: TBX_NS})
    source = etree.SubElement(etree.SubElement(etree.SubElement(root, f"{_V3}tbxHeader"), f"{_V3}fileDesc"),
                              f"{_V3}sourceDesc")
    etree.SubElement(source, f"{_V3}p").text = f"Imported by sco-publish into {path.name}."
    etree.SubElement(etree.SubElement(root, f"{_V3}text"), f"{_V3}body")
    return root.getroottree()


def _new_entry(body: etree._Element, concept: ImportedConcept) -> etree._Element:
    entry = etree.SubElement(body, f"{_V3}conceptEntry", id=concept.id)
    etree.SubElement(entry, f"{_V3}descrip", type="subjectField").text = concept.subject
    if concept.definition:
        etree.SubElement(entry, f"{_V3}descrip", type="definition").text = concept.definition
    return entry


def _merge_term(entry: etree._Element, term: ImportedTerm, problems: list[str], glossary_path: Path) -> int:
    """1 if the term was added to the concept, 0 if it was there already (a different status is reported)."""
    lang_sec = next((s for s in entry.iterfind(f"{_V3}langSec") if s.get(XML_LANG) == term.lang), None)
    if lang_sec is None:
        lang_sec = etree.SubElement(entry, f"{_V3}langSec", {XML_LANG: term.lang})
    existing = list(_terms(lang_sec))
    for text, status, line in existing:
        if text == term.text:
            if status != term.status:
                problems.append(f"{glossary_path}:{line}: concept {entry.get('id')!r}, {term.lang} term {term.text!r} is "
                                f"{status} here and {term.status} in the imported file; kept ours")
            return 0
    status = term.status
    if status == _STATUS_VALUES["preferred"] and any(s == status for _, s, _ in existing):
        status = _STATUS_VALUES["admitted"]
        problems.append(f"{glossary_path}:{entry.sourceline}: concept {entry.get('id')!r} already has a preferred {term.lang} term; "
                        f"{term.text!r} added as admitted")
    term_sec = etree.SubElement(lang_sec, f"{_V3}termSec")
    etree.SubElement(term_sec, f"{_V3}term").text = term.text
    if term.part_of_speech:
        etree.SubElement(term_sec, f"{_V3}termNote", type="partOfSpeech").text = term.part_of_speech
    etree.SubElement(term_sec, f"{_V3}termNote", type="administrativeStatus").text = status
    for note in filter(None, term.notes):
        etree.SubElement(term_sec, f"{_V3}note").text = note
    return 1


def _terms(lang_sec: etree._Element) -> Iterator[tuple[str, str, int]]:
    """(text, status, line) of each term of a langSec."""
    for term_sec in lang_sec.iterfind(f"{_V3}termSec"):
        yield (term_sec.findtext(f"{_V3}term"),
               term_sec.findtext(f"{_V3}termNote[@type='administrativeStatus']"), term_sec.sourceline)
