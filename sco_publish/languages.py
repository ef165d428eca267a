"""Per-language rules for matching terms and reading numbers, loaded from data/languages.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class LanguageRules:
    code: str
    term_suffix: str = ""
    endings: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    max_suffixes: int = 0
    hyphen: bool = False
    substring: bool = False
    chinese_numerals: bool = False
    scales: dict[str, float] = field(default_factory=dict)
    roman_before: tuple[str, ...] = ()

    def ending_pattern(self) -> str:
        """What may follow the stem of a term word written ``stem|ending``."""
        if self.endings:
            return f"(?:{_alternatives(self.endings)})?"
        if self.suffixes:
            hyphen = "-?" if self.hyphen else ""
            one = f"(?:{_alternatives(self.suffixes)})"
            return f"(?:{hyphen}{one}{one}{{0,{self.max_suffixes - 1}}})?"
        return ""


def _alternatives(options: tuple[str, ...]) -> str:
    return "|".join(re.escape(option) for option in sorted(options, key=len, reverse=True))


@cache
def _table() -> dict:
    with resources.files("sco_publish.data").joinpath("languages.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def language_rules(lang: str) -> LanguageRules:
    data = _table().get(lang.split("_")[0].split("-")[0], {})
    return LanguageRules(
        code=lang,
        term_suffix=data.get("term-suffix", ""),
        endings=tuple(data.get("endings", ())),
        suffixes=tuple(data.get("suffixes", ())),
        max_suffixes=int(data.get("max-suffixes", 0)),
        hyphen=bool(data.get("hyphen", False)),
        substring=bool(data.get("substring", False)),
        chinese_numerals=bool(data.get("chinese-numerals", False)),
        scales={key: float(value) for key, value in data.get("scales", {}).items()},
        roman_before=tuple(data.get("roman-before", ())),
    )
