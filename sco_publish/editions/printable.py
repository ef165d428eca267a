"""What an edition can print, checked on the document model before anything is rendered.

A section number that the language's numbering cannot write (Roman numerals end at
3999) once made the renderer write billions of letters; lists nested about a hundred deep
overflow WeasyPrint's recursion; control characters, lone surrogates and unassigned code
points are not text a reader can be shown. `validate` reports these too, so that they are
found before a build, and a build refuses them before it writes anything.
"""

from __future__ import annotations

import unicodedata

from sco_publish.texts.model import Block, Document, ItemList
from sco_publish.editions.labels import Labels
from sco_publish.errors import Location, UserError

# Legal texts nest lists three or four levels; WeasyPrint fails somewhere near a hundred.
MAX_LIST_DEPTH = 12
NOT_TEXT = ("Cc", "Cs", "Cn")  # control characters, surrogates, unassigned code points


def unprintable_character(text: str) -> str | None:
    """The first character of ``text`` that an edition cannot print (tab and newline are spacing)."""
    for char in text:
        if char not in "\t\n" and unicodedata.category(char) in NOT_TEXT:
            return char
    return None


def character_name(char: str) -> str:
    return f"U+{ord(char):04X}" + (f" {unicodedata.name(char)}" if unicodedata.name(char, "") else "")


def document_problems(document: Document, languages: list[Labels]) -> list[UserError]:
    """Everything in ``document`` that the editions in ``languages`` could not print."""
    problems = []
    for section in document.sections:
        reasons = dict.fromkeys(filter(None, (labels.unwritable_number(section.num) for labels in languages)))
        problems += [UserError(Location(document.path, section.line),
                               f"{reason}; renumber the section or change the numbering in templates/languages.toml")
                     for reason in reasons]
    for block in _all_blocks(document):
        if isinstance(block, ItemList) and _depth(block) > MAX_LIST_DEPTH:
            first = next(block.segments())
            problems.append(UserError(Location(document.path, first.line), f"list nested {_depth(block)} levels deep; "
                                      f"editions print at most {MAX_LIST_DEPTH} levels, flatten it"))
    for segment in document.segments():
        char = unprintable_character(segment.text or "")
        if char:
            problems.append(UserError(Location(document.path, segment.line),
                                      f"segment {segment.id} contains {character_name(char)}, which cannot be printed; remove it"))
    return problems


def _all_blocks(document: Document) -> list[Block]:
    blocks = [*document.preamble, *document.body, *document.conclusions]
    for section in document.sections:
        blocks += section.blocks
    return blocks


def _depth(item_list: ItemList) -> int:
    return 1 + max((_depth(entry) for entry in item_list.entries if isinstance(entry, ItemList)), default=0)
