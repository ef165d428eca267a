"""Issue 13: the classes of cases the lint got wrong, each with flagged and clean examples.

Other people who share a protected name, names broken by soft hyphens and line breaks,
numbers not written in digits, plural entries, texts in other languages than English,
and glossary coverage.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO

from sco_publish.glossary.tbx import load_glossary
from sco_publish.lint.checks import indexes_for
from sco_publish.lint.model import Unit
from sco_publish.lint.rules import check_unit

LANGUAGES = ("en", "ru", "zh", "kk")
GLOSSARY = load_glossary(REPO / "texts" / "glossary.tbx", LANGUAGES)
INDEXES = indexes_for(GLOSSARY, set(LANGUAGES))


def found(source: str, target: str | None = None, lang: str | None = None) -> list[tuple[str, str]]:
    """(rule, text found) of every hit but term-unknown: a text alone when ``target`` is None."""
    unit = Unit(path=Path("x.po"), line=1, context="s1", source=source, source_lang=lang if target is None and lang else "en",
                target=target, target_lang=lang if target is not None else None,
                state="translated" if target is not None else None)
    return [(hit.rule, hit.found) for hit in check_unit(unit, GLOSSARY, INDEXES) if hit.rule != "term-unknown"]


# ---------------------------------------------------------------- other people who share a name

@pytest.mark.parametrize("source, target, lang", [
    # another Sharif: the former prime minister, his daughter
    ("Former Prime Minister Nawaz Sharif met the delegation in Lahore.",
     "Бывший премьер-министр Наваз Шариф встретился с делегацией в Лахоре.", "ru"),
    ("Former Prime Minister Nawaz Sharif met the delegation in Lahore.", "前总理纳瓦兹·谢里夫在拉合尔会见了代表团。", "zh"),
    ("Maryam Nawaz Sharif, Chief Minister of Punjab, opened the fair.",
     "Главный министр Пенджаба Марьям Наваз Шариф открыла ярмарку.", "ru"),
    ("Students of Sharif University of Technology took part.", "谢里夫理工大学的学生参加了活动。", "zh"),
    ("Prime Minister Shehbaz Sharif spoke.", "Выступил Шариф.", "ru"),  # a verb, not a given name, before him
    # feminine surname forms: relatives and namesakes
    ("Aida Japarova, a member of parliament, chaired the session.",
     "Заседание вела депутат парламента Аида Жапарова.", "ru"),
    ("Aida Japarova, a member of parliament, chaired the session.", None, None),
    ("Dariga Tokayeva presented the report.", None, None),
    ("Айгерім Токаева баяндама жасады.", None, "kk"),
    # a given name one letter away from a protected one (Shavkat Mirziyoyev)
    ("Shaukat Aziz, a former prime minister of Pakistan, spoke.", None, None),
    ("Shaukat Aziz, a former prime minister of Pakistan, spoke.",
     "Выступил бывший премьер-министр Пакистана Шаукат Азиз.", "ru"),
])
def test_other_people_who_share_a_name_are_clean(source, target, lang):
    assert found(source, target, lang) == []


@pytest.mark.parametrize("source, target, lang, expected", [
    ("Prime Minister Shehbaz Sharif spoke.", "前总理纳瓦兹·谢里夫发言。", "zh", ("term-missing", "Shehbaz Sharif")),
    ("Prime Minister Shehbaz Sharif spoke.", "Выступил премьер-министр Шехбаз Шариф.", "ru",
     ("term-deprecated", "Шехбаз Шариф")),
    ("Sadyr Zhaparov and Shavkhat Mirziyoyev signed.", None, None, ("term-deprecated", "Zhaparov")),
    ("Sadyr Zhaparov and Shavkhat Mirziyoyev signed.", None, None, ("term-misspelled", "Shavkhat")),
    ("Касым-Жомарт Токаев сөз сөйледі.", None, "kk", ("term-deprecated", "Токаев")),
    ("Президент Токаева сөзі.", None, "kk", ("term-deprecated", "Токаева")),
])
def test_near_misses_of_protected_names_are_still_flagged(source, target, lang, expected):
    assert expected in found(source, target, lang)


# ---------------------------------------------------------------- names broken by soft hyphens and line breaks

SHY = "\u00ad"


@pytest.mark.parametrize("source, target, lang, expected", [
    ("President Japarov spoke.", f"Выступил президент Джа{SHY}паров.", "ru", ("term-deprecated", f"Джа{SHY}паров")),
    ("President Japarov spoke.", f"Выступил президент Джапа{SHY}\nров.", "ru", ("term-deprecated", f"Джапа{SHY}\nров")),
    ("The OCS summit.", None, None, ("term-deprecated", "OCS")),
    (f"President Zapa{SHY}rov spoke.", None, None, ("term-deprecated", f"Zapa{SHY}rov")),
    ("President Japarov spoke.", "贾帕\n罗夫总统发言。", "zh", ("term-deprecated", "贾帕\n罗夫")),
])
def test_a_deprecated_name_broken_inside_is_still_caught(source, target, lang, expected):
    assert expected in found(source, target, lang)


@pytest.mark.parametrize("source, target, lang", [
    ("President Japarov spoke.", f"Выступил президент Жа{SHY}паров.", "ru"),
    ("President Japarov spoke.", f"Выступил президент Садыр\nЖапаров.", "ru"),
    ("President Tokayev spoke.", f"Президент Тоқа{SHY}ев сөз сөйледі.", "kk"),
    ("President Japarov spoke.", "扎帕罗夫\n总统发言。", "zh"),
    ("President Japarov spoke.", "扎帕\n罗夫总统发言。", "zh"),
])
def test_a_correct_name_broken_inside_still_counts(source, target, lang):
    assert found(source, target, lang) == []


def _lint_json(cli, project: Path, *args) -> list[dict]:
    result = cli("lint", "--format", "json", *args, cwd=project)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def test_hard_wrapped_text_is_checked_by_paragraph(cli, project):
    notes = project / "notes.md"
    notes.write_text("# Summit notes\n\nThe delegation of Uzbekistan was led by Shavkhat\nMirziyoyev, and Kyrgyzstan by\n"
                     "Sadyr Zaparov; Pakistan by Prime Minister Shahbaz\nSharif.\n\nThe Council of Heads of State of the OCS met in\nTianjin.\n", encoding="utf-8")
    findings = _lint_json(cli, project, notes)
    lines = notes.read_text(encoding="utf-8").split("\n")
    where = {(f["rule"], f["found"]): (f["line"], lines[f["line"] - 1][f["column"] - 1:], f["end_line"], f["end_column"])
             for f in findings if f["rule"] != "term-unknown"}
    assert where == {
        ("term-misspelled", "Shavkhat"): (3, "Shavkhat", 3, 49),
        ("term-deprecated", "Zaparov"): (5, "Zaparov; Pakistan by Prime Minister Shahbaz", 5, 14),
        ("term-deprecated", "Shahbaz\nSharif"): (5, "Shahbaz", 6, 7),  # across the line break
        ("term-deprecated", "OCS"): (8, "OCS met in", 8, 41),
    }


def test_a_correct_name_broken_across_lines_of_a_text_is_clean(cli, project):
    notes = project / "notes.txt"
    notes.write_text("President Shavkat\nMirziyoyev of Uzbekistan and Prime Minister Shehbaz\nSharif of Pakistan met.\n",
                     encoding="utf-8")
    assert [f for f in _lint_json(cli, project, notes) if f["rule"] != "term-unknown"] == []


# ---------------------------------------------------------------- texts in any language

RUSSIAN_RELEASE = ("Президент Киргизии Садыр Джапаров и президент Узбекистана Шавкат Мирзиёевв\n"
                   "обсудили повестку ШОС.\n")


@pytest.mark.parametrize("name, args, settings", [
    ("release.ru.md", (), ""),
    ("release.md", ("--lang", "ru"), ""),
    ("release.txt", (), '\n[tool.sco-publish.lint]\ntext-language = "ru"\n'),
])
def test_a_russian_text_is_checked_in_russian(cli, project, name, args, settings):
    if settings:
        with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
            handle.write(settings)
    path = project / name
    path.write_text(RUSSIAN_RELEASE, encoding="utf-8")
    findings = _lint_json(cli, project, *args, path)
    assert {(f["rule"], f["found"], f["lang"]) for f in findings} == {
        ("term-deprecated", "Джапаров", "ru"), ("term-misspelled", "Мирзиёевв", "ru")}


@pytest.mark.parametrize("name, text", [
    ("draft.zh.md", "上海合作组织成员国元首理事会会议在天津举行。吉尔吉斯斯坦总统扎帕罗夫出席。\n"),
    ("draft.ru.md", "Президенту Садыру Жапарову и Шавкату Мирзиёеву вручили приглашения на саммит ШОС.\n"),
    ("draft.kk.txt", "Тоқаевқа және Шавкат Мирзиёевке ШЫҰ-ның шақыруы табыс етілді.\n"),
])
def test_clean_texts_in_other_languages_pass(cli, project, name, text):
    path = project / name
    path.write_text(text, encoding="utf-8")
    assert _lint_json(cli, project, path) == []


def test_a_chinese_draft_with_a_deprecated_name_fails(cli, project):
    path = project / "draft.md"
    path.write_text("吉尔吉斯斯坦总统贾帕罗夫出席了会议。\n", encoding="utf-8")
    assert [(f["rule"], f["found"]) for f in _lint_json(cli, project, "--lang", "zh", path)] == [
        ("term-deprecated", "贾帕罗夫")]


def test_an_unknown_text_language_is_bad_input(cli, project):
    path = project / "draft.md"
    path.write_text("Text.\n", encoding="utf-8")
    result = cli("lint", "--lang", "xx", path, cwd=project)
    assert result.returncode == 2 and "text language 'xx'" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- numbers not written in digits

@pytest.mark.parametrize("source, target, lang", [
    ("Trade reached USD 650 billion in 2024.", "2024年贸易额达到六千五百亿美元。", "zh"),
    ("Trade reached USD 2.5 trillion.", "贸易额达到二万五千亿美元。", "zh"),
    ("Done at Tianjin on September 1, 2025.", "二〇二五年九月一日订于天津。", "zh"),
    ("Done at Tianjin on September 1, 2025.", "２０２５年９月１日订于天津。", "zh"),
    ("The programme trained 1.5 million young people.", "Программа подготовила полтора миллиона молодых людей.", "ru"),
    ("Twenty-five states took part: 25 delegations.", "Участвовали двадцать пять делегаций.", "ru"),
    ("The 5th Forum of SCO Regions opened in Chelyabinsk.", "В Челябинске открылся V Форум регионов ШОС.", "ru"),
    ("The 5th Forum of SCO Regions opened in Chelyabinsk.", "В Челябинске открылся V Международный форум регионов ШОС.", "ru"),
    ("The 25th meeting of the Council.", "Кеңестің XXV отырысы.", "kk"),
    ("The 5th Forum of SCO Regions opened.", "ШЫҰ өңірлерінің V Форумы ашылды.", "kk"),
    ("The fund holds 1.5 million dollars.", "Қорда бір жарым миллион доллар бар.", "kk"),
])
def test_numbers_in_words_numerals_and_full_width_digits_are_read(source, target, lang):
    assert [rule for rule, _ in found(source, target, lang)] == []


@pytest.mark.parametrize("source, target, lang, missing", [
    ("Trade reached USD 650 billion in 2024.", "2024年贸易额达到六千亿美元。", "zh", "650 billion"),
    ("Done at Tianjin on September 1, 2025.", "二〇二四年九月一日订于天津。", "zh", "2025"),
    ("Done at Tianjin on September 1, 2025.", "２０２５年８月１日订于天津。", "zh", "September"),
    ("The programme trained 2.5 million young people.", "Программа подготовила полтора миллиона молодых людей.", "ru",
     "2.5 million"),
    ("The 5th Forum of SCO Regions opened.", "Открылся IV Форум регионов ШОС.", "ru", "5"),
    ("The 25th meeting of the Council.", "Кеңестің XXIV отырысы.", "kk", "25"),
])
def test_numbers_in_words_numerals_and_full_width_digits_that_differ_are_found(source, target, lang, missing):
    assert ("number-mismatch", missing) in found(source, target, lang)


# ---------------------------------------------------------------- plural entries

PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n != 1);",
    "zh": "nplurals=1; plural=0;",
}


def _plural_catalog(project: Path, lang: str, *forms: str) -> Path:
    path = project / f"plural.{lang}.po"
    strings = "".join(f'msgstr[{n}] "{form}"\n' for n, form in enumerate(forms))
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n'
        f'"Plural-Forms: {PLURAL_FORMS[lang]}\\n"\n\n'
        'msgctxt "s1"\nmsgid "%d document was signed."\nmsgid_plural "%d documents of the SCO were signed."\n'
        f"{strings}", encoding="utf-8")
    return path


def _plural_findings(cli, project: Path, lang: str, *forms: str) -> list[tuple[str, str, int]]:
    """(rule, found, line) of each finding; msgstr[n] is on line 10 + n."""
    findings = _lint_json(cli, project, _plural_catalog(project, lang, *forms))
    return sorted((f["rule"], f["found"], f["line"]) for f in findings)


@pytest.mark.parametrize("lang, forms", [
    ("ru", ("Подписан %d документ ШОС.", "Подписаны %d документа ШОС.", "Подписано %d документов ШОС.")),
    ("kk", ("%d құжатқа қол қойылды.", "ШЫҰ-ның %d құжатына қол қойылды.")),  # form 0 is for n = 1 alone
    ("zh", ("签署了%d份上合组织文件。",)),
])
def test_each_plural_form_renders_the_terms_of_the_strings_it_translates(cli, project, lang, forms):
    assert _plural_findings(cli, project, lang, *forms) == []


@pytest.mark.parametrize("lang, forms, expected", [
    # Russian msgstr[0] also serves 21, 31, …: it translates the msgid_plural too
    ("ru", ("Подписан %d документ.", "Подписаны %d документа ШОС.", "Подписано %d документов ШОС."),
     [("term-missing", "SCO", 10)]),
    ("ru", ("Подписан %d документ ШОС.", "Подписаны %d документа ШОС.", "Подписано %d документов."),
     [("term-missing", "SCO", 12)]),
    ("ru", ("Подписан %d документ ШОС.", "Подписаны %d документа ОШС.", "Подписано %d документов ШОС."),
     [("term-missing", "SCO", 11)]),
    ("kk", ("%d құжатқа қол қойылды.", "%d құжатқа қол қойылды."), [("term-missing", "SCO", 11)]),
    ("zh", ("签署了%d份文件。",), [("term-missing", "SCO", 10)]),  # the one Chinese form serves every n
])
def test_a_plural_form_lacking_a_term_of_its_string_is_flagged_on_its_line(cli, project, lang, forms, expected):
    assert _plural_findings(cli, project, lang, *forms) == expected


def test_a_deprecated_term_in_one_plural_form_is_flagged_there(cli, project):
    findings = _plural_findings(cli, project, "ru", "Подписан %d документ ШОС.", "Подписаны %d документа ШОС.",
                                "Подписано %d документов ШОС и Джапарова.")
    assert findings == [("term-deprecated", "Джапарова", 12)]


# ---------------------------------------------------------------- glossary coverage

def _missing(cli, project: Path, *args) -> dict[str, dict]:
    """The names `terms --missing` lists, each with count, segments and its gap's reason."""
    result = cli("terms", "--missing", "--format", "json", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    return {entry["name"]: entry for entry in json.loads(result.stdout)}


def test_terms_missing_lists_names_the_glossary_lacks_with_counts_and_segments(cli, project):
    missing = _missing(cli, project)
    heilongjiang = missing["Heilongjiang"]
    assert (heilongjiang["count"], heilongjiang["segments"]) == (1, ["tianjin-declaration:s119"])
    assert heilongjiang["gap"].startswith("Places and regions named once")  # its reason in texts/glossary-gaps.toml
    assert missing["Second World War"]["count"] >= 2
    # names the glossary has are not listed (the countries now too), nor capitalised words that are no names
    assert not {"Tianjin", "Shanghai Cooperation Organization", "SCO", "Tokayev", "September", "President",
                "China", "Kyrgyz Republic", "People’s Republic of China", "Organization", "Meeting"} & set(missing)
    glossary = project / "texts" / "glossary.tbx"
    text = glossary.read_text(encoding="utf-8")
    concept = ('<conceptEntry id="heilongjiang"><descrip type="subjectField">place</descrip><langSec xml:lang="en">'
               '<termSec><term>Heilongjiang</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>'
               '</termSec></langSec></conceptEntry>\n      </body>')
    glossary.write_text(text.replace("</body>", concept, 1), encoding="utf-8")
    assert "Heilongjiang" not in _missing(cli, project)


def test_term_unknown_warns_on_a_name_the_glossary_lacks(cli, project):
    notes = project / "notes.md"
    notes.write_text("The Council of Heads of State met in Tianjin. President Tokayev visited Chukotka\n"
                     "and the Novosibirsk International Innovation Industrial Exhibition.\n", encoding="utf-8")
    result = cli("lint", "--format", "json", notes, cwd=project)
    assert result.returncode == 0  # a warning
    findings = json.loads(result.stdout)["findings"]
    assert sorted((f["rule"], f["severity"], f["found"], f["line"]) for f in findings) == [
        ("term-unknown", "warning", "Chukotka", 1),
        ("term-unknown", "warning", "Novosibirsk International Innovation Industrial Exhibition", 2)]


def test_term_unknown_is_waived_as_other_rules_are(cli, project):
    text = project / "texts" / "tianjin-declaration.xml"
    source = text.read_text(encoding="utf-8")
    segment = re.search(r'<p xml:id="s119">', source).group(0)
    gaps = project / "texts" / "glossary-gaps.toml"
    gaps.write_text(gaps.read_text(encoding="utf-8").replace('  "Heilongjiang",\n', ""), encoding="utf-8")
    result = cli("lint", "--format", "json", text, cwd=project)
    found = [f for f in json.loads(result.stdout)["findings"] if f["found"] == "Heilongjiang"]
    assert found and found[0].get("waiver") is None and found[0]["rule"] == "term-unknown"
    waiver = "<!-- lint-waive: term-unknown: a province named once; the terminologists decide -->"
    text.write_text(source.replace(segment, waiver + segment), encoding="utf-8")
    report = json.loads(cli("lint", "--format", "json", text, cwd=project).stdout)
    assert not [f for f in report["findings"] if f["found"] == "Heilongjiang"]
    waived = [f for f in report["waived"] if f["found"] == "Heilongjiang"]
    assert waived[0]["waiver"] == "a province named once; the terminologists decide"


@pytest.mark.parametrize("setting, message", [
    ('text-language = "xx"', "text language 'xx'"),
    ("text-language = 7", "text-language must be a string"),
])
def test_a_bad_text_language_setting_is_one_line(cli, project, setting, message):
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f"\n[tool.sco-publish.lint]\n{setting}\n")
    path = project / "draft.md"
    path.write_text("Text.\n", encoding="utf-8")
    result = cli("lint", path, cwd=project)
    assert result.returncode == 2 and message in result.stderr and "pyproject.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
