"""Safe XML parsing: no DTDs, no entity expansion, no network; errors with file:line:col."""

from __future__ import annotations

import codecs
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

# How a document that is not in UTF-8 starts (XML 1.0, appendix F): a byte-order mark, or
# "<?" of the declaration in two or four bytes a character. UTF-32 before UTF-16: FF FE 00 00.
_WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF16_LE, "utf-16"),
    (b"\0\0\0<", "utf-32-be"), (b"<\0\0\0", "utf-32-le"),
    (b"\0<\0?", "utf-16-be"), (b"<\0?\0", "utf-16-le"),
)
_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']*)[\"']")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}
_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+$")  # lxml's; ours comes first, as path:line:col


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        encoding="utf-8",  # what ``as_utf8`` made of the file, whatever its declaration says
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
    """Parse ``data``, the bytes of the file ``path``, as ``parse_xml`` does. The DOCTYPE is
    looked for in the characters the parser will read: libxml2 reads an external DTD or
    parameter entity even with ``load_dtd=False``, so it must never see one."""
    data = as_utf8(data, path)
    doctype = _PROLOG_DOCTYPE.match(data)
    if doctype:
        external = _EXTERNAL_DOCTYPE.match(data, doctype.end()) if external_doctype else None
        if not external:
            raise UserError(
                Location(path, data.count(b"\n", 0, doctype.end()) + 1, 1),
                "DOCTYPE declarations are not allowed (entities and DTDs are never expanded); remove it",
            )
        data = _blank_out(data, doctype.end() - len(b"<!DOCTYPE"), external.end())
    try:
        return etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise UserError(Location(path, line, column), f"malformed XML: {_syntax_message(error)}") from None


def _blank_out(data: bytes, start: int, end: int) -> bytes:
    """``data`` with the bytes from ``start`` to ``end`` turned into spaces, line feeds kept
    (so positions stay right): an external DOCTYPE is accepted but never reaches libxml2,
    which would open the DTD it names even with ``load_dtd=False``."""
    return data[:start] + re.sub(rb"[^\n]", b" ", data[start:end]) + data[end:]


def as_utf8(data: bytes, path: Path) -> bytes:
    """The XML document ``data`` (of the file ``path``) in UTF-8 without a byte-order mark.
    UTF-16 and UTF-32 are converted; a declared encoding other than UTF-8 is refused, so
    that nothing the parser reads can differ from what was checked."""
    codec = wide_encoding(data)
    if codec:
        try:
            return data.decode(codec).encode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
            raise UserError(Location(path, line, 1), f"not valid {codec.upper()}; save the text as UTF-8") from None
    data = data.removeprefix(codecs.BOM_UTF8)
    declared = _DECLARED_ENCODING.match(data)
    if declared and declared.group(1).decode("ascii", errors="replace").lower() not in _UTF8_NAMES:
        raise UserError(
            Location(path, 1, 1),
            f"declares encoding {declared.group(1).decode('ascii', errors='replace')!r} but is read as UTF-8 "
            "(only UTF-8, UTF-16 and UTF-32 texts are read); save it as UTF-8",
        )
    return data


def wide_encoding(data: bytes) -> str | None:
    """The codec of an XML document in UTF-16 or UTF-32 (by its first bytes), else None."""
    return next((codec for mark, codec in _WIDE_ENCODINGS if data.startswith(mark)), None)


def _syntax_message(error: etree.XMLSyntaxError) -> str:
    """libxml2's message on one line, without the position lxml appends."""
    message = _POSITION_SUFFIX.sub("", " ".join((error.msg or "").split())).strip(" ,")
    if "XML_PARSE_HUGE" in message:
        return "a text or attribute is longer than 10,000,000 bytes; shorten it"
    return message or "not well-formed"


def validate_with_relaxng(tree: etree._ElementTree, schema: etree.RelaxNG, path: Path) -> list[UserError]:
    """The RELAX NG errors of ``tree`` as located user errors: one per line (libxml2 follows
    a bad value with "Error validating datatype" and "failed to validate content" there),
    a long value quoted in it shortened."""
    if schema.validate(tree):
        return []
    first_per_line = {}
    for entry in schema.error_log:
        first_per_line.setdefault(entry.line, entry)
    return [
        UserError(Location(path, entry.line, entry.column or 1), f"schema: {_LONG_QUOTE.sub(_shorten, entry.message)}")
        for entry in first_per_line.values()
    ]


_LONG_QUOTE = re.compile(r"'([^']{40})[^']{20,}(?:'|$)")  # libxml2 cuts a message at 1,000 bytes


def _shorten(quote: re.Match[str]) -> str:
    return f"'{quote.group(1)}…'"


def load_schema(name: str) -> etree.RelaxNG:
    schema_path = Path(__file__).with_name("schemas") / name
    return etree.RelaxNG(etree.parse(str(schema_path), _parser()))
