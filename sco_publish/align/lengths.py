"""Gale–Church's length model, with parameters estimated from the project's own catalogs.

A translation of a text of length l1 has a length near c·l1, with a variance s²·l1
(Gale & Church 1993). c and s² are measured on every translated entry of the language's
catalogs (characters of msgstr against characters of msgid): Chinese is about a third of
English, Russian a little longer. Without enough entries, Gale and Church's own values
(c = 1, s² = 6.8) are used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sco_publish.catalogs.pofile import read_po
from sco_publish.settings import Settings

MIN_PAIRS = 20  # fewer translated entries than this say too little about a language


@dataclass(frozen=True)
class LengthModel:
    c: float = 1.0
    s2: float = 6.8
    pairs: int = 0  # translated entries the parameters come from (0: Gale and Church's values)

    def cost(self, source_length: int, target_length: int) -> float:
        """−log P(|δ| at least this large) for δ = (l2 − c·l1) / √(s²·l̄), l̄ the mean length
        of the two texts in source units: Gale and Church's match probability, as a cost."""
        if source_length == 0 and target_length == 0:
            return 0.0
        c = self.c
        z = abs(target_length - source_length * c) / math.sqrt((source_length + target_length / c) * self.s2)
        # −log(2·(1 − Φ(δ))) = −log erfc(z) for z = δ/√2; erfc underflows for large z
        return -math.log(math.erfc(z)) if z < 5 else _minus_log_erfc_tail(z)


def _minus_log_erfc_tail(z: float) -> float:
    """−log erfc(z) for large z, from erfc(z) ~ e^(−z²) / (z√π) · (1 − 1/(2z²))."""
    return z * z + math.log(z * math.sqrt(math.pi)) - math.log1p(-1 / (2 * z * z))


def estimate(pairs: list[tuple[int, int]]) -> LengthModel:
    """c as the ratio of total lengths, s² as the mean of (l2 − c·l1)² / l1."""
    pairs = [(source, target) for source, target in pairs if source and target]
    if len(pairs) < MIN_PAIRS:
        return LengthModel()
    c = sum(target for _, target in pairs) / sum(source for source, _ in pairs)
    s2 = sum((target - c * source) ** 2 / source for source, target in pairs) / len(pairs)
    return LengthModel(c, max(s2, 0.1), len(pairs))


def catalog_pairs(paths: list[Path]) -> list[tuple[int, int]]:
    """(source length, translation length) of every translated entry of the catalogs."""
    pairs = []
    for path in paths:
        for message in read_po(path).entries:
            if message.translated and message.msgid_plural is None:
                pairs.append((len(message.msgid), len(message.msgstr)))
    return pairs


def project_length_model(settings: Settings, lang: str) -> LengthModel:
    """The model for ``lang`` from ``locales/<lang>/LC_MESSAGES/*.po``."""
    folder = settings.locales_dir / lang / "LC_MESSAGES"
    return estimate(catalog_pairs(sorted(folder.glob("*.po"))))
