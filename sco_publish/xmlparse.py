"""Safe XML parsing: no DTDs, no entity expansion, no network; errors with file:line:col."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from sco_publish.errors import Location, UserError

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"


# A DOCTYPE can only stand in the prolog: after the declaration, comments and processing instructions.
_PROLOG_DOCTYPE = re.compile(rb"(?:\s|<\?.*?\?>|<!--.*?-->)*<!DOCTYPE", re.DOTALL)
# A DOCTYPE that only names an external DTD (never loaded here), as CAT tools write for TMX and TBX:
# without an internal subset it declares no entities.
_LITERAL = rb"(?:\"[^\"]*\"|'[^']*')"
_EXTERNAL_DOCTYPE = re.compile(
    rb"\s+[\w.:-]+(?:\s+(?:SYSTEM\s+" + _LITERAL + rb"|PUBLIC\s+" + _LITERAL + rb"\s+" + _LITERAL + rb"))?\s*>")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        collect_ids=False,  # duplicate IDs are reported by check_text, with a hint
    )


def parse_xml(path: Path, external_doctype: bool = False) -> etree._ElementTree:
    """Parse ``path``; a DOCTYPE (the carrier of XXE and billion-laughs payloads) is refused,
    except, with ``external_doctype``, one that only names an external DTD."""
    return parse_xml_bytes(read_xml_bytes(path), path, external_doctype)


def read_xml_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError(path, f"cannot read: {error.strerror}") from None


def parse_xml_bytes(data: bytes, path: Path, external_doctype: bool = False) -> etree._ElementTree:
    """Parse ``data``, the bytes of the file ``path``, as ``parse_xml`` does."""
    doctype = _PROLOG_DOCTYPE.match(data)
    if doctype and not (external_doctype and _EXTERNAL_DOCTYPE.match(data, doctype.end())):
        raise UserError(
            Location(path, data.count(b"\n", 0, doctype.end()) + 1, 1),
            "DOCTYPE declarations are not allowed (entities and DTDs are never expanded); remove it",
        )
    try:
        return etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = error.msg or "not well-formed XML"
        raise UserError(Location(path, line, column), f"malformed XML: {message}") from None


def validate_with_relaxng(tree: etree._ElementTree, schema: etree.RelaxNG, path: Path) -> list[UserError]:
    """All RELAX NG errors of ``tree`` as located user errors."""
    if schema.validate(tree):
        return []
    return [
        UserError(Location(path, entry.line, entry.column or 1), f"schema: {entry.message}")
        for entry in schema.error_log
    ]


def load_schema(name: str) -> etree.RelaxNG:
    schema_path = Path(__file__).with_name("schemas") / name
    return etree.RelaxNG(etree.parse(str(schema_path), _parser()))
