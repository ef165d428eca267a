"""`sco-publish import SOURCE --id NAME`: a new canonical text from a file in another format.

The source is read into blocks (``readers``), its structure found (``structure``), then
the text is made canonical here: typographic quotes, names checked against the glossary
(a deprecated or misspelled form corrected and recorded as an editorial note with the
source form as ``sic``, never silently), signatories linked to glossary concepts and
countries, fresh segment IDs. The result is checked like any canonical text before it is
written, and every uncertain decision goes to a report beside it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from babel import Locale, UnknownLocaleError
from lxml import etree

from sco_publish.atomic import write_atomically
from sco_publish.errors import UserError
from sco_publish.glossary.tbx import Concept, Glossary, Term
from sco_publish.glossary.languages import language_rules
from sco_publish.lint.checks import misspellings
from sco_publish.settings import Settings
from sco_publish.glossary.matching import find_terms, term_pattern
from sco_publish.texts.reader import SEGMENT_ID, check_text
from sco_publish.texts_in.readers import read_source
from sco_publish.texts_in.structure import Decision, Draft, ItemList, Note, Segment, find_structure
from sco_publish.xmlparse import XML_ID, XML_LANG, parse_xml

REPORT_SUFFIX = ".import-report.txt"  # beside the text; not *.xml, so validate, sync and lint pass it by
AUTHENTIC_LANGUAGES = "ru zh"  # the SCO Charter's official languages
UNKNOWN_COUNTRY = "ZZ"  # ISO 3166's code for an unknown territory
_NCNAME = re.compile(r"[A-Za-z_][\w.-]*")
_TYPES = (
    ("declaration", re.compile(r"\b(?:declaration|statement|communiqu[eé]|charter|agreement|decision)\b", re.I)),
    ("address", re.compile(r"\b(?:speaks|speech|address(?:es)?|remarks|statement by)\b", re.I)),
)
_ISSUER = re.compile(r"\b(?:Declaration|Statement|Communiqu[eé]|Decision)\s+of\s+(?:the\s+)?(?P<issuer>.+)$")


@dataclass(frozen=True)
class ImportResult:
    path: Path
    report_path: Path
    segments: int
    corrections: int
    decisions: int
    report: str


def import_text(settings: Settings, glossary: Glossary, source: Path, identifier: str, lang: str,
                force: bool = False) -> ImportResult:
    """Read ``source`` and write ``texts/<identifier>.xml`` and its import report."""
    if not _NCNAME.fullmatch(identifier) or ":" in identifier:
        raise UserError(source, f"--id {identifier!r} cannot name a text; use letters, digits and hyphens "
                                "(e.g. tianjin-declaration)")
    target = settings.texts_dir / f"{identifier}.xml"
    if target.exists() and not force:
        raise UserError(target, "a text with this ID exists; choose another --id, or give --force to replace it")
    draft = find_structure(read_source(source))
    if not draft.segments():
        raise UserError(source, "no text found in the file; check that it is the document itself")
    _complete_metadata(draft, source, identifier, glossary, lang)
    corrections = _correct_names(draft, glossary, lang)  # first: ``sic`` is the source's form, quotes and all
    _typographic_quotes(draft)
    tree = _document_tree(draft, source, identifier, lang, glossary, _first_free_id(target))
    problems = check_text(target, tree)
    if problems:
        raise UserError(source, f"the imported text would not be valid ({problems[0].message}); "
                                "report this with the source file")
    report = _report(draft, source, target, corrections)
    settings.texts_dir.mkdir(parents=True, exist_ok=True)
    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
    write_atomically(target, b'<?xml version="1.0" encoding="UTF-8"?>\n' + data + b"\n")
    report_path = settings.texts_dir / f"{identifier}{REPORT_SUFFIX}"
    write_atomically(report_path, report.encode("utf-8"))
    return ImportResult(target, report_path, len(draft.segments()), len(corrections), len(draft.decisions), report)


def _first_free_id(target: Path) -> int:
    """1 for a new text; for a text being replaced (--force), its ``nextId``: IDs are never
    handed out again, so the catalogs' translations of the old text cannot land on new
    segments that happen to get the same ID (sync makes them obsolete instead)."""
    if not target.exists():
        return 1
    match = SEGMENT_ID.fullmatch(parse_xml(target).getroot().get("nextId", ""))
    return int(match.group(1)) if match else 1


# ------------------------------------------------------------------ metadata

def _complete_metadata(draft: Draft, source: Path, identifier: str, glossary: Glossary, lang: str) -> None:
    if draft.title is None:
        draft.title = Segment(identifier.replace("-", " ").replace("_", " ").capitalize(), 0)
        draft.decisions.append(Decision(0, f"no title in the source: “{draft.title.text}” made from the ID; write the real title"))
    if draft.date is None:
        raise UserError(source, "no date found (no dateline, no date in the opening paragraphs, no page date); "
                                "add a line such as “1 September 2025” at the top of the source")
    if draft.place:  # a dateline names the place: the glossary only spells it
        place_search = [draft.place.text]
    else:
        place_search = [segment.text for segment in draft.segments()[1:4]] + [draft.title.text]
    found = _first_place(glossary, lang, place_search)
    if found:
        concept, term = found
        draft.place = Segment(term.text, draft.place.line if draft.place else 0, source=draft.place.source if draft.place else "")
        draft.place_ref = concept.id
        draft.decisions.append(Decision(draft.place.line, f"place: {term.text} (glossary concept {concept.id})"))
    elif draft.place is not None:
        draft.place_ref = None
        draft.decisions.append(Decision(draft.place.line, f"place “{draft.place.text}” is not in the glossary; add it"))
    else:
        raise UserError(source, "no place found (no dateline “Place, 1 September 2025 - …”, no place the glossary "
                                "knows in the opening paragraphs); add a dateline to the source")


def _first_place(glossary: Glossary, lang: str, texts: list[str]) -> tuple[Concept, Term] | None:
    """The place concept named earliest in the first of ``texts`` that names one."""
    places = [(concept, term) for concept in glossary.concepts if concept.subject == "place"
              for term in concept.approved(lang)]
    for text in texts:
        hits = []
        for concept, term in places:
            match = re.search(rf"(?<!\w){term_pattern(term)}", text, re.IGNORECASE)
            if match:
                hits.append((match.start(), -len(term.text), concept))
        if hits:
            _, _, concept = min(hits, key=lambda hit: hit[:2])
            return concept, concept.preferred(lang) or concept.approved(lang)[0]
    return None


def _document_type(title: str) -> str:
    for kind, pattern in _TYPES:
        if pattern.search(title):
            return kind
    return "report"


# ------------------------------------------------------------------ text

def typographic(text: str) -> str:
    """Straight quotes as typographic ones: an opening mark after a space or bracket or at
    the start, a closing one elsewhere; an apostrophe inside a word is ’. A hyphen between
    spaces is a dash (–); hyphens in words and number ranges stay."""
    text = re.sub(r"(?<=\s)-(?=\s)", "–", text)
    text = re.sub(r'(^|[\s(\[{—–-])"', r"\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|[\s(\[{—–-])'", r"\1‘", text)
    return text.replace("'", "’")


def _typographic_quotes(draft: Draft) -> None:
    changed = False
    for segment in draft.segments():
        new = typographic(segment.text)
        changed = changed or new != segment.text
        segment.text = new
    if changed:
        draft.notes.insert(0, Note(draft.title, "editorial",
                                   "Straight quotation marks and apostrophes of the source replaced by typographic ones, and spaced hyphens by "
                                   "dashes, throughout."))


@dataclass(frozen=True)
class Correction:
    segment: Segment
    found: str
    replacement: str
    concept: str
    reason: str  # deprecated or misspelled


def _correct_names(draft: Draft, glossary: Glossary, lang: str) -> list[Correction]:
    """Deprecated and misspelled glossary names, as the lint finds them, replaced by the
    glossary's form; each correction recorded as a note with the source form as ``sic``."""
    corrections = []
    for segment in draft.segments():
        found = _name_problems(segment.text, glossary, lang)
        for start, end, replacement, concept, reason in sorted(found, reverse=True):
            corrections.append(Correction(segment, segment.text[start:end], replacement, concept, reason))
            segment.text = segment.text[:start] + replacement + segment.text[end:]
    corrections.reverse()
    for correction in corrections:
        why = ("Deprecated form in the source" if correction.reason == "deprecated" else "Misspelled in the source")
        draft.notes.append(Note(correction.segment, "correction", f"{why}; spelling as in the glossary ({correction.concept}).",
                                sic=correction.found, corr=correction.replacement))
    return corrections


def _name_problems(text: str, glossary: Glossary, lang: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, replacement, concept ID, reason) of each deprecated or misspelled name."""
    matches = find_terms(glossary, text, lang)
    problems = []
    for match in matches:
        if not match.term.approved and match.concept.approved(lang):
            replacement = _closest(match.found, match.concept.approved(lang))
            problems.append((match.start, match.end, replacement, match.concept.id, "deprecated"))
    for hit in misspellings(text, lang, matches, glossary):
        concept = re.search(r"\(([^()]+)\)$", hit.message)
        problems.append((hit.start, hit.start + len(hit.found), hit.expected, concept.group(1) if concept else "",
                         "misspelled"))
    return problems


def _closest(found: str, terms: list[Term]) -> str:
    """The approved term most like the form found: “OCS” becomes “SCO”, not the full name."""
    return max(terms, key=lambda term: difflib.SequenceMatcher(None, found.lower(), term.text.lower()).ratio()).text


# ------------------------------------------------------------------ signatures

def _person_concept(name: str, glossary: Glossary, lang: str) -> Concept | None:
    return next((m.concept for m in find_terms(glossary, name, lang) if m.concept.subject == "person"), None)


@cache
def _territories(lang: str) -> dict[str, str]:
    """Country name → ISO 3166 code, in the text's language (CLDR through Babel)."""
    try:
        names = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        names = Locale("en").territories
    return {name: code for code, name in names.items()
            if re.fullmatch(r"[A-Z]{2}", code) and code not in ("EU", "EZ", "UN", "ZZ") and not code.startswith("X")}


def country_code(office: str, lang: str) -> str | None:
    """The country an office is of: a country name in it (the longest), else a word that
    is the name's stem or adjective (“Kyrgyz Republic”, “Russian Federation”)."""
    territories = _territories(lang)
    boundary = "" if language_rules(lang).substring else r"(?<!\w)"  # no spaces in Chinese: 白俄罗斯共和国总统
    named = [(len(name), code) for name, code in territories.items()
             if re.search(rf"{boundary}{re.escape(name)}{boundary.replace('<', '')}", office)]
    if named:
        return max(named)[1]
    for word in re.findall(r"\w{4,}", office):
        codes = {code for name, code in territories.items()
                 if len(name) >= 4 and (name.startswith(word) or word.startswith(name))}
        if len(codes) == 1:
            return codes.pop()
    return None


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "person"


# ------------------------------------------------------------------ XML

def _document_tree(draft: Draft, source: Path, identifier: str, lang: str, glossary: Glossary,
                   first_id: int) -> etree._ElementTree:
    ids: dict[int, str] = {}

    def segment(parent: etree._Element, tag: str, text: Segment, **attributes: str) -> etree._Element:
        element = etree.SubElement(parent, tag, attributes)
        ids[id(text)] = f"s{first_id + len(ids)}"
        element.set(XML_ID, ids[id(text)])
        element.text = text.text
        return element

    def blocks(parent: etree._Element, entries: list[Segment | ItemList], tag: str = "p") -> None:
        for entry in entries:
            if isinstance(entry, ItemList):
                blocks(etree.SubElement(parent, "list"), entry.entries, "item")
            else:
                segment(parent, tag, entry)

    kind = _document_type(draft.title.text)
    draft.decisions.append(Decision(draft.title.line, f"document type “{kind}”, from the title"))
    root = etree.Element("document", {"type": kind, XML_LANG: lang, "nextId": "s1"})
    meta = etree.SubElement(root, "meta")
    etree.SubElement(meta, "identifier").text = identifier
    segment(meta, "title", draft.title)
    etree.SubElement(meta, "date", type="adoption" if kind == "declaration" else "event").text = draft.date.isoformat()
    if draft.published and draft.published != draft.date:
        etree.SubElement(meta, "published").text = draft.published.isoformat()
    place_attributes = {"ref": draft.place_ref} if draft.place_ref else {}
    segment(meta, "place", draft.place, **place_attributes)
    segment(meta, "author", Segment(_author(draft), draft.title.line))
    etree.SubElement(meta, "source", url=draft.source_url or quote(source.name), seed=source.name).text = (
        f"Imported from {source.name} by sco-publish import.")
    etree.SubElement(meta, "authenticLanguages").text = AUTHENTIC_LANGUAGES
    draft.decisions.append(Decision(0, f"authentic languages set to “{AUTHENTIC_LANGUAGES}” (the SCO Charter's); "
                                       "change <authenticLanguages> if the document says otherwise"))
    notes_element = etree.SubElement(meta, "editorialNotes")
    if draft.preamble:
        blocks(etree.SubElement(root, "preamble"), draft.preamble)
    body = etree.SubElement(root, "mainBody")
    for section in draft.sections:
        section_element = etree.SubElement(body, "section")
        etree.SubElement(section_element, "num").text = str(section.num)
        if section.heading:
            segment(section_element, "heading", section.heading)
        blocks(section_element, section.blocks)
    blocks(body, draft.body)
    if draft.signatures:
        signatures = etree.SubElement(etree.SubElement(root, "conclusions"), "signatures")
        for signature in draft.signatures:
            concept = _person_concept(signature.person.text, glossary, lang)
            country = country_code(signature.office.text, lang)
            if concept is None:
                draft.decisions.append(Decision(signature.person.line, f"signatory “{signature.person.text}” is not in the "
                                                                       "glossary; add the person to it"))
            if country is None:
                draft.decisions.append(Decision(signature.office.line, f"no country found in “{signature.office.text}”: "
                                                                       f"{UNKNOWN_COUNTRY} written; set the ISO code"))
            element = etree.SubElement(signatures, "signature", country=country or UNKNOWN_COUNTRY,
                                       person=concept.id if concept else _slug(signature.person.text))
            segment(element, "office", signature.office)
            segment(element, "person", signature.person)
    if not len(body):
        raise UserError(source, "no paragraphs found; check that the file holds the document's text")
    root.set("nextId", f"s{first_id + len(ids)}")
    etree.indent(root, space="  ")
    _add_notes(notes_element, draft.notes, ids)
    return etree.ElementTree(root)


def _add_notes(notes_element: etree._Element, notes: list[Note], ids: dict[int, str]) -> None:
    """The notes in document order, written inline as the shipped texts have them
    (``<note …><sic>…</sic><corr>…</corr>Why.</note>``): added after indenting, which
    would put the note's text on lines of its own."""
    order = {segment_id: number for number, segment_id in enumerate(ids.values())}
    if not notes:
        notes_element.getparent().remove(notes_element)
        return
    notes_element.text = "\n" + " " * 6
    for note in sorted(notes, key=lambda note: order[ids[id(note.target)]]):
        element = etree.SubElement(notes_element, "note", target=ids[id(note.target)], type=note.type)
        element.tail = "\n" + " " * 6
        if note.sic is not None:
            etree.SubElement(element, "sic").text = note.sic
        if note.corr is not None:
            etree.SubElement(element, "corr").text = note.corr
        if len(element):
            element[-1].tail = note.text
        else:
            element.text = note.text
    element.tail = "\n" + " " * 4


def _author(draft: Draft) -> str:
    issuer = _ISSUER.search(draft.title.text)
    if issuer:
        return issuer.group("issuer")
    if draft.author:
        return typographic(draft.author)
    draft.decisions.append(Decision(0, "the source does not name its author: “Not named in the source” written; "
                                       "write the issuing body in <author>"))
    return "Not named in the source"


# ------------------------------------------------------------------ report

def _report(draft: Draft, source: Path, target: Path, corrections: list[Correction]) -> str:
    lines = [f"{source} → {target}: {len(draft.segments()) + 1} segments, {len(corrections)} names corrected, "
             f"{len(draft.decisions)} decisions to check"]
    lines += [f"{source}:{decision.line}: {decision.text}" if decision.line else f"{source}: {decision.text}"
              for decision in sorted(draft.decisions, key=lambda d: d.line)]
    lines += [f"{source}:{c.segment.line}: corrected {c.reason} “{c.found}” to “{c.replacement}” ({c.concept}), "
              "recorded as an editorial note" for c in sorted(corrections, key=lambda c: c.segment.line)]
    return "\n".join(lines) + "\n"
