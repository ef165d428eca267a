"""Text as read, not as broken: soft hyphens and line breaks inside words taken out.

A name may be broken by a soft hyphen (U+00AD, invisible unless the line breaks there),
a zero-width space, or in Chinese by the line end of a hard-wrapped file (Chinese has no
spaces, so a line break inside a name is no word boundary). The checks run on the joined
text; their offsets are mapped back to the text as written, for positions in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sco_publish.glossary.languages import language_rules

_INVISIBLE = re.compile("\u00ad[ \t]*(?:\r?\n[ \t]*)?|\u200b")
_WIDE_LINE_BREAK = re.compile(r"(?<=[\u2e80-\U0002ffff])[ \t]*\r?\n[ \t]*(?=[\u2e80-\U0002ffff])")


@dataclass(frozen=True, slots=True)
class Joined:
    text: str  # what the checks read
    written: str  # the text as written
    offsets: tuple[int, ...] | None = None  # where each character of ``text`` (and its end) is in ``written``

    def span(self, start: int, length: int) -> tuple[int, str]:
        """Where characters ``start`` to ``start + length`` of ``text`` stand in ``written``, and what is written there."""
        if self.offsets is None:
            return start, self.text[start:start + length]
        first = self.offsets[start]
        last = self.offsets[start + length - 1] + 1 if length else first
        return first, self.written[first:last]


def join_breaks(text: str, lang: str) -> Joined:
    breaks = _INVISIBLE if "\u00ad" in text or "\u200b" in text else None
    if language_rules(lang).substring and "\n" in text:
        breaks = re.compile(f"{_INVISIBLE.pattern}|{_WIDE_LINE_BREAK.pattern}")
    if breaks is None:
        return Joined(text, text)
    pieces, offsets, kept = [], [], 0
    for match in breaks.finditer(text):
        pieces.append(text[kept:match.start()])
        offsets.extend(range(kept, match.start()))
        kept = match.end()
    pieces.append(text[kept:])
    offsets.extend(range(kept, len(text) + 1))
    return Joined("".join(pieces), text, tuple(offsets))
