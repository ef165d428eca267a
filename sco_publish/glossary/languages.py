"""Per-language rules for matching terms and reading numbers, loaded from data/languages.toml."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from babel import Locale

# The zero of each numbering system CLDR makes some locale's default (Babel names the
# system, it does not ship the digits); the other nine follow it in Unicode.
ZERO_DIGITS = {
    "adlm": "ADLAM DIGIT ZERO", "arab": "ARABIC-INDIC DIGIT ZERO", "arabext": "EXTENDED ARABIC-INDIC DIGIT ZERO",
    "beng": "BENGALI DIGIT ZERO", "cakm": "CHAKMA DIGIT ZERO", "deva": "DEVANAGARI DIGIT ZERO",
    "hmnp": "NYIAKENG PUACHUE HMONG DIGIT ZERO", "mtei": "MEETEI MAYEK DIGIT ZERO", "mymr": "MYANMAR DIGIT ZERO",
    "nkoo": "NKO DIGIT ZERO", "olck": "OL CHIKI DIGIT ZERO", "tibt": "TIBETAN DIGIT ZERO",
}
ASCII_DIGITS = "0123456789"


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
    number_words: dict[str, float] = field(default_factory=dict)
    name_titles: tuple[str, ...] = ()  # lower-case beginnings of words that may stand before a name
    family_endings: dict[str, str] = field(default_factory=dict)  # surname ending → its feminine form
    title_case_names: bool = False  # capitalised runs of words are names: glossary coverage is checked
    names_open_sentences: bool = False  # a capitalised word beginning a sentence before a surname is a name

    def ending_pattern(self) -> str:
        """What may follow the stem of a term word written ``stem|ending``."""
        if self.endings:
            return f"(?:{_alternatives(self.endings)})?"
        if self.suffixes:
            hyphen = "-?" if self.hyphen else ""
            return f"(?:{hyphen}(?:{_alternatives(self.suffixes)}){{1,{self.max_suffixes}}})?"
        return ""


@cache
def locale_digits(lang: str) -> str:
    """The digits 0–9 a locale writes numbers with by default (CLDR): ۰۱۲۳… in Persian."""
    system = Locale.parse(lang).default_numbering_system
    if system not in ZERO_DIGITS:
        return ASCII_DIGITS
    zero = ord(unicodedata.lookup(ZERO_DIGITS[system]))
    return "".join(chr(zero + n) for n in range(10))


def _alternatives(options: tuple[str, ...]) -> str:
    return "|".join(re.escape(option) for option in sorted(options, key=len, reverse=True))


def fixed_plural_forms() -> dict[str, str]:
    """Language code → the Plural-Forms header the table fixes for it (``plural-forms``)."""
    return {code: rules["plural-forms"] for code, rules in _table().items() if "plural-forms" in rules}


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
        number_words={word: float(value) for word, value in data.get("number-words", {}).items()},
        name_titles=tuple(data.get("name-titles", ())),
        family_endings=dict(data.get("family-endings", {})),
        title_case_names=bool(data.get("title-case-names", False)),
        names_open_sentences=bool(data.get("names-open-sentences", False)),
    )
