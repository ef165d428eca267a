"""An entry's extracted comments (``#.``): which are sync's own, however another tool saved them.

Sync writes them (the segment's place, then its glossary hints) and writes them anew from
the text and the glossary. A tool that saved the catalog in between may have wrapped them
onto several lines (polib's ``save()`` wraps at 78 columns with ``textwrap``: at a space or
after a hyphen) or dropped them (``msgmerge`` takes them from the template). Lines that are
none of sync's are someone else's, and are kept.
"""

from __future__ import annotations

FILL_WIDTH = 75  # columns of comment text on a line wrapped by polib (78 less "#. ")


def others_comments(old: list[str], ours: list[str], stale_prefix: str | None = None) -> list[str]:
    """The lines of ``old`` that are not one of ``ours``, whole or wrapped.

    With ``stale_prefix``, ``old`` is laid out as sync writes an entry: its first comment is
    the place and those starting with ``stale_prefix`` are glossary hints. Such lines are
    sync's too when they are not among ``ours`` (the text or the glossary changed), with the
    lines a wrapping tool would have continued them on.
    """
    remaining = list(ours)
    location_found = bool(ours) and any(_wrapped_length(old, start, ours[0]) for start in range(len(old)))
    kept: list[str] = []
    index = 0
    while index < len(old):
        length, comment = next(((n, c) for c in remaining if (n := _wrapped_length(old, index, c))), (0, None))
        if comment is not None:
            remaining.remove(comment)
            index += length
        elif stale_prefix is not None and ((index == 0 and not location_found) or old[index].startswith(stale_prefix)):
            index += 1
            while index < len(old) and _continues(old[index - 1], old[index]) and not old[index].startswith(stale_prefix):
                index += 1
        else:
            kept.append(old[index])
            index += 1
    return kept


def _wrapped_length(lines: list[str], start: int, comment: str) -> int:
    """How many lines from ``start`` make up ``comment`` when joined where a wrapping tool breaks
    (a space between them, or none after a hyphen); 0 when they do not."""
    position = len(lines[start])
    if not comment.startswith(lines[start]):
        return 0
    count = 1
    while position < len(comment):
        if start + count == len(lines) or not lines[start + count]:
            return 0
        line = lines[start + count]
        if comment.startswith(" " + line, position):
            position += 1 + len(line)
        elif comment[position - 1] == "-" and comment.startswith(line, position):
            position += len(line)
        else:
            return 0
        count += 1
    return count


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` may be where a greedy wrapper continued ``previous``: the first word of
    ``line`` would not have fitted on it."""
    word = line.split(" ", 1)[0]
    separator = 0 if previous.endswith("-") else 1
    return len(previous) <= FILL_WIDTH < len(previous) + separator + len(word)
