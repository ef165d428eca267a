"""``sco-publish align``: an existing translation back into its catalog.

The accuracy test takes the project's own translations (every document, ru, zh and kk),
joins them into documents as published texts are laid out (part numbers on lines of their
own, a list's lead-in run together with its first item, paragraphs run together or split at
a sentence, an editor's line added, a paragraph left out) and aligns them back: at least
99% of the segments must get their own translation again, in every language.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import docx
import pytest

from sco_publish.align.aligner import Item, align
from sco_publish.align.lengths import LengthModel, estimate, project_length_model
from sco_publish.align.readers import Paragraph, read_paragraphs
from sco_publish.align.segments import align_document
from sco_publish.align.sentences import cut, cut_points
from sco_publish.catalogs.paths import catalog_path
from sco_publish.catalogs.pofile import read_po
from sco_publish.document import Document
from sco_publish.errors import Location
from sco_publish.project import load_documents, load_project_glossary
from sco_publish.settings import load_settings
from tests.conftest import REPO

LANGUAGES = ("ru", "zh", "kk")
PART_NUMERALS = {"zh": "一二三四五六七八九十"}
ADDED = {"ru": "Редактор: Ли Мин. Перевод выполнен отделом информации.",
         "zh": "责任编辑：李明。",
         "kk": "Редактор: Ли Мин. Аударманы ақпарат бөлімі дайындады."}


def catalog_translations(settings, lang: str, document: Document) -> dict[str, str]:
    return {m.msgctxt: m.msgstr for m in read_po(catalog_path(settings, lang, document.id)).entries}


def published_layout(document: Document, translations: dict[str, str], lang: str,
                     seed: int) -> tuple[list[str], dict[str, str | None], str]:
    """The translation's paragraphs as a published page has them, what each segment's text
    is in them (None: left out) and the paragraph added."""
    rng = random.Random(seed)
    joiner = "" if lang == "zh" else " "
    segments = document.segments()
    expected: dict[str, str | None] = {segment.id: translations[segment.id] for segment in segments}
    body = [s for s in segments if s.kind in ("p", "item")]
    dropped = body[len(body) // 3].id
    expected[dropped] = None
    added_after = body[2 * len(body) // 3].id
    paragraphs: list[str] = []
    section = None
    index = 0
    while index < len(segments):
        segment = segments[index]
        if segment.section is not None and segment.section != section:
            number = document.sections[segment.section - 1].num
            paragraphs.append(f"{PART_NUMERALS[lang][number - 1]}、" if lang == "zh" else _roman(number))
        section = segment.section
        text = translations[segment.id]
        following = segments[index + 1] if index + 1 < len(segments) else None
        if segment.id == dropped:
            index += 1
            continue
        mergeable = (following is not None and following.id != dropped and following.section == segment.section
                     and segment.kind in ("p", "item") and following.kind in ("p", "item")
                     and re.search(r"[.;:。；：]$", text))
        consumed = [segment]
        if mergeable and (segment.kind == "p" and following.kind == "item" and text.endswith((":", "："))
                          or rng.random() < 0.12):
            paragraphs.append(text + joiner + translations[following.id])
            consumed.append(following)
        elif segment.kind == "p" and len(points := cut_points(text)) and rng.random() < 0.15:
            paragraphs += cut(text, points[len(points) // 2])
        else:
            paragraphs.append(text)
        index += len(consumed)
        if added_after in [s.id for s in consumed]:
            paragraphs.append(ADDED[lang])
    return paragraphs, expected, ADDED[lang]


def _roman(number: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][number - 1]


@pytest.fixture(scope="module")
def settings():
    return load_settings(REPO)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_own_translations_align_back_to_their_entries(settings, lang, capsys):
    glossary = load_project_glossary(settings)
    model = project_length_model(settings, lang)
    right = total = merges = splits = 0
    wrong = []
    for seed, document in enumerate(load_documents(settings)):
        translations = catalog_translations(settings, lang, document)
        texts, expected, added = published_layout(document, translations, lang, seed)
        paragraphs = [Paragraph(text, Location("page", number)) for number, text in enumerate(texts, 1)]
        alignment = align_document(document, paragraphs, lang, glossary, model)
        got: dict[str, str | None] = {segment.id: None for segment in alignment.missing}
        got |= {aligned.segment.id: aligned.text for aligned in alignment.aligned}
        for segment_id, text in expected.items():
            total += 1
            if got.get(segment_id) == text:
                right += 1
            else:
                wrong.append((document.id, segment_id, text, got.get(segment_id)))
        if added not in [p.text for p in alignment.unaligned]:
            wrong.append((document.id, "the added paragraph was not left unaligned"))
        merges, splits = merges + len(alignment.merges), splits + len(alignment.splits)
    assert merges and splits, "the layout merges and splits paragraphs"
    accuracy = right / total
    with capsys.disabled():
        print(f"\nalignment accuracy {lang}: {right}/{total} = {accuracy:.2%}")
    assert accuracy >= 0.99 and all(len(w) > 2 for w in wrong), wrong
