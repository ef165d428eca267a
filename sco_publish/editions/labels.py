"""Per-language presentation data: wording, fonts, dates, numbering.

templates/languages.toml says how each language is presented.  A language it does not
describe (fully) still gets editions: its name, date pattern and digits come from CLDR
(through Babel), its fonts from fontconfig (by script), hyphenation from Pyphen's
patterns, and only sentences CLDR cannot supply fall back to the English wording,
listed in ``Labels.english`` so that the build can name them in one warning.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, get_date_format
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from markupsafe import Markup

from sco_publish.editions.fonts import script_font_stack
from sco_publish.errors import UserError
from sco_publish.glossary.languages import ASCII_DIGITS, locale_digits, numerals

# The numbers each numbering style can write: Roman numerals end at 3999 (MMMCMXCIX), and
# the Chinese numerals here are the tens and units (一 … 九十九).
NUMBERING_RANGES = {"roman": (1, 3999, "a Roman numeral"), "chinese": (1, 99, "a Chinese numeral")}
HTML_LANG = {"zh": "zh-Hans"}
FALLBACK_LANGUAGE = "en"
# Unicode isolates: an English label inside a right-to-left page keeps its own order.
LEFT_TO_RIGHT_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2066", "\u2069"


@dataclass(frozen=True)
class Labels:
    lang: str
    values: dict[str, object]
    english: tuple[str, ...] = ()  # keys with no wording in this language: shown in English

    @property
    def direction(self) -> str:
        return direction(self.lang)

    @property
    def lang_attrs(self) -> Markup:
        """``lang`` and ``dir`` of an element in this language (screen readers and the bidi
        algorithm both need them on every element whose language differs from its parent's)."""
        return Markup(f'lang="{self.html_lang}" dir="{self.direction}"')

    @property
    def digits(self) -> str:
        return locale_digits(self.lang)

    def localize_digits(self, text: str) -> str:
        return text.translate(str.maketrans(ASCII_DIGITS, self.digits))

    def attrs_of(self, key: str) -> Markup:
        """``lang`` and ``dir`` of the label ``key``: English where the language has no wording yet."""
        return Markup(f'lang="{FALLBACK_LANGUAGE}" dir="ltr"') if key in self.english else self.lang_attrs

    def number(self, value: float) -> str:
        return self.localize_digits(format_decimal(value, locale=self.lang, numbering_system="default"))

    def percent(self, value: float) -> str:
        """``value`` in percent (42.0 → "42%", in Russian "42 %")."""
        return self.localize_digits(format_percent(value / 100, locale=self.lang, numbering_system="default"))

    def file_size(self, size: int) -> str:
        """A file's size in bytes as the language writes it, with CLDR's unit ("176 kB",
        "1,2 МБ"): decimal kilobytes below a megabyte, megabytes to one decimal above; the
        number is kept on one line with its unit."""
        if size < 999_500:
            value, unit, pattern = max(1, round(size / 1000)), "digital-kilobyte", "#,##0"
        else:
            value, unit, pattern = round(size / 1_000_000, 1), "digital-megabyte", "#,##0.#"
        written = format_unit(value, unit, length="short", format=pattern, locale=self.lang, numbering_system="default")
        return self.localize_digits(written).replace(" ", "\u00a0")

    def __getitem__(self, key: str) -> str:
        return str(self.values[key])

    def plural(self, key: str, count: int) -> str:
        """The wording of ``key`` for ``count`` things, ``{n}`` filled in: the key holds a table
        of CLDR plural categories ("1 исправление", "2 исправления", "5 исправлений")."""
        forms = self.values[key]
        if isinstance(forms, dict):
            forms = forms.get(Locale.parse(self.lang).plural_form(count), forms["other"])
        return str(forms).format(n=self.number(count))

    @property
    def list_separator(self) -> str:
        return list_separator(self.lang)

    @property
    def fonts(self) -> list[str]:
        return list(self.values["fonts"])

    @property
    def hyphenate(self) -> bool:
        return bool(self.values.get("hyphenate"))

    @property
    def justify(self) -> str:
        """How justified lines are filled: "inter-word" (spaces, with hyphenation),
        "inter-character" (Chinese: between characters) or "none" (ragged right, where a
        language has no hyphenation patterns and justified lines would gape)."""
        return str(self.values.get("justify", "inter-word" if self.hyphenate else "none"))

    @property
    def column_justify(self) -> str:
        """``justify`` in a bilingual edition's half-width column: ragged right ("none") for
        a language justified between words, whose few words a line would spread into rivers;
        Chinese stays filled between characters."""
        return str(self.values.get("column_justify", "none" if self.justify == "inter-word" else self.justify))

    @property
    def hyphenate_limit_chars(self) -> str:
        """CSS ``hyphenate-limit-chars`` for the language ("" for the renderer's default)."""
        return str(self.values.get("hyphenate_limit_chars", ""))

    @property
    def tracking(self) -> float:
        """The most letter spacing (em) a loose justified line may take before its word
        spaces stretch further (0: none; linebreaks.py)."""
        return float(self.values.get("tracking", 0))

    @property
    def bind_short_words(self) -> int:
        """Words up to this length are kept on one line with the next word (0: none)."""
        return int(self.values.get("bind_short_words", 0))

    @property
    def html_lang(self) -> str:
        return HTML_LANG.get(self.lang, self.lang)

    def date(self, value: datetime.date) -> str:
        return self.localize_digits(format_date(value, self["date"], locale=self.lang))

    @property
    def numbering(self) -> str:
        return str(self.values.get("numbering", "arabic"))

    def unwritable_number(self, number: int) -> str | None:
        """Why ``number`` cannot be a part number in this language's numbering, or None."""
        if self.numbering not in NUMBERING_RANGES:
            return None  # arabic: any positive number
        low, high, name = NUMBERING_RANGES[self.numbering]
        if low <= number <= high:
            return None
        return f"section number {number} cannot be written as {name} ({low}–{high})"

    def part_number(self, number: int) -> str:
        style = self.numbering
        if style == "roman":
            return numerals().write_roman(number)
        if style == "chinese":
            return numerals().write_chinese(number) + "、"
        return self.localize_digits(str(number))

    def part_label(self, number: int) -> str:
        """A part's label as its heading and the contents both print it ("Part I", "一、")."""
        return self["part"].format(num=self.part_number(number))

    def language_list(self, codes: tuple[str, ...], key: str = "") -> str:
        """The languages' names, in the language of the label ``key`` if given: English where its
        wording is borrowed, so that a sentence is in one language (and one font stack)."""
        lang = FALLBACK_LANGUAGE if key in self.english else self.lang
        names = Locale.parse(lang).languages
        return list_separator(lang).join(names.get(code, code) for code in codes)


def list_separator(lang: str) -> str:
    """What CLDR puts between the items of a list ("、" in Chinese, "،" in Persian), without
    the "and" it puts before the last."""
    return Locale.parse(lang).list_patterns["standard"]["middle"].replace("{0}", "").replace("{1}", "")


def direction(lang: str) -> str:
    """``rtl`` or ``ltr``, from CLDR's character order for the language."""
    return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"


@cache
def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UserError(path, f"cannot read language settings: {error}") from None


def cldr_defaults(lang: str, fallback_fonts: list[str]) -> dict[str, object]:
    """What a language's table may leave out: CLDR's name, long date pattern and list
    separator (between place and date), fonts for its script, hyphenation where Pyphen
    has patterns, part numbers in its digits."""
    import pyphen  # WeasyPrint's hyphenation: patterns there means `hyphens: auto` works

    locale = Locale.parse(lang)
    name = locale.get_display_name(lang)
    return {
        "name": name[:1].upper() + name[1:],
        "date": get_date_format("long", locale=locale).pattern,
        "adopted": "{place}" + list_separator(lang) + "{date}",
        "numbering": "arabic",
        "hyphenate": pyphen.language_fallback(lang) is not None,
        "fonts": script_font_stack(lang, fallback_fonts),
    }


@cache
def labels_for(templates: Path, lang: str) -> Labels:
    path = templates / "languages.toml"
    table = _load(path)
    if FALLBACK_LANGUAGE not in table:
        raise UserError(path, f"no [{FALLBACK_LANGUAGE}] table; every other language falls back to its wording")
    fallback = table[FALLBACK_LANGUAGE]
    own = table.get(lang, {})
    defaults = {} if fallback.keys() <= own.keys() else cldr_defaults(lang, list(fallback["fonts"]))
    english = tuple(key for key in fallback if key not in own and key not in defaults)
    isolate = direction(lang) == "rtl"
    borrowed = {key: _isolated(fallback[key]) if isolate else fallback[key] for key in english}
    return Labels(lang, {**borrowed, **defaults, **own}, english)


def _isolated(wording: object) -> object:
    """English ``wording`` (a sentence, or a table of plural forms) kept left to right."""
    if isinstance(wording, dict):
        return {category: _isolated(form) for category, form in wording.items()}
    return f"{LEFT_TO_RIGHT_ISOLATE}{wording}{POP_DIRECTIONAL_ISOLATE}"


def english_wording_warnings(templates: Path, languages: tuple[str, ...]) -> list[str]:
    """One line per language naming every label that is still shown in English."""
    path = templates / "languages.toml"
    warnings = []
    for lang in languages:
        english = labels_for(templates, lang).english
        if english:
            what = f"no [{lang}] table" if lang not in _load(path) else f"[{lang}] is incomplete"
            warnings.append(f"{path}: {what}; using English for: {', '.join(english)}; "
                            f"add them to [{lang}] to translate them")
    return warnings
