"""Hyphens the layout adds at a line end, drawn as before but extracted as soft hyphens (U+00AD).

WeasyPrint 70 draws the hyphen it adds where it hyphenates a word (``hyphenate-character``,
U+2010) with a glyph whose ToUnicode entry is U+2010, so copied and extracted text carries
"сотруд‐" / "ничества": a hyphen no reader, search or screen reader can tell from one the
author wrote.  PDF represents such an incidental hyphen as U+00AD SOFT HYPHEN (ISO 32000-1,
14.8.2.2.3), here with a marked-content span whose ``/ActualText`` (14.9.4) is U+00AD around
just that glyph: the glyph is still drawn, and an extractor reads "сотруд\u00ad" / "ничества".
Hyphens the text carries (U+002D, U+2010) keep their own characters.

:func:`install` wraps two WeasyPrint functions once per process:

* ``weasyprint.layout.inline.split_text_box``: a line's piece of text records whether its
  text ends with a hyphen the layout added (what it shows is not the text it was cut from);
* ``weasyprint.draw.text.draw_first_line``: for such a piece, the last glyph of the text
  operator it wrote, once Pango confirms that glyph is the hyphen, moves into a ``TJ`` of its
  own inside the span (a text object may hold marked content; the position carries over).
"""

from __future__ import annotations

from functools import wraps

from weasyprint.draw import text as weasyprint_text
from weasyprint.layout import inline
from weasyprint.text.ffi import ffi

_INSTALLED = "_sco_publish_soft_hyphens"
_ADDED_HYPHEN = "sco_added_hyphen"  # on a TextBox: its text ends with a hyphen the layout added
SOFT_HYPHEN_SPAN = b"/Span <</ActualText <FEFF00AD>>> BDC"  # U+00AD in UTF-16BE


def install() -> None:
    """Mark added hyphens while laying out and wrap them while drawing (idempotent)."""
    if getattr(weasyprint_text, _INSTALLED, False):
        return
    inline.split_text_box = _recording_added_hyphens(inline.split_text_box)
    weasyprint_text.draw_first_line = _soft_hyphen_at_line_end(weasyprint_text.draw_first_line)
    setattr(weasyprint_text, _INSTALLED, True)


def ends_with_added_hyphen(box) -> bool:
    """Whether a line's piece of text (a TextBox) ends with a hyphen the layout added."""
    return getattr(box, _ADDED_HYPHEN, False)


def _recording_added_hyphens(split_text_box):
    @wraps(split_text_box)
    def wrapper(context, box, available_width, skip, *args, **kwargs):
        new_box, resume_at, preserved_line_break = split_text_box(context, box, available_width, skip, *args, **kwargs)
        if new_box is not None:
            hyphen = new_box.style["hyphenate_character"]
            # Set on every piece, as copies of a box carry its attributes; an added hyphen makes
            # the piece's text differ from the text it was cut from (``skip`` counts UTF-8 bytes).
            setattr(new_box, _ADDED_HYPHEN, bool(hyphen) and new_box.text.endswith(hyphen)
                    and not box.text.encode()[skip:].startswith(new_box.text.encode()))
        return new_box, resume_at, preserved_line_break
    return wrapper


def _soft_hyphen_at_line_end(draw_first_line):
    @wraps(draw_first_line)
    def wrapper(stream, textbox, *args, **kwargs):
        emojis = draw_first_line(stream, textbox, *args, **kwargs)
        if ends_with_added_hyphen(textbox) and stream.stream and isinstance(stream.stream[-1], bytes):
            glyph = _last_glyph_if_hyphen(textbox)
            split = glyph and _split_off_last_glyph(stream.stream[-1], glyph)
            if split:
                before, hyphen = split
                stream.stream[-1:] = [*before, SOFT_HYPHEN_SPAN, hyphen, b"EMC"]
        return emojis
    return wrapper


def _last_glyph_if_hyphen(textbox) -> bytes | None:
    """The glyph ID (as draw_first_line writes it) of the line's last glyph, if that glyph is
    exactly the hyphenate character (not a ligature, not the first of several glyphs; in a
    right-to-left line the last glyph is not the logical end, so nothing is found)."""
    line, _ = textbox.pango_layout.get_first_line()
    node, glyph_item = line.runs, None
    while node != ffi.NULL:
        glyph_item, node = node.data, node.next
    if glyph_item is None:
        return None
    glyphs, item = glyph_item.glyphs, glyph_item.item
    last = glyphs.num_glyphs - 1
    if last < 0:
        return None
    start = item.offset + glyphs.log_clusters[last]
    text = textbox.pango_layout.text.encode()[start:item.offset + item.length]
    if text != textbox.style["hyphenate_character"].encode():
        return None
    return f"{glyphs.glyphs[last].glyph:04x}".encode()


def _split_off_last_glyph(operation: bytes, glyph: bytes) -> tuple[list[bytes], bytes] | None:
    """``[<…glyph>n] TJ`` as the operators before the last glyph (none if it was alone) and one
    ``TJ`` showing only that glyph; None if the operation does not end with ``glyph``."""
    if not operation.endswith(b"] TJ"):
        return None
    opening, closing = operation.rfind(b"<"), operation.rfind(b">")
    if not 0 < opening < closing or not operation[opening + 1:closing].endswith(glyph):
        return None
    rest = operation[opening + 1:closing - len(glyph)]
    before = operation[:opening] + (b"<" + rest + b">" if rest else b"")
    hyphen = b"[<" + glyph + b">" + operation[closing + 1:]
    return ([before + b"] TJ"] if before != b"[" else []), hyphen
