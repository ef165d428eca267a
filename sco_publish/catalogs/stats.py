"""``sco-publish stats``: how far each translation is, in segments and source words."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from sco_publish.catalogs.catalog import Catalog, check_declared_language


@dataclass(frozen=True)
class CatalogStats:
    document: str
    lang: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    total_words: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int

    @property
    def percent(self) -> float:
        """Share of translated segments, as msgfmt --statistics and pocount report it."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def percent_words(self) -> float:
        return 100.0 * self.translated_words / self.total_words if self.total_words else 100.0


def count_words(text: str) -> int:
    return len(text.split())


def catalog_stats(document: str, lang: str, catalog: Catalog) -> CatalogStats:
    """The counts of ``catalog``, the ``lang`` catalog of ``document``, read from a file."""
    check_declared_language(catalog, catalog.path, lang)
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for message in catalog.entries:
        state = "translated" if message.translated else "fuzzy" if message.fuzzy and message.has_translation else "untranslated"
        counts[state][0] += 1
        counts[state][1] += count_words(message.msgid)
    return CatalogStats(
        document=document,
        lang=lang,
        total=sum(c[0] for c in counts.values()),
        translated=counts["translated"][0],
        fuzzy=counts["fuzzy"][0],
        untranslated=counts["untranslated"][0],
        total_words=sum(c[1] for c in counts.values()),
        translated_words=counts["translated"][1],
        fuzzy_words=counts["fuzzy"][1],
        untranslated_words=counts["untranslated"][1],
    )


def format_table(rows: list[CatalogStats]) -> str:
    header = ("document", "lang", "total", "translated", "fuzzy", "untranslated", "words", "done")
    lines = [header]
    for row in rows:
        lines.append((
            row.document, row.lang, str(row.total), str(row.translated), str(row.fuzzy), str(row.untranslated),
            f"{row.translated_words}/{row.total_words}", f"{row.percent:.0f}%",
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths)))
        for line in lines
    )


def format_json(rows: list[CatalogStats]) -> str:
    return json.dumps(
        {"catalogs": [{**asdict(row), "percent": round(row.percent, 2), "percent_words": round(row.percent_words, 2)}
                      for row in rows]},
        ensure_ascii=False, indent=2,
    )
