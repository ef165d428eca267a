"""Line-breaking rules a typesetter keeps and WeasyPrint 70 does not, added to its inline layout.

WeasyPrint breaks lines one at a time, with no memory of the lines before, and justifies by
stretching spaces only.  So:

* **Words that are never hyphenated** (names of the glossary, parts of web addresses,
  numbers: the words :func:`typeset <sco_publish.editions.typography.typeset>` marks).
  ``hyphens: none`` on a span of its own would do, but WeasyPrint 70 then breaks the text
  after a span it cannot hyphenate badly (a line of three words spread across the measure);
  so the PDF gets the text without those spans, each of their words followed by an invisible
  word joiner (U+2060, which WeasyPrint keeps in the word it hands to Pyphen), and the Pyphen
  dictionary WeasyPrint looks up in its layout context offers no hyphenation point in a
  word that carries one.  The same word elsewhere in the text is hyphenated as usual.

* **At most two hyphenated line ends in a row** (CSS ``hyphenate-limit-lines``, which WeasyPrint
  does not parse).  Every line a paragraph makes is remembered by where the next one resumes;
  after two hyphenated lines, the next line is broken with ``hyphens: manual``.  Keys are the
  paragraph's box and the resume point, so a paragraph laid out again (a page break tried
  twice) or continued on the next page gets the same answer.
* **Loose lines take a little letter spacing** (a typesetter's tracking, which WeasyPrint,
  justifying by word spaces only, does not do).  A justified line whose word spaces would
  stretch past :data:`MAX_WORD_SPACE` of the font's space takes the rest of its free width
  as letter spacing, up to the paragraph's ``--justify-tracking`` (em; templates set it from
  ``tracking`` in languages.toml), and only then stretches its spaces further.  Only scripts
  typesetters track (Latin, Greek, Cyrillic); the width is computed, not laid out again.
* **Chinese lines justified between characters** (CSS ``text-justify: inter-character``, the
  behaviour CSS asks of ``auto`` for CJK text).  A justified line in a Chinese paragraph has
  its free width shared out as letter spacing between its characters instead of between
  spaces, which Chinese text has none of.

:func:`install` wraps WeasyPrint's ``get_next_linebox``, ``split_first_line`` and
``justify_line`` (module functions of ``weasyprint.layout.inline``) once per process; every
other line is laid out exactly as WeasyPrint does.
"""

from __future__ import annotations

import re
from functools import wraps

import pyphen
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import TO_UNITS
from weasyprint.text.line_break import create_layout, line_size

from sco_publish.editions.hyphens import ends_with_added_hyphen, install as install_soft_hyphens
from sco_publish.editions.typography import CJK_CHARACTERS, WORD_JOINER

MAX_HYPHENATED_LINES = 2
# A loose justified line: its word spaces stretch up to MAX_WORD_SPACE times the font's
# space (a typesetter's maximum word space, 133%); the rest of its free width goes to letter
# spacing, up to the style's TRACKING (CSS --justify-tracking, in em; none unless set), and
# only then to the word spaces again.
MAX_WORD_SPACE = 4 / 3
TRACKING = "__justify_tracking"  # WeasyPrint's key for the custom property --justify-tracking
# Scripts justified between characters: Han, Kana, Hangul and CJK punctuation.
_INTER_CHARACTER = re.compile(f"[{CJK_CHARACTERS}]")
# Where Pango's letter spacing is not one step per character: it sets letter-spaced text
# without ligatures (in our fonts: Latin f-ligatures, the Chinese two-em dash ——), and
# zero-width and combining characters.
_UNEVENLY_SPACED = re.compile(r"f[fil]|\u2014\u2014|[\u0300-\u036f\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
# Scripts typesetters do not letter-space (their letters join, or they are not alphabets):
# everything after Armenian but phonetic extensions, Latin and Greek additions and symbols.
_UNTRACKED = re.compile(r"[^\u0000-\u058f\u1d00-\u2bff]")
_INSTALLED = "_sco_publish_installed"


class _Hyphenator(pyphen.Pyphen):
    """Pyphen's dictionary, with no hyphenation point in a word that carries a word joiner
    (the words typography.mark_unhyphenated protects: names, web addresses, numbers)."""

    def iterate(self, word: str):
        if WORD_JOINER in word:
            return iter(())
        return super().iterate(word)


def install() -> None:
    """Add the rules to WeasyPrint's inline layout (idempotent), with hyphens.py's, whose
    record of the hyphens the layout adds the count of hyphenated lines reads."""
    install_soft_hyphens()
    if getattr(inline, _INSTALLED, False):
        return
    inline.get_next_linebox = _limit_hyphenated_runs(inline.get_next_linebox)
    inline.split_first_line = _pausable_hyphenation(inline.split_first_line)
    inline.justify_line = _justify(inline.justify_line)
    setattr(inline, _INSTALLED, True)


def _limit_hyphenated_runs(get_next_linebox):
    @wraps(get_next_linebox)
    def wrapper(context, linebox, position_y, bottom_space, skip_stack, *args, **kwargs):
        runs = context.__dict__.setdefault("sco_hyphenated_runs", {})
        run = runs.get((id(linebox), repr(skip_stack)), 0)
        context.sco_hyphenation_paused = run >= MAX_HYPHENATED_LINES
        try:
            line, resume_at = get_next_linebox(context, linebox, position_y, bottom_space, skip_stack, *args, **kwargs)
        finally:
            context.sco_hyphenation_paused = False
        if line is not None and resume_at is not None:
            runs[(id(linebox), repr(resume_at))] = run + 1 if _ends_hyphenated(line) else 0
        return line, resume_at
    return wrapper


def _pausable_hyphenation(split_first_line):
    @wraps(split_first_line)
    def wrapper(text, style, context, *args, **kwargs):
        if style["hyphens"] == "auto":
            if getattr(context, "sco_hyphenation_paused", False):
                style = style.copy()
                style["hyphens"] = "manual"  # soft hyphens a text carries still count
            else:
                _protect_words(context, style)
        return split_first_line(text, style, context, *args, **kwargs)
    return wrapper


def _protect_words(context, style) -> None:
    """Put the protecting dictionary where WeasyPrint looks for the style's dictionary
    (``context.dictionaries``, keyed by language and ``hyphenate-limit-chars``)."""
    lang = style["lang"] and pyphen.language_fallback(style["lang"])
    if not lang:
        return
    total, left, right = style["hyphenate_limit_chars"]
    key = (lang, left, right, total)
    if not isinstance(context.dictionaries.get(key), _Hyphenator):
        context.dictionaries[key] = _Hyphenator(lang=lang, left=left, right=right)


def _ends_hyphenated(box) -> bool:
    """Whether the line's last piece of text ends with the hyphen hyphenation added."""
    last = _last_text_box(box)
    return last is not None and ends_with_added_hyphen(last)


def _last_text_box(box):
    if isinstance(box, boxes.TextBox):
        return box
    for child in reversed(getattr(box, "children", ())):
        found = _last_text_box(child)
        if found is not None:
            return found
    return None


def _justify(justify_line):
    @wraps(justify_line)
    def wrapper(context, line, extra_width):
        texts = list(_text_boxes(line))
        gaps = sum(len(box.text) for box in texts) - 1
        if gaps > 0 and any(_INTER_CHARACTER.search(box.text) for box in texts):
            _letter_space(context, line, extra_width / gaps)
            return
        tracking = _loose_tracking(context, texts, extra_width, inline.count_expandable_spaces(line), gaps)
        if tracking:  # WeasyPrint counts spacing after the last character, which Pango does not set
            extra_width -= _letter_space(context, line, tracking, lay_out=False) - tracking
        justify_line(context, line, extra_width)
    return wrapper


def _loose_tracking(context, texts, extra_width: float, spaces: int, gaps: int) -> float:
    """Letter spacing for a loose line (of text boxes ``texts``): the width its word spaces
    would take beyond :data:`MAX_WORD_SPACE` of the font's space, shared between its
    characters, up to the style's ``--justify-tracking``."""
    style = texts[0].style if texts else None
    limit = _tracking_limit(style) if spaces and gaps > 0 else 0.0
    if not limit or any(_UNTRACKED.search(box.text) for box in texts):
        return 0.0
    space = _font_space(context, style)
    beyond = extra_width - spaces * (MAX_WORD_SPACE * space - space - style["word_spacing"])
    return min(beyond / gaps, limit) if beyond > 0 else 0.0


def _tracking_limit(style) -> float:
    """CSS ``--justify-tracking`` (a number of em, or a length in em) in the style's units."""
    for token in style[TRACKING] or ():
        if token.type == "number" or (token.type == "dimension" and token.lower_unit == "em"):
            return token.value * style["font_size"]
    return 0.0


def _font_space(context, style) -> float:
    """The width of a word space in the style's font (measured once per font and size)."""
    key = (tuple(style["font_family"]), style["font_size"], style["font_weight"], style["font_style"],
           style["font_stretch"], style["lang"])
    widths = context.__dict__.setdefault("sco_space_widths", {})
    if key not in widths:
        plain = style.copy()
        plain["word_spacing"], plain["letter_spacing"] = 0, "normal"
        layout = create_layout(" ", plain, context, max_width=None, justification_spacing=0)
        widths[key], _ = line_size(layout.get_first_line()[0], plain)
        layout.deactivate()
    return widths[key]


def _text_boxes(box):
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _letter_space(context, box, spacing: float, x_advance: float = 0, lay_out: bool = True) -> float:
    """Add ``spacing`` after every character of the line's text, moving what follows; returns
    how far the line's end moved as WeasyPrint counts widths (with spacing after the last
    character too, which Pango does not set: the text ends ``spacing`` short of that).
    Widths are computed, not measured, except where Pango's letter spacing is not even (it
    drops ligatures; zero-width and combining characters).  ``lay_out=False``: a text box
    with spaces keeps its layout, which ``justify_line`` makes again from the box's style."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        letter_spacing = 0 if box.style["letter_spacing"] == "normal" else box.style["letter_spacing"]
        style = box.style.copy()  # drawing lays the text out again from the box's style
        style["letter_spacing"] = letter_spacing + spacing
        # Pango: the spacing in its units between characters; WeasyPrint's line_size: once more
        width = box.width + spacing + (len(box.text) - 1) * (
            int(style["letter_spacing"] * TO_UNITS) - int(letter_spacing * TO_UNITS)) / TO_UNITS
        uneven = _UNEVENLY_SPACED.search(box.text)
        if lay_out or uneven or not inline.count_expandable_spaces(box):
            layout = create_layout(box.text, style, context, max_width=None,
                                   justification_spacing=box.justification_spacing)
            if uneven:
                width, _ = line_size(layout.get_first_line()[0], style)
            layout.deactivate()
            box.pango_layout = layout
        box.style = style
        x_advance += width - box.width
        box.width = width
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in (box.children[::-1] if box.style["direction"] == "rtl" else box.children):
            if child.is_in_normal_flow():
                x_advance = _letter_space(context, child, spacing, x_advance, lay_out)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance
