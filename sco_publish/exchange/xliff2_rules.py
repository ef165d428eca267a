"""The XLIFF 2 core's rules, checked in code so that import needs no schema files.

Structure (what the core XSD says: children in order, attributes and their values) and
the processing requirements of the specification the XSD cannot express: ID uniqueness
per scope, references (``dataRef``, ``startRef``, ``copyOf``, notes), pairing of ``<sc>``/
``<ec>`` and ``<sm>``/``<em>``, languages (``srcLang``, ``trgLang``, ``xml:lang``).
Each problem is a ``UserError`` at ``file:line``, with the kind of rule it breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from sco_publish.errors import Location, UserError
from sco_publish.xmlparse import XML_ID, XML_LANG, XML_SPACE

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
FS = "urn:oasis:names:tc:xliff:fs:2.0"

_NMTOKEN = re.compile(r"[\w.:-]+")
_LANGUAGE = re.compile(r"[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*")  # BCP 47: a primary subtag of 2 or more letters
_USER_DEFINED = re.compile(r"[^\s:]+:[^\s:]+")
_YES_NO = {"yes", "no"}
_DIR = {"ltr", "rtl", "auto"}
_ANY = None  # any text

# Children of each core element, as a regular expression over their names ('#' = an element
# of another namespace, an extension); and each element's attributes with their values.
_CONTENT = {
    "xliff": r"(file )+",
    "file": r"(skeleton )?(# )*(notes )?((unit|group) )+",
    "skeleton": r"(# )*",
    "group": r"(# )*(notes )?((unit|group) )*",
    "unit": r"(# )*(notes )?(originalData )?((segment|ignorable) )+",
    "segment": r"source (target )?",
    "ignorable": r"source (target )?",
    "notes": r"(note )+",
    "note": r"",
    "originalData": r"(data )+",
    "data": r"(cp )*",
}
_MIXED = {"note", "skeleton", "data", "source", "target", "pc", "mrk"}  # elements that hold text
_INLINE_CONTENT = r"((cp|ph|pc|sc|ec|mrk|sm|em) )*"
for _name in ("source", "target", "pc", "mrk"):
    _CONTENT[_name] = _INLINE_CONTENT
for _name in ("cp", "ph", "sc", "ec", "sm", "em"):
    _CONTENT[_name] = r""

_CODE = {"canCopy": _YES_NO, "canDelete": _YES_NO, "canReorder": {"yes", "no", "firstNo"},
         "copyOf": "nmtoken", "subType": "userdefined", "type": {"fmt", "ui", "quote", "link", "image", "other"}}
_ATTRIBUTES: dict[str, dict[str, object]] = {
    "xliff": {"version": _ANY, "srcLang": "language", "trgLang": "language", XML_SPACE: {"default", "preserve"}},
    "file": {"id": "nmtoken", "canResegment": _YES_NO, "original": _ANY, "translate": _YES_NO,
             "srcDir": _DIR, "trgDir": _DIR, XML_SPACE: {"default", "preserve"}},
    "skeleton": {"href": _ANY},
    "group": {"id": "nmtoken", "name": _ANY, "canResegment": _YES_NO, "translate": _YES_NO, "srcDir": _DIR,
              "trgDir": _DIR, "type": "userdefined", XML_SPACE: {"default", "preserve"}},
    "unit": {"id": "nmtoken", "name": _ANY, "canResegment": _YES_NO, "translate": _YES_NO, "srcDir": _DIR,
             "trgDir": _DIR, "type": "userdefined", XML_SPACE: {"default", "preserve"}},
    "segment": {"id": "nmtoken", "canResegment": _YES_NO, "state": {"initial", "translated", "reviewed", "final"},
                "subState": "userdefined"},
    "ignorable": {"id": "nmtoken"},
    "notes": {},
    "note": {"id": "nmtoken", "appliesTo": {"source", "target"}, "category": _ANY,
             "priority": {str(n) for n in range(1, 11)}},
    "originalData": {},
    "data": {"id": "nmtoken", "dir": _DIR, XML_SPACE: {"preserve"}},
    "source": {XML_LANG: "language", XML_SPACE: {"default", "preserve"}},
    "target": {XML_LANG: "language", XML_SPACE: {"default", "preserve"}, "order": "positive"},
    "cp": {"hex": "hex"},
    "ph": {**_CODE, "disp": _ANY, "equiv": _ANY, "id": "nmtoken", "dataRef": "nmtoken", "subFlows": "nmtokens"},
    "pc": {**_CODE, "canOverlap": _YES_NO, "dispEnd": _ANY, "dispStart": _ANY, "equivEnd": _ANY,
           "equivStart": _ANY, "id": "nmtoken", "dataRefEnd": "nmtoken", "dataRefStart": "nmtoken",
           "subFlowsEnd": "nmtokens", "subFlowsStart": "nmtokens", "dir": _DIR},
    "sc": {**_CODE, "canOverlap": _YES_NO, "dataRef": "nmtoken", "dir": _DIR, "disp": _ANY, "equiv": _ANY,
           "id": "nmtoken", "isolated": _YES_NO, "subFlows": "nmtokens"},
    "ec": {**_CODE, "canOverlap": _YES_NO, "dataRef": "nmtoken", "dir": _DIR, "disp": _ANY, "equiv": _ANY,
           "id": "nmtoken", "isolated": _YES_NO, "startRef": "nmtoken", "subFlows": "nmtokens"},
    "mrk": {"id": "nmtoken", "translate": _YES_NO, "type": "mrktype", "ref": _ANY, "value": _ANY},
    "sm": {"id": "nmtoken", "translate": _YES_NO, "type": "mrktype", "ref": _ANY, "value": _ANY},
    "em": {"startRef": "nmtoken"},
}
_REQUIRED = {"xliff": ("version", "srcLang"), "file": ("id",), "group": ("id",), "unit": ("id",),
             "data": ("id",), "cp": ("hex",), "ph": ("id",), "pc": ("id",), "sc": ("id",), "mrk": ("id",),
             "sm": ("id",), "em": ("startRef",)}
# Where attributes of other namespaces (extensions, modules) may stand.
_OPEN_ATTRIBUTES = {"xliff", "file", "group", "unit", "note", "mrk", "sm", "ph", "pc", "sc", "ec"}
# Elements of other namespaces may stand only where the content model has '#'.


def _valid_value(kind: object, value: str) -> bool:
    if kind is _ANY:
        return True
    if isinstance(kind, set):
        return value in kind
    return {
        "nmtoken": lambda: bool(_NMTOKEN.fullmatch(value)),
        "nmtokens": lambda: all(_NMTOKEN.fullmatch(token) for token in value.split()) and bool(value.split()),
        "language": lambda: bool(_LANGUAGE.fullmatch(value)),
        "userdefined": lambda: bool(_USER_DEFINED.fullmatch(value)),
        "mrktype": lambda: value in {"generic", "comment", "term"} or bool(_USER_DEFINED.fullmatch(value)),
        "positive": lambda: bool(re.fullmatch(r"[0-9]*[1-9][0-9]*", value)),
        "hex": lambda: len(value) % 2 == 0 and bool(re.fullmatch(r"[0-9a-fA-F]+", value)),
    }[kind]()


@dataclass(frozen=True)
class Problem:
    error: UserError
    rule: str  # structure, ids, languages or references (references, pairing, inline codes)


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.rule = "structure"  # the kind of rule being checked, for reports

    def problem(self, element: etree._Element, message: str) -> None:
        self.problems.append(Problem(UserError(Location(self.path, element.sourceline), message), self.rule))

    # ------------------------------------------------------------------ structure

    def structure(self, element: etree._Element) -> None:
        name = _core_name(element)
        tokens = "".join(
            f"{_core_name(child) or '#'} " for child in element if isinstance(child.tag, str))
        if not re.fullmatch(_CONTENT[name], tokens):
            self.problem(element, f"<{name}> may not hold {tokens.strip() or 'nothing'} "
                                  "(the core schema's content model); fix the element's children")
        if name not in _MIXED and any((text or "").strip() for text in (element.text, *(c.tail for c in element))):
            self.problem(element, f"<{name}> may not hold text")
        allowed = _ATTRIBUTES[name]
        for attribute, value in element.attrib.items():
            namespace = etree.QName(attribute).namespace
            if attribute in allowed:
                if not _valid_value(allowed[attribute], value):
                    self.problem(element, f"<{name}> {etree.QName(attribute).localname}={value!r} is not a valid value")
            elif namespace in (None, XLIFF) or name not in _OPEN_ATTRIBUTES or attribute == XML_SPACE:
                self.problem(element, f"<{name}> may not have the attribute {etree.QName(attribute).localname!r}")
            elif namespace == FS and etree.QName(attribute).localname not in ("fs", "subFs"):
                self.problem(element, f"<{name}> has an unknown Format Style attribute {attribute!r}")
            elif attribute == f"{{{FS}}}fs" and not re.fullmatch(r"[a-z][a-z0-9]*", value):
                self.problem(element, f"fs:fs={value!r} is no HTML element name")
        for attribute in _REQUIRED.get(name, ()):
            if element.get(attribute) is None:
                self.problem(element, f"<{name}> needs the attribute {attribute!r}")
        for child in element:
            if isinstance(child.tag, str) and _core_name(child):
                self.structure(child)


def _core_name(element: etree._Element) -> str | None:
    qname = etree.QName(element)
    return qname.localname if qname.namespace == XLIFF and qname.localname in _CONTENT else None


def check_document(root: etree._Element, path: Path) -> list[Problem]:
    """Every problem of an XLIFF 2 document, in document order of the checks."""
    checker = _Checker(path)
    if etree.QName(root).namespace != XLIFF or etree.QName(root).localname != "xliff":
        checker.problem(root, f"not an XLIFF 2 document: the root is {root.tag!r}")
        return checker.problems
    checker.structure(root)
    if checker.problems:
        return checker.problems
    checker.rule = "ids"
    _check_ids(root, checker)
    checker.rule = "languages"
    _check_languages(root, checker)
    checker.rule = "references"
    for file in root.iterchildren(_x("file")):
        skeleton = file.find(_x("skeleton"))
        if skeleton is not None and (skeleton.get("href") is None) == (len(skeleton) == 0 and not (skeleton.text or "").strip()):
            checker.problem(skeleton, "<skeleton> needs either an href or content, not both and not neither")
        unit_ids = {unit.get("id") for unit in file.iter(_x("unit"))}
        for unit in file.iter(_x("unit")):
            _check_unit(unit, unit_ids, checker)
    return checker.problems


def _x(name: str) -> str:
    return f"{{{XLIFF}}}{name}"


def _duplicates(elements: list[etree._Element], checker: _Checker, what: str, key=lambda e: e.get("id")) -> None:
    rule, checker.rule = checker.rule, "ids"
    seen: dict[str, int] = {}
    for element in elements:
        value = key(element)
        if value is None:
            continue
        if value in seen:
            checker.problem(element, f"{what} id {value!r} is not unique (also on line {seen[value]}); "
                                     "give each its own id")
        else:
            seen[value] = element.sourceline
    checker.rule = rule


def _check_ids(root: etree._Element, checker: _Checker) -> None:
    """IDs unique per scope: files in the document, groups and units in a file, notes in
    their ``<notes>``, extension elements' IDs under the element they extend."""
    _duplicates(list(root.iterchildren(_x("file"))), checker, "<file>")
    for file in root.iterchildren(_x("file")):
        _duplicates(list(file.iter(_x("group"))), checker, "<group>")
        _duplicates(list(file.iter(_x("unit"))), checker, "<unit>")
    for notes in root.iter(_x("notes")):
        _duplicates(list(notes), checker, "<note>")
    for holder in root.iter(_x("file"), _x("group"), _x("unit")):
        extensions = [descendant for child in holder if isinstance(child.tag, str) and not _core_name(child)
                      for descendant in child.iter() if isinstance(descendant.tag, str)]
        _duplicates([e for e in extensions if etree.QName(e).namespace not in _MODULES | {XLIFF}], checker,
                    "extension element", key=lambda e: e.get(XML_ID) or e.get("id"))


def _check_languages(root: etree._Element, checker: _Checker) -> None:
    source_lang, target_lang = root.get("srcLang"), root.get("trgLang")
    for source in root.iter(_x("source")):
        lang = _inherited(source, XML_LANG)
        if lang is not None and lang.lower() != source_lang.lower():
            checker.problem(source, f"<source> xml:lang {lang!r} differs from srcLang {source_lang!r}")
    for target in root.iter(_x("target")):
        lang = _inherited(target, XML_LANG)
        if target_lang is None:
            checker.problem(target, "<target> without trgLang on <xliff>; add trgLang")
        elif lang is not None and lang.lower() != target_lang.lower():
            checker.problem(target, f"<target> xml:lang {lang!r} differs from trgLang {target_lang!r}")
        source = target.getprevious()
        if (_inherited(source, XML_SPACE) or "default") != (_inherited(target, XML_SPACE) or "default"):
            checker.problem(target, "<target> xml:space differs from its <source>'s")


def _inherited(element: etree._Element, attribute: str) -> str | None:
    """The value of an ``xml:`` attribute that holds for ``element``: its own or its nearest ancestor's."""
    for ancestor in (element, *element.iterancestors()):
        if ancestor.get(attribute) is not None:
            return ancestor.get(attribute)
    return None


_CODES = ("ph", "pc", "sc", "ec")
_SUBTYPES = {"xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt", "xlf:u": "fmt", "xlf:var": "ui"}
_FRAGMENT_PREFIXES = {"f", "g", "u", "n", "d", "t"}
# The modules' prefixes and the extensions' registered with the TC (TBX is one).
_MODULE_PREFIXES = {"mtc", "gls", "mda", "res", "slr", "val", "ctr", "its", "tbx"}
_MODULES = {FS, "urn:oasis:names:tc:xliff:glossary:2.0", "urn:oasis:names:tc:xliff:matches:2.0",
            "urn:oasis:names:tc:xliff:metadata:2.0", "urn:oasis:names:tc:xliff:resourcedata:2.0",
            "urn:oasis:names:tc:xliff:sizerestriction:2.0", "urn:oasis:names:tc:xliff:validation:2.0",
            "urn:oasis:names:tc:xliff:changetracking:2.1"}
_VALIDATION_ELEMENTS = {"validation", "rule"}


def _check_unit(unit: etree._Element, unit_ids: set[str], checker: _Checker) -> None:
    """References, pairing and the inline codes' rules inside one unit."""
    parts = [child for child in unit if child.tag in (_x("segment"), _x("ignorable"))]
    if unit.find(_x("segment")) is None:
        checker.problem(unit, "<unit> has no <segment>; add one")
    data_ids = {data.get("id") for data in unit.iter(_x("data"))}
    _duplicates(list(unit.iter(_x("data"))), checker, "<data>")
    for element in unit.iter(f"{{{'urn:oasis:names:tc:xliff:validation:2.0'}}}*"):
        if etree.QName(element).localname not in _VALIDATION_ELEMENTS:
            checker.problem(element, f"the Validation module has no element {etree.QName(element).localname!r}")
    for data in unit.iter(_x("data")):
        for child in data:
            _check_cp(child, checker)
    for segment in unit.iter(_x("segment")):
        if segment.get("subState") is not None and segment.get("state") is None:
            checker.problem(segment, "subState without state; add state")
    orders = {}
    for position, part in enumerate(parts, 1):
        target = part.find(_x("target"))
        if target is not None:
            order = int(target.get("order", position))
            if order > len(parts) or order in orders:
                checker.problem(target, f"<target> order {order} is {'taken' if order in orders else 'out of range'}")
            orders[order] = target
    for side in ("source", "target"):
        inline = [element for part in parts for content in part.iterchildren(_x(side))
                  for element in content.iter() if element is not content and isinstance(element.tag, str)]
        ids = [part for part in parts if side == "source"] + [e for e in inline if e.get("id") is not None]
        _duplicates(ids, checker, "inline or segment")
        _check_inline(unit, inline, data_ids, unit_ids, checker)
    _check_non_removable(parts, checker)
    _check_reordering(parts, checker)


def _check_cp(element: etree._Element, checker: _Checker) -> None:
    if element.tag == _x("cp"):
        code = int(element.get("hex"), 16)
        if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
            checker.problem(element, f"<cp hex={element.get('hex')!r}> is a character XML allows; write it as text")


def _check_inline(unit: etree._Element, inline: list[etree._Element], data_ids: set[str], unit_ids: set[str],
                  checker: _Checker) -> None:
    by_id = {element.get("id"): element for element in inline if element.get("id") is not None}
    starts: set[str] = set()
    for element in inline:
        name = etree.QName(element).localname
        _check_cp(element, checker)
        for attribute in ("dataRef", "dataRefStart", "dataRefEnd"):
            if element.get(attribute) is not None and element.get(attribute) not in data_ids:
                checker.problem(element, f"<{name}> {attribute}={element.get(attribute)!r} names no <data> of the unit")
        for attribute in ("subFlows", "subFlowsStart", "subFlowsEnd"):
            for flow in (element.get(attribute) or "").split():
                if flow not in unit_ids:
                    checker.problem(element, f"<{name}> {attribute} names {flow!r}, no unit of the file")
        if element.get("subType") is not None:
            kind = _SUBTYPES.get(element.get("subType"))
            if element.get("type") is None or (element.get("subType").startswith("xlf:") and kind != element.get("type")):
                checker.problem(element, f"<{name}> subType {element.get('subType')!r} does not go with type "
                                         f"{element.get('type')!r}")
        copied = element.get("copyOf")
        if copied is not None:
            original = by_id.get(copied)
            if original is None or etree.QName(original).localname not in _CODES:
                checker.problem(element, f"<{name}> copyOf={copied!r} names no code of the unit")
            elif original.get("canCopy") == "no":
                checker.problem(element, f"<{name}> copies {copied!r}, which has canCopy=\"no\"")
            if any(element.get(a) for a in ("dataRef", "dataRefStart", "dataRefEnd")):
                checker.problem(element, f"<{name}> has both copyOf and original data")
        if element.get(f"{{{FS}}}fs") is not None and name == "ec" and element.get("isolated") != "yes":
            checker.problem(element, "fs:fs on a non-isolated <ec>; put it on the <sc>")
        reorder = element.get("canReorder")
        if reorder in ("no", "firstNo") and (element.get("canCopy") != "no" or element.get("canDelete") != "no"):
            if name != "ec":
                checker.problem(element, f"<{name}> canReorder={reorder!r} needs canCopy and canDelete \"no\"")
        if name in ("sc", "sm"):
            starts.add(element.get("id"))
            ends = [e for e in inline if e.get("startRef") == element.get("id")
                    and etree.QName(e).localname == ("ec" if name == "sc" else "em")]
            if element.get("isolated") == "yes" and ends:
                checker.problem(element, f"<sc id={element.get('id')!r} isolated=\"yes\"> has an <ec> in the unit")
            elif element.get("isolated") != "yes" and not ends:
                checker.problem(element, f"<{name} id={element.get('id')!r}> has no matching end in the unit")
            for end in ends:
                for attribute in ("canCopy", "canDelete", "canOverlap"):
                    if element.get(attribute, "yes") != end.get(attribute, "yes"):
                        checker.problem(end, f"<ec> {attribute} differs from its <sc>'s")
                expected = "no" if element.get("canReorder") == "firstNo" else element.get("canReorder", "yes")
                if name == "sc" and end.get("canReorder", "yes") != expected:
                    checker.problem(end, f"<ec> canReorder should be {expected!r} as its <sc>'s")
        if name in ("ec", "em"):
            start = element.get("startRef")
            if name == "ec" and element.get("isolated") == "yes":
                if start is not None or element.get("id") is None:
                    checker.problem(element, "an isolated <ec> has an id and no startRef")
            elif start is None:
                checker.problem(element, f"<{name}> without startRef must be isolated=\"yes\" with an id")
            elif start not in starts:
                checker.problem(element, f"<{name}> startRef={start!r} names no <{'sc' if name == 'ec' else 'sm'}> before it")
        if name in ("mrk", "sm"):
            _check_annotation(unit, element, checker)


def _check_annotation(unit: etree._Element, element: etree._Element, checker: _Checker) -> None:
    reference, value = element.get("ref"), element.get("value")
    if element.get("type") == "comment":
        if (reference is None) == (value is None):
            checker.problem(element, "a comment annotation has either a value or a ref to a note, one of them")
    if reference is None or not reference.startswith("#"):
        return
    parts = _fragment(reference[1:])
    if parts is None:
        checker.problem(element, f"ref={reference!r} is no valid XLIFF fragment identifier")
    elif element.get("type") == "comment":
        notes = {note.get("id") for notes in unit.iterchildren(_x("notes")) for note in notes}
        leaf = parts[-1]
        scope_ok = all(prefix in ("f", "u") for prefix, _ in parts[:-1]) and (len(parts) == 1 or "u" in dict(parts))
        if leaf[0] != "n" or leaf[1] not in notes or not scope_ok:
            checker.problem(element, f"ref={reference!r} names no note of this unit")


def _fragment(text: str) -> list[tuple[str, str]] | None:
    """The ``(prefix, id)`` parts of an XLIFF fragment identifier, or None when it breaks the
    syntax: ``f`` first, then ``g``s, ``u``, and one leaf last, no prefix twice."""
    pieces = text.removeprefix("/").split("/")
    parts = []
    for piece in pieces:
        prefix, equals, value = piece.partition("=")
        if not equals:
            if len(pieces) > 1 or not _NMTOKEN.fullmatch(piece):
                return None
            parts.append(("", piece))
        elif prefix not in _FRAGMENT_PREFIXES | _MODULE_PREFIXES or not _NMTOKEN.fullmatch(value):
            return None
        else:
            parts.append((prefix, value))
    rank = {"f": 0, "g": 1, "u": 2}
    ranks = [rank.get(prefix, 3) for prefix, _ in parts]
    if ranks != sorted(ranks) or ranks.count(3) > 1 or (3 in ranks and ranks[-1] != 3):
        return None
    if any(ranks.count(r) > 1 for r in (0, 2)):
        return None
    return parts


def _codes_in(content: etree._Element | None) -> list[tuple[str, str, etree._Element]]:
    """The inline codes of a source or target as events: (id, 's'/'e'/'p', element)."""
    events = []
    if content is None:
        return events
    def walk(element: etree._Element) -> None:
        for child in element:
            name = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if name == "pc":
                events.append((child.get("id"), "s", child))
                walk(child)
                events.append((child.get("id"), "e", child))
            elif name in ("ph", "sc"):
                events.append((child.get("id"), "p", child))
            elif name == "ec":
                events.append((child.get("startRef") or child.get("id"), "e", child))
            elif name == "mrk":
                walk(child)
    walk(content)
    return events


def _check_non_removable(parts: list[etree._Element], checker: _Checker) -> None:
    """Codes with canDelete="no" must be in the targets when the unit has any."""
    targets = [part.find(_x("target")) for part in parts]
    if all(target is None for target in targets):
        return
    in_targets = {(code, kind) for target in targets for code, kind, _ in _codes_in(target)}
    for part in parts:
        for code, kind, element in _codes_in(part.find(_x("source"))):
            if element.get("canDelete") == "no" and (code, kind) not in in_targets and part.find(_x("target")) is not None:
                checker.problem(element, f"code {code!r} has canDelete=\"no\" but is missing from the target")


def _check_reordering(parts: list[etree._Element], checker: _Checker) -> None:
    """A run of codes that cannot be reordered starts with canReorder="firstNo", and the
    targets keep it whole and in order."""
    for part in parts:
        events = _codes_in(part.find(_x("source")))
        runs, current = [], None
        for event in events:
            reorder = event[2].get("canReorder", "yes")
            if event[1] == "e" and event[2].tag == _x("pc"):
                reorder = "no" if reorder in ("no", "firstNo") else reorder
            if reorder == "firstNo" and event[1] != "e":
                current = [event[:2]]
                runs.append(current)
            elif reorder in ("no", "firstNo") and current is not None:
                current.append(event[:2])
            elif reorder == "no" and event[1] != "e":
                checker.problem(event[2], "a run of codes with canReorder=\"no\" must start with one of \"firstNo\"")
            else:
                current = None
        target = part.find(_x("target"))
        if target is None:
            continue
        target_events = [event[:2] for event in _codes_in(target)]
        for run in runs:
            if not any(target_events[i:i + len(run)] == run for i in range(len(target_events))):
                checker.problem(target, f"the codes {', '.join(code for code, _ in run)} cannot be reordered "
                                        "but are not together and in order in the target")
