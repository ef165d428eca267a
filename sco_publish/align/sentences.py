"""Where a paragraph may be cut between two segments: after a sentence, else after a clause.

A sentence ends with . ! ? (。！？ in Chinese), perhaps followed by closing quotes or
brackets, before a space and what may start a sentence (not a lower-case letter), and not
after an abbreviation ("г. Тяньцзинь", "No. 5"). A clause ends with ; or : (；：).
Sentences are also counted: official translations keep the source's sentences.
"""

from __future__ import annotations

import re

ABBREVIATIONS = ("No", "Nos", "Art", "p", "pp", "para", "paras", "vol", "cf", "e.g", "i.e", "г", "гг", "ст", "п", "т.е", "т.д", "им", "ж")
_CLOSERS = "\"'”’»)）」』"
_OPENERS = "\"'“‘«(（「『"
# In Chinese a quotation closed after its full stop goes on with who said it (“……。”总统表示。),
# so there a sentence ends only before another quotation.
SENTENCE_END = re.compile(rf"[.!?][{_CLOSERS}]*(?=\s+[\d{_OPENERS}\w])|[。！？](?![{_CLOSERS}])"
                          rf"|[。！？][{_CLOSERS}](?=[{_OPENERS}])")  # a punctuation mark first: fast to find
CLAUSE_END = re.compile(rf"(?<=[;:])[{_CLOSERS}]*(?=\s)|(?<=[；：])[{_CLOSERS}]*")
_ABBREVIATION_BEFORE = re.compile(rf"(?:^|[\s(])(?:{'|'.join(re.escape(a) for a in ABBREVIATIONS)})\.$")


def cut_points(text: str) -> list[int]:
    """Offsets where ``text`` may be cut into two: ends of sentences, or if there are none,
    ends of clauses. The piece after a cut starts at the next non-space character."""
    return sentence_ends(text) or [m.end() for m in CLAUSE_END.finditer(text) if 0 < m.end() < len(text)]


def sentence_ends(text: str) -> list[int]:
    """Offsets of the ends of sentences inside ``text`` (not its end)."""
    return [m.end() for m in SENTENCE_END.finditer(text)
            if 0 < m.end() < len(text) and not _ABBREVIATION_BEFORE.search(text[max(0, m.start() - 8): m.start() + 1])
            and not _starts_lower(text, m.end())]


def count_sentences(text: str) -> int:
    return len(sentence_ends(text)) + 1


def _starts_lower(text: str, offset: int) -> bool:
    following = text[offset:].lstrip()
    return bool(following) and following[0].islower()


def cut(text: str, point: int) -> tuple[str, str]:
    return text[:point].strip(), text[point:].strip()
