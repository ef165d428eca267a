"""Per-language presentation data from templates/languages.toml: wording, fonts, dates, numbering."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date

from sco_publish.errors import UserError

CHINESE_NUMERALS = "零一二三四五六七八九"
ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
HTML_LANG = {"zh": "zh-Hans"}


@dataclass(frozen=True)
class Labels:
    lang: str
    values: dict[str, object]

    def __getitem__(self, key: str) -> str:
        return str(self.values[key])

    @property
    def fonts(self) -> list[str]:
        return list(self.values["fonts"])

    @property
    def hyphenate(self) -> bool:
        return bool(self.values.get("hyphenate"))

    @property
    def bind_short_words(self) -> int:
        """Words up to this length are kept on one line with the next word (0: none)."""
        return int(self.values.get("bind_short_words", 0))

    @property
    def html_lang(self) -> str:
        return HTML_LANG.get(self.lang, self.lang)

    def date(self, value: datetime.date) -> str:
        return format_date(value, self["date"], locale=self.lang)

    def part_number(self, number: int) -> str:
        style = self.values.get("numbering", "arabic")
        if style == "roman":
            return _roman(number)
        if style == "chinese":
            return _chinese(number) + "、"
        return str(number)

    def language_list(self, codes: tuple[str, ...]) -> str:
        names = Locale.parse(self.lang).languages
        separator = "、" if self.lang == "zh" else ", "
        return separator.join(names.get(code, code) for code in codes)


def _roman(number: int) -> str:
    result = ""
    for value, numeral in ROMAN:
        while number >= value:
            result += numeral
            number -= value
    return result


def _chinese(number: int) -> str:
    if number < 10:
        return CHINESE_NUMERALS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else CHINESE_NUMERALS[tens]) + "十" + (CHINESE_NUMERALS[units] if units else "")


@cache
def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UserError(path, f"cannot read language settings: {error}") from None


def labels_for(templates: Path, lang: str) -> Labels:
    path = templates / "languages.toml"
    table = _load(path)
    if lang not in table:
        raise UserError(path, f"no [{lang}] table; add the language's wording and fonts")
    return Labels(lang, table[lang])
