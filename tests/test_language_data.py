"""Issue 10: language knowledge is data. Each rule below is changed in a temporary copy of
data/languages.toml, and the lint (or the editions' part numbers) follows the copy."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest
from conftest import REPO

from sco_publish.editions.labels import Labels
from sco_publish.errors import UserError
from sco_publish.glossary import languages, matching, names
from sco_publish.glossary.tbx import load_glossary
from sco_publish.lint import checks, numbers
from sco_publish.lint.checks import indexes_for
from sco_publish.lint.rules import check_unit
from sco_publish.lint.model import Unit

LANGUAGES = ("en", "ru", "zh", "kk")
TABLE = REPO / "sco_publish" / "data" / "languages.toml"
CACHES = (languages.language_rules, languages.numerals, languages.name_heuristics,
          numbers._reader, matching.term_index, checks.name_index, checks._near_miss)


def _clear_caches() -> None:
    for cached in (languages._table, *CACHES):
        cached.cache_clear()


@pytest.fixture
def table(monkeypatch, tmp_path):
    """Edit the returned dict; the rules are then read from it (as a file written to disk)."""
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    copy = tmp_path / "languages.toml"

    @cache
    def load() -> dict:
        copy.write_text(_to_toml(data), encoding="utf-8")
        return tomllib.loads(copy.read_text(encoding="utf-8"))

    _clear_caches()
    monkeypatch.setattr(languages, "_table", load)
    yield data
    monkeypatch.undo()
    _clear_caches()


def _to_toml(data: dict, prefix: str = "") -> str:
    """Just enough TOML for the table (strings, numbers, booleans, lists, nested tables)."""
    def value(item) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, str):
            return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(item, list):
            return "[" + ", ".join(map(value, item)) + "]"
        return repr(item)
    lines = [f'"{key}" = {value(item)}' for key, item in data.items() if not isinstance(item, dict)]
    for key, item in data.items():
        if isinstance(item, dict):
            lines.append(f'\n[{prefix}"{key}"]\n' + _to_toml(item, f'{prefix}"{key}".'))
    return "\n".join(lines) + "\n"


def hits(source: str, target: str, lang: str) -> list[tuple[str, str]]:
    glossary = load_glossary(REPO / "texts" / "glossary.tbx", LANGUAGES)
    unit = Unit(path=Path("x.po"), line=1, context="s1", source=source, source_lang="en",
                target=target, target_lang=lang, state="translated")
    return [(hit.rule, hit.found) for hit in check_unit(unit, glossary, indexes_for(glossary, set(LANGUAGES)))]


def test_the_table_copy_alone_changes_nothing(table):
    assert hits("Talks in January 2025.", "Переговоры в январе 2025 года.", "ru") == []


def test_a_month_form_comes_from_the_table(table):
    source, target = "Talks in January 2025.", "Переговоры в янв. 2025 года."
    assert hits(source, target, "ru") == [("number-mismatch", "January")]
    table["ru"]["month-forms"]["янв"] = 1
    _clear_caches()
    assert hits(source, target, "ru") == []
    del table["ru"]["month-forms"]  # and the prepositional forms are no code either
    _clear_caches()
    assert hits(source, "Переговоры в январе 2025 года.", "ru") == [("number-mismatch", "January")]


def test_a_fold_comes_from_the_table(table):
    source, target = "Prime Minister Shehbaz Sharif spoke.", "Выступил премьер-министр Шахбаз Шарuф."  # a Latin u
    assert ("term-missing", "Shehbaz Sharif") in hits(source, target, "ru")
    table["ru"]["fold"]["u"] = "и"
    _clear_caches()
    assert ("term-missing", "Shehbaz Sharif") not in hits(source, target, "ru")


def test_the_name_separators_look_alikes_come_from_the_table(table):
    assert matching.normalize_for_matching("沙夫卡特•米尔济约耶夫", "zh") == "沙夫卡特·米尔济约耶夫"
    del table["zh"]["fold"]["•"]
    _clear_caches()
    assert matching.normalize_for_matching("沙夫卡特•米尔济约耶夫", "zh") == "沙夫卡特•米尔济约耶夫"


def test_the_possessive_is_one_mechanism(table):
    assert checks._candidates("japarov’s", "en") == ["japarov’s", "japarov"]
    table["en"]["term-suffix"] = "(?:-ning)?(?!\\w)"
    _clear_caches()
    assert checks._candidates("japarov’s", "en") == ["japarov’s"]
    assert checks._candidates("japarov-ning", "en") == ["japarov-ning", "japarov"]


def test_roman_and_chinese_numerals_are_one_table_for_lint_and_editions(table):
    assert Labels("en", {"numbering": "roman"}).part_number(1994) == "MCMXCIV"
    assert Labels("zh", {"numbering": "chinese"}).part_number(22) == "二十二、"
    assert hits("The XXI century.", "XXI век.", "ru") == []
    table["numerals"]["chinese"]["digits"] = {"〇": 0, "两": 2, **table["numerals"]["chinese"]["digits"]}
    table["numerals"]["roman"]["X"] = 20
    _clear_caches()
    assert Labels("zh", {"numbering": "chinese"}).part_number(22) == "两十两、"
    assert Labels("en", {"numbering": "roman"}).part_number(1994) == "MCMLXXIV"  # L + XX (2 × 20) + IV
    assert hits("The 21st century.", "XXI век.", "ru") == [("number-mismatch", "21")]  # XXI is 41 now


def test_name_heuristics_come_from_the_table(table):
    assert names.word_before("met " + "x" * 40 + " and Nawaz Sharif", 55, "en") == "Nawaz"
    assert names.names_someone_else("Presidents", ("sharif",), frozenset(), "en") is False  # a title's longer form
    table["name-heuristics"]["reach"] = 1
    table["name-heuristics"]["title-prefix"] = 20
    _clear_caches()
    assert names.word_before("met " + "x" * 40 + " and Nawaz Sharif", 55, "en") is None
    assert names.names_someone_else("Presidents", ("sharif",), frozenset(), "en") is True


def test_an_unknown_language_is_an_error_naming_what_to_do(table):
    with pytest.raises(UserError) as error:
        languages.language_rules("pl")
    assert "'pl'" in str(error.value) and "add a [pl] table to sco_publish/data/languages.toml" in str(error.value)
    table["pl"] = {}
    _clear_caches()
    assert languages.language_rules("pl").endings == ()


def test_a_catalog_in_a_language_the_table_lacks_is_one_line(cli, project):
    catalog = project / "x.po"
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       'msgctxt "s1"\nmsgid "Talks in Tianjin."\nmsgstr "Rozmowy w Tianjinie."\n', encoding="utf-8")
    result = cli("lint", catalog, cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == ("sco_publish/data/languages.toml: no rules for language 'pl'; add a [pl] table "
                                     "to sco_publish/data/languages.toml (an empty one means no inflection, CLDR's "
                                     "data only)")
