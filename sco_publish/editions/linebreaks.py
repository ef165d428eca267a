"""Line-breaking rules a typesetter keeps and WeasyPrint 70 does not, added to its inline layout.

WeasyPrint breaks lines one at a time, with no memory of the lines before, and justifies by
stretching spaces only.  So:

* **Words that are never hyphenated** (names of the glossary, parts of web addresses,
  numbers: the words :func:`typeset <sco_publish.editions.typography.typeset>` marks).
  ``hyphens: none`` on a span of its own would do, but WeasyPrint 70 then breaks the text
  after a span it cannot hyphenate badly (a line of three words spread across the measure);
  so the PDF gets the text without those spans, and the Pyphen dictionary WeasyPrint looks
  up in its layout context is one that offers no hyphenation point in those words.

* **At most two hyphenated line ends in a row** (CSS ``hyphenate-limit-lines``, which WeasyPrint
  does not parse).  Every line a paragraph makes is remembered by where the next one resumes;
  after two hyphenated lines, the next line is broken with ``hyphens: manual``.  Keys are the
  paragraph's box and the resume point, so a paragraph laid out again (a page break tried
  twice) or continued on the next page gets the same answer.
* **Chinese lines justified between characters** (CSS ``text-justify: inter-character``, the
  behaviour CSS asks of ``auto`` for CJK text).  A justified line in a Chinese paragraph has
  its free width shared out as letter spacing between its characters instead of between
  spaces, which Chinese text has none of.

:func:`install` wraps WeasyPrint's ``get_next_linebox``, ``split_first_line`` and
``justify_line`` (module functions of ``weasyprint.layout.inline``) once per process; every
other line is laid out exactly as WeasyPrint does.  :func:`unhyphenated` says which words
the document being rendered protects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

import pyphen
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.line_break import create_layout, line_size

MAX_HYPHENATED_LINES = 2
# Scripts justified between characters: Han, Kana, Hangul and CJK punctuation.
_INTER_CHARACTER = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_INSTALLED = "_sco_publish_installed"
_UNHYPHENATED: ContextVar[frozenset[str]] = ContextVar("unhyphenated", default=frozenset())


@contextmanager
def unhyphenated(words: frozenset[str]) -> Iterator[None]:
    """While rendering: ``words`` are never hyphenated."""
    token = _UNHYPHENATED.set(words)
    try:
        yield
    finally:
        _UNHYPHENATED.reset(token)


class _Hyphenator(pyphen.Pyphen):
    """Pyphen's dictionary, with no hyphenation point in the protected words."""

    def __init__(self, lang: str, left: int, right: int, protected: frozenset[str]) -> None:
        super().__init__(lang=lang, left=left, right=right)
        self.protected = protected

    def iterate(self, word: str):
        if word in self.protected or _WORD.match(word).group() in self.protected:
            return iter(())
        return super().iterate(word)


_WORD = re.compile(r"\w*")


def install() -> None:
    """Add both rules to WeasyPrint's inline layout (idempotent)."""
    if getattr(inline, _INSTALLED, False):
        return
    inline.get_next_linebox = _limit_hyphenated_runs(inline.get_next_linebox)
    inline.split_first_line = _pausable_hyphenation(inline.split_first_line)
    inline.justify_line = _justify_between_characters(inline.justify_line)
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
    protected = _UNHYPHENATED.get()
    current = context.dictionaries.get(key)
    if not isinstance(current, _Hyphenator) or current.protected is not protected:
        context.dictionaries[key] = _Hyphenator(lang, left, right, protected)


def _ends_hyphenated(box) -> bool:
    """Whether the line's last piece of text ends with the hyphen hyphenation added."""
    last = _last_text_box(box)
    return last is not None and last.style["hyphens"] != "none" and last.text.endswith(last.style["hyphenate_character"])


def _last_text_box(box):
    if isinstance(box, boxes.TextBox):
        return box
    for child in reversed(getattr(box, "children", ())):
        found = _last_text_box(child)
        if found is not None:
            return found
    return None


def _justify_between_characters(justify_line):
    @wraps(justify_line)
    def wrapper(context, line, extra_width):
        texts = list(_text_boxes(line))
        gaps = sum(len(box.text) for box in texts) - 1
        if gaps > 0 and any(_INTER_CHARACTER.search(box.text) for box in texts):
            _letter_space(context, line, extra_width / gaps)
        else:
            justify_line(context, line, extra_width)
    return wrapper


def _text_boxes(box):
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _letter_space(context, box, spacing: float, x_advance: float = 0) -> float:
    """Add ``spacing`` after every character of the line's text, moving what follows; the
    line's last character gets none, so the line ends at the text edge."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        letter_spacing = box.style["letter_spacing"]
        style = box.style.copy()  # drawing lays the text out again from the box's style
        style["letter_spacing"] = (0 if letter_spacing == "normal" else letter_spacing) + spacing
        layout = create_layout(box.text, style, context, max_width=None,
                               justification_spacing=box.justification_spacing)
        first_line, _ = layout.get_first_line()
        width, _ = line_size(first_line, style)
        layout.deactivate()
        box.style = style
        box.pango_layout = layout
        x_advance += width - box.width
        box.width = width
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in (box.children[::-1] if box.style["direction"] == "rtl" else box.children):
            if child.is_in_normal_flow():
                x_advance = _letter_space(context, child, spacing, x_advance)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance
