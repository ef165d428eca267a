"""Per-language rules for matching terms and reading numbers, loaded from data/languages.toml:
the one table of language facts (inflection, foldings, month forms, numerals, name
heuristics) that the lint, the glossary matching and the editions' part numbers read."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

from babel import Locale

from sco_publish.errors import UserError

# The zero of each numbering system CLDR makes some locale's default (Babel names the
# system, it does not ship the digits); the other nine follow it in Unicode.
ZERO_DIGITS = {
    "adlm": "ADLAM DIGIT ZERO", "arab": "ARABIC-INDIC DIGIT ZERO", "arabext": "EXTENDED ARABIC-INDIC DIGIT ZERO",
    "beng": "BENGALI DIGIT ZERO", "cakm": "CHAKMA DIGIT ZERO", "deva": "DEVANAGARI DIGIT ZERO",
    "hmnp": "NYIAKENG PUACHUE HMONG DIGIT ZERO", "mtei": "MEETEI MAYEK DIGIT ZERO", "mymr": "MYANMAR DIGIT ZERO",
    "nkoo": "NKO DIGIT ZERO", "olck": "OL CHIKI DIGIT ZERO", "tibt": "TIBETAN DIGIT ZERO",
}
ASCII_DIGITS = "0123456789"
SHARED_TABLES = ("numerals", "name-heuristics")  # the tables of the data file that are no language


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
    fold: tuple[tuple[str, str], ...] = ()  # same-length replacements before matching (ё → е)
    name_separator: str | None = None  # between the parts of a name where there are no spaces (Chinese ·)
    month_forms: dict[str, int] = field(default_factory=dict)  # month forms CLDR lacks (в январе) → month

    @cached_property
    def _term_suffix_at_end(self) -> re.Pattern[str]:
        return re.compile(f"(?:{self.term_suffix})\\Z")

    def without_term_suffix(self, word: str) -> str:
        """``word`` without what ``term_suffix`` allows after a term (Japarov's → Japarov):
        the one description of it, for matching and for taking it off."""
        if not self.term_suffix:
            return word
        return word[:self._term_suffix_at_end.search(word).start()]

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
    return {code: rules["plural-forms"] for code, rules in _table().items()
            if code not in SHARED_TABLES and "plural-forms" in rules}


@dataclass(frozen=True)
class Numerals:
    """Roman and Chinese numerals ([numerals] in the table): read by the lint, written by the editions."""

    roman: dict[str, int]  # letter → value
    chinese_digits: dict[str, int]  # where two characters have one value, the first is written
    chinese_units: dict[str, int]  # 十 百 千
    chinese_myriads: dict[str, int]  # 万 multiplies the part before it; the largest, 亿, all before it

    @cached_property
    def roman_pairs(self) -> tuple[tuple[int, str], ...]:
        """Values and numerals, largest first, with the subtractive pairs (a power of ten
        before the letter five or ten times it: IV, IX, XL, XC, CD, CM)."""
        pairs = []
        for letter, value in self.roman.items():
            pairs.append((value, letter))
            pairs += [(value - small, before + letter) for before, small in self.roman.items()
                      if str(small).rstrip("0") == "1" and value in (5 * small, 10 * small)]
        return tuple(sorted(pairs, reverse=True))

    def write_roman(self, number: int) -> str:
        result = ""
        for value, numeral in self.roman_pairs:
            while number >= value:
                result += numeral
                number -= value
        return result

    def write_chinese(self, number: int) -> str:
        """0 … 99 in Chinese numerals: 九, 十二, 二十, 九十九."""
        digits = {value: char for char, value in reversed(self.chinese_digits.items())}
        ten = next(char for char, value in self.chinese_units.items() if value == 10)
        if number < 10:
            return digits[number]
        tens, units = divmod(number, 10)
        return ("" if tens == 1 else digits[tens]) + ten + (digits[units] if units else "")


@dataclass(frozen=True)
class NameHeuristics:
    reach: int  # characters looked at before a name for the word before it
    title_prefix: int  # a title this long or longer also matches longer words


TABLE = "sco_publish/data/languages.toml"  # as named in messages


@cache
def _table() -> dict:
    with resources.files("sco_publish.data").joinpath("languages.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def numerals() -> Numerals:
    table = _table()["numerals"]
    chinese = table["chinese"]
    return Numerals({letter: int(value) for letter, value in table["roman"].items()},
                    {char: int(value) for char, value in chinese["digits"].items()},
                    {char: int(value) for char, value in chinese["units"].items()},
                    {char: int(value) for char, value in chinese["myriads"].items()})


@cache
def name_heuristics() -> NameHeuristics:
    table = _table()["name-heuristics"]
    return NameHeuristics(int(table["reach"]), int(table["title-prefix"]))


@cache
def language_rules(lang: str) -> LanguageRules:
    code = lang.split("_")[0].split("-")[0]
    if code not in _table() or code in SHARED_TABLES:
        raise UserError(TABLE, f"no rules for language {lang!r}; add a [{code}] table to {TABLE} "
                               "(an empty one means no inflection, CLDR's data only)")
    data = _table()[code]
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
        fold=tuple(data.get("fold", {}).items()),
        name_separator=data.get("name-separator"),
        month_forms={form: int(month) for form, month in data.get("month-forms", {}).items()},
    )
