"""Line-breaking care a typesetter takes: keep together what a reader must not see split.

A number and the word it counts ("30 процентов", "1 September"), a dash and the word
before it (no line starts with "—"), and, where the language wants it
(``bind_short_words`` in templates/languages.toml), a short word and the next one
("в Астане", "Си Цзиньпин").  The result is plain text with no-break spaces: escaping
stays the template's job.
"""

from __future__ import annotations

import re
from functools import cache

NO_BREAK_SPACE = "\u00a0"
_NUMBER_THEN_WORD = re.compile(r"(?<=\d) (?=\w)")
_SPACE_BEFORE_DASH = re.compile(r" (?=[—–] )")


def bind_words(text: str, short_words: int = 0) -> str:
    text = _NUMBER_THEN_WORD.sub(NO_BREAK_SPACE, text)
    text = _SPACE_BEFORE_DASH.sub(NO_BREAK_SPACE, text)
    if short_words:
        text = _short_word_pattern(short_words).sub(rf"\1{NO_BREAK_SPACE}", text)
    return text


@cache
def _short_word_pattern(length: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w\-.’'])([^\W\d_]{{1,{length}}}) (?=\w)")
