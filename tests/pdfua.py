"""The machine-checkable PDF/UA-1 rules (ISO 14289-1) our editions can break, read with pikepdf.

No validator installs here: veraPDF is Java and in none of the registries we reach, and the
PyPI ``pdfua`` package (0.1.3, 16 of 106 rules) passed a bilingual edition whose English
passages had no language tag and whose running heads were tagged as content.  So the tests
check these rules themselves, on every PDF a build makes:

- 5 and 7.1-8: XMP metadata with ``pdfuaid:part`` 1 and a ``dc:title``;
- 6.2 and 7.1-11: ``/MarkInfo /Marked true`` and a structure tree;
- 7.1-3: every piece of page content (text, paths, images) is either an artifact or marked
  content whose MCID leads, through the parent tree, to an element that is in the tree
  (WeasyPrint's margin boxes had elements that were not);
- 7.1-9/10: a document title shown in the window's title bar;
- 7.2: a natural language for the document, and a well-formed one wherever ``/Lang`` is given;
- 7.3: every ``/Figure`` has alternative text;
- 7.5: every ``/TH`` has a ``/Scope`` (Row, Column or Both);
- 7.18.1/3: annotations are in the structure (``/StructParent``) and pages with them have ``/Tabs /S``;
- 7.21.4.1: every font used on a page is embedded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # BCP 47, enough for our tags
PAINTING = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "BI"}
SCOPES = {"/Row", "/Column", "/Both"}


@dataclass(frozen=True)
class Element:
    """A structure element with the language in effect for it (its own /Lang or inherited)."""

    obj: pikepdf.Dictionary
    kind: str  # "/P", "/TH", …
    lang: str


def elements(pdf: pikepdf.Pdf) -> Iterator[Element]:
    """Every structure element in the tree, depth first, in reading order."""
    root = pdf.Root.StructTreeRoot
    stack = [(kid, str(pdf.Root.get("/Lang", ""))) for kid in reversed(_kids(root))]
    while stack:
        node, inherited = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") == "/OBJR" or node.get("/Type") == "/MCR":
            continue
        lang = str(node.get("/Lang", inherited))
        yield Element(node, str(node.get("/S")), lang)
        stack += [(kid, lang) for kid in reversed(_kids(node))]


def _kids(node: pikepdf.Dictionary) -> list:
    kids = node.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]


def problems(path: Path) -> list[str]:
    """What breaks the rules above, one line each; empty when nothing does."""
    found = []
    with pikepdf.open(path) as pdf:
        with pdf.open_metadata() as xmp:
            if xmp.get("pdfuaid:part") != "1":
                found.append("5: XMP has no pdfuaid:part 1")
            if not xmp.get("dc:title"):
                found.append("7.1-8: XMP has no dc:title")
        root = pdf.Root
        if not (root.get("/MarkInfo") and root.MarkInfo.get("/Marked") is True):
            found.append("6.2: /MarkInfo /Marked is not true")
        if "/StructTreeRoot" not in root:
            return found + ["7.1-11: no structure tree"]
        if not (root.get("/ViewerPreferences") and root.ViewerPreferences.get("/DisplayDocTitle") is True):
            found.append("7.1-10: /DisplayDocTitle is not true")
        if not str(pdf.docinfo.get("/Title", "")).strip():
            found.append("7.1-9: no document title")
        if not LANGUAGE_TAG.match(str(root.get("/Lang", ""))):
            found.append(f"7.2: document language {root.get('/Lang')!r} is not a language tag")
        in_tree = set()
        for element in elements(pdf):
            in_tree.add(element.obj.objgen)
            if "/Lang" in element.obj and not LANGUAGE_TAG.match(str(element.obj.Lang)):
                found.append(f"7.2: {element.kind} has /Lang {str(element.obj.Lang)!r}")
            if element.kind == "/Figure" and "/Alt" not in element.obj and "/ActualText" not in element.obj:
                found.append("7.3: a /Figure without /Alt")
            if element.kind == "/TH":
                attributes = element.obj.get("/A")
                scope = attributes.get("/Scope") if isinstance(attributes, pikepdf.Dictionary) else None
                if str(scope) not in SCOPES:
                    found.append(f"7.5: a /TH without /Scope (has {scope})")
        found += _content_problems(pdf, in_tree)
    return found


def _content_problems(pdf: pikepdf.Pdf, in_tree: set[tuple[int, int]]) -> list[str]:
    found = []
    parents = _parent_tree(pdf)
    for number, page in enumerate(pdf.pages, start=1):
        if page.obj.get("/Annots") and page.obj.get("/Tabs") != "/S":
            found.append(f"7.18.3: page {number} has annotations but no /Tabs /S")
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Popup" and "/StructParent" not in annotation:
                found.append(f"7.18.1: page {number}: a {annotation.get('/Subtype')} annotation outside the structure")
        for font in _fonts(page):
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            if font.get("/Subtype") != "/Type3" and not (
                    descriptor and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))):
                found.append(f"7.21.4.1: page {number}: font {font.get('/BaseFont')} is not embedded")
        page_parents = parents.get(page.obj.get("/StructParents"), [])
        marks: list[str] = []  # open marked-content sequences: "artifact", "tagged" or "other"
        untagged = outside = 0
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                tag = str(operands[0])
                properties = operands[1] if name == "BDC" else None
                if tag == "/Artifact":
                    marks.append("artifact")
                elif isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                    mcid = int(properties.MCID)
                    element = page_parents[mcid] if mcid < len(page_parents) else None
                    if not isinstance(element, pikepdf.Dictionary) or element.objgen not in in_tree:
                        outside += 1
                    marks.append("tagged")
                else:
                    marks.append("other")
            elif name == "EMC" and marks:
                marks.pop()
            elif name in PAINTING and not ({"artifact", "tagged"} & set(marks)):
                untagged += 1
        if untagged:
            found.append(f"7.1-3: page {number}: {untagged} painting operations neither tagged nor artifacts")
        if outside:
            found.append(f"7.1-3: page {number}: {outside} marked-content sequences whose element is not in the structure tree")
    return found


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, list]:
    """StructParents number → the elements of its MCIDs (WeasyPrint writes a flat /Nums)."""
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", [])
    return {int(nums[i]): list(nums[i + 1]) for i in range(0, len(nums), 2) if isinstance(nums[i + 1], pikepdf.Array)}


def _fonts(page: pikepdf.Page) -> Iterator[pikepdf.Dictionary]:
    resources = page.obj.get("/Resources", {})
    yield from resources.get("/Font", {}).values()
    for xobject in resources.get("/XObject", {}).values():
        yield from xobject.get("/Resources", {}).get("/Font", {}).values()


def text_languages(path: Path) -> list[tuple[str, str]]:
    """Every piece of tagged text with the language in effect for it: the text as poppler's
    ``pdfinfo -struct-text`` reads the structure tree, the language from ours (both walk the
    tree depth first; poppler also lists annotations' object references and, after a
    colon, an element's attributes (``/Headers …``), which we skip)."""
    import subprocess

    lines = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    with pikepdf.open(path) as pdf:
        languages = iter(element.lang for element in elements(pdf))
    result, lang = [], ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith('"'):
            result.append((stripped[1:-1], lang))
        elif not stripped.startswith("/") and stripped.split()[0] != "Object":
            lang = next(languages)
    return result
