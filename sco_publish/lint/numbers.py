"""Numbers, amounts and dates in running text, read by value in the text's own locale.

"2.5 trillion" = "2,5 трлн" = "2.5万亿"; "July 10, 2015" = "10 июля 2015 года" =
"2015年7月10日" = "2015 жылғы 10 шілде" = "二〇一五年七月十日"; "25th" = "25-летие" = "25周年";
"5th Forum" = "V Форум"; "650 billion" = "六千五百亿"; "1.5 million" = "полтора миллиона";
full-width digits (２０２５) are digits. Babel supplies month names and the decimal and
group symbols; scale words, number words, month forms it lacks, the words Roman numerals
count and the Roman and Chinese numerals themselves come from data/languages.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import NamedTuple

import ahocorasick
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from sco_publish.glossary.languages import ASCII_DIGITS, language_rules, locale_digits, numerals
from sco_publish.glossary.matching import lowercase_keeping_offsets, normalize_for_matching

FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", ASCII_DIGITS)
_FULL_WIDTH = re.compile("[０-９]")
SPACES = "\u00a0\u202f "


class Quantity(NamedTuple):  # a tuple: made by the hundred thousand in a lint run
    kind: str  # "number" or "month"
    value: Decimal
    text: str
    start: int


@dataclass(frozen=True)
class _Reader:
    number: re.Pattern[str]
    months: re.Pattern[str] | None
    month_numbers: dict[str, int]
    roman: re.Pattern[str] | None
    roman_letter: re.Pattern[str]  # any Roman numeral letter: a text without one needs no look for numerals
    decimal: str
    scales: dict[str, Decimal]
    month_marker: str  # in Chinese, every written month contains 月
    month_names: ahocorasick.Automaton | None  # elsewhere, where a month name may start: lower case → length
    chinese_numerals: re.Pattern[str] | None
    not_digit: re.Pattern[str]  # group separators and anything else but digits and the decimal sign
    own_digits: dict[int, int] | None  # the locale's own digits (Persian ۱۲۳) → 0–9, same offsets
    number_words: re.Pattern[str] | None  # a run of number words, then maybe a scale word
    word_values: dict[str, Decimal]


def _month_forms(lang: str) -> dict[str, int]:
    """Month names of ``lang`` in every form Babel knows, plus the forms the table adds (в январе)."""
    locale = Locale.parse(lang)
    forms: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in locale.months[context]["wide"].items():
            forms[name.lower()] = number
    forms.update(language_rules(lang).month_forms)
    return forms


@cache
def _reader(lang: str) -> _Reader:
    rules = language_rules(lang)
    locale = Locale.parse(lang)
    decimal = get_decimal_symbol(locale)
    group = get_group_symbol(locale)
    groups = re.escape(group) if group.strip() else f"[{SPACES}]"
    scales = {word: Decimal(value) for word, value in rules.scales.items()}
    scale_words = "|".join(re.escape(w) for w in sorted(scales, key=len, reverse=True))
    scale_part = ""
    if scales:
        gap = "" if rules.substring else r"\s*"
        tail = "" if rules.substring else r"[^\W\d_]*\.?"
        scale_part = rf"(?:{gap}(?P<scale>{scale_words}){tail})?"
    # The first digit comes first in the pattern (then "no digit before it") so that the
    # regex engine can skip ahead to digits instead of trying every position.
    number = re.compile(
        rf"(?P<digits>[0-9](?<![0-9]{{2}})(?:[0-9]{{0,2}}(?:{groups}[0-9]{{3}})+(?:{re.escape(decimal)}[0-9]+)?"
        rf"|[0-9]*(?:{re.escape(decimal)}[0-9]+)?)){scale_part}",
        re.IGNORECASE,
    )
    month_numbers = _month_forms(lang)
    if rules.substring:
        months = re.compile("|".join(re.escape(m) for m in sorted(month_numbers, key=len, reverse=True))
                            + r"|(?P<digitmonth>[0-9]{1,2})\s*月")
    else:
        after = rules.ending_pattern() if rules.suffixes else ""
        names = "|".join(re.escape(m) for m in sorted(month_numbers, key=len, reverse=True))
        months = re.compile(rf"(?<!\w)(?P<month>{names}){after}(?!\w)", re.IGNORECASE)
    roman = None
    letters = "".join(numerals().roman)
    if rules.roman_before:
        words = "|".join(re.escape(w) for w in rules.roman_before)
        # a numeral letter first (then "no letter before it"), so the engine skips ahead to
        # them; the counted word may follow one adjective (V Международный форум)
        roman = re.compile(rf"(?P<roman>[{letters}](?<!\w[{letters}])[{letters}]*)\s+(?:[^\W\d_]+\s+)?(?i:{words})")
    month_names = None
    if not rules.substring:
        month_names = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for name in month_numbers:
            month_names.add_word(name)
        month_names.make_automaton()
    chinese = numerals()
    numeral_characters = "".join(chinese.chinese_digits) + "".join(chinese.chinese_units) + "".join(chinese.chinese_myriads)
    chinese_numerals = re.compile(f"[{numeral_characters}]+") if rules.chinese_numerals else None
    word_values = {word: Decimal(str(value)) for word, value in rules.number_words.items()}
    number_words = None
    if word_values:
        one = "|".join(re.escape(w) for w in sorted(word_values, key=len, reverse=True))
        number_words = re.compile(rf"(?<!\w)(?P<words>(?:{one})(?:\s+(?:{one}))*)(?!\w){scale_part}", re.IGNORECASE)
    return _Reader(number, months, month_numbers, roman, re.compile(f"[{letters}]"), decimal, scales, "月" if rules.substring else "",
                   month_names, chinese_numerals, re.compile(f"[^0-9{re.escape(decimal)}]"),
                   str.maketrans(locale_digits(lang), ASCII_DIGITS) if locale_digits(lang) != ASCII_DIGITS else None,
                   number_words, word_values)


def extract_quantities(text: str, lang: str, months: bool = True) -> tuple[Quantity, ...]:
    """Every number (with its scale applied) and, unless not wanted, every month named in
    ``text``. Numbers in words are read in translations only (``missing_quantities``): in
    a source, "one of the …" is no number the translation must repeat.

    Values are compared as numbers (Decimal equality ignores how they are written), so
    they are not normalized here.
    """
    reader = _reader(lang)
    if reader.own_digits:
        text = text.translate(reader.own_digits)
    if _FULL_WIDTH.search(text):
        text = text.translate(FULL_WIDTH_DIGITS)
    found: list[Quantity] = []
    for match in reader.number.finditer(text):
        digits = match.group("digits")
        if not digits.isdigit():
            digits = reader.not_digit.sub("", digits).replace(reader.decimal, ".")
        value = Decimal(digits)
        scale = match.group("scale") if reader.scales else None
        if scale:
            value *= reader.scales[_scale_key(reader, scale)]
        found.append(Quantity("number", value, match.group(0).strip(), match.start()))
    for match in _month_matches(reader, text) if months else ():
        if match.lastgroup == "digitmonth":
            number = int(match.group("digitmonth"))
        else:
            number = reader.month_numbers[(match.group("month") if match.lastgroup == "month" else match.group(0)).lower()]
        found.append(Quantity("month", Decimal(number), match.group(0), match.start()))
    if reader.roman and reader.roman_letter.search(text):
        for match in reader.roman.finditer(text):
            found.append(Quantity("number", Decimal(roman_value(match.group("roman"))), match.group(0), match.start()))
    if reader.chinese_numerals:
        for match in reader.chinese_numerals.finditer(text):
            value = chinese_value(match.group(0))
            if value is not None:
                found.append(Quantity("number", Decimal(value), match.group(0), match.start()))
    found.sort(key=_by_start)
    return tuple(found)


_by_start = attrgetter("start")  # in C: a sort key called for every quantity found


def _number_words(reader: _Reader, text: str, lang: str) -> Iterator[Quantity]:
    """Numbers in words: "двадцать пять" = 25, "полтора миллиона" = 1.5 million, "бір жарым" = 1.5."""
    for match in reader.number_words.finditer(normalize_for_matching(text, lang)):
        value = sum(reader.word_values[word.lower()] for word in match.group("words").split())
        scale = match.group("scale")
        if scale:
            value *= reader.scales[_scale_key(reader, scale)]
        yield Quantity("number", value, match.group(0).strip(), match.start())


def _month_matches(reader: _Reader, text: str) -> Iterator[re.Match[str]]:
    """Months named in ``text``. The full pattern is slow, and most segments name no month,
    so it is tried only where an automaton saw a month name start (or, in Chinese, on
    text that has 月 at all)."""
    if reader.month_names is None:
        if reader.month_marker in text:
            yield from reader.months.finditer(text)
        return
    end = 0
    for position in sorted({last - length + 1 for last, length in reader.month_names.iter(lowercase_keeping_offsets(text))}):
        match = reader.months.match(text, position) if position >= end else None
        if match:
            end = match.end()
            yield match


def _scale_key(reader: _Reader, written: str) -> str:
    lowered = written.lower()
    return max((w for w in reader.scales if lowered.startswith(w.lower())), key=len)


def roman_value(numeral: str) -> int:
    letters = numerals().roman
    total = 0
    for current, following in zip(numeral, numeral[1:] + " "):
        value = letters[current]
        total += -value if following != " " and letters[following] > value else value
    return total


def chinese_value(numeral: str) -> int | None:
    """二十五 → 25, 一百零八 → 108, 三 → 3, 六千五百亿 → 650,000,000,000, 二〇二五 → 2025
    (digits alone, as years are written, count digit by digit); None for strings that
    are not numerals (万 alone)."""
    table = numerals()
    digits, units, myriads = table.chinese_digits, table.chinese_units, table.chinese_myriads
    if len(numeral) > 1 and all(char in digits for char in numeral):
        return int("".join(str(digits[char]) for char in numeral))
    total, section, digit = 0, 0, None
    for char in numeral:
        if char in digits:
            digit = digits[char]
        elif char in units:
            section += (1 if digit is None else digit) * units[char]
            digit = None
        else:
            section += digit or 0
            digit = None
            if not section and not total:
                return None
            if myriads[char] == max(myriads.values()):  # 亿 multiplies the 万 before it too
                total = (total + section) * myriads[char]
            else:
                total += section * myriads[char]
            section = 0
    return total + section + (digit or 0)


def missing_quantities(wanted: tuple[Quantity, ...], target: str, target_lang: str) -> list[Quantity]:
    """Quantities ``wanted`` (those of the source) that ``target`` does not contain, compared by value."""
    if not wanted:
        return []
    # looking for months is half the work, and only a source naming one needs it
    needs_months = any(quantity.kind == "month" for quantity in wanted)
    present = {(q.kind, q.value) for q in extract_quantities(target, target_lang, months=needs_months)}
    missing = _not_in(wanted, present)
    if missing and _reader(target_lang).number_words:  # only then read number words: most translations need not
        present |= {(q.kind, q.value) for q in _number_words(_reader(target_lang), target, target_lang)}
        missing = _not_in(missing, present)
    return missing


def _not_in(wanted: tuple[Quantity, ...] | list[Quantity], present: set[tuple[str, Decimal]]) -> list[Quantity]:
    missing, seen = [], set()
    for quantity in wanted:
        key = (quantity.kind, quantity.value)
        if key not in present and key not in seen:
            seen.add(key)
            missing.append(quantity)
    return missing
