"""Typography of the edition text: no-break spaces, range dashes, words never hyphenated, running heads."""

from conftest import REPO

from sco_publish.editions.typography import (NO_BREAK_SPACE as NB, WORD_JOINER as WJ, bind_words, dash_ranges, shorten_at_word,
                                             mark_unhyphenated, typeset)
from sco_publish.glossary.tbx import load_glossary


def test_number_stays_with_its_word():
    assert bind_words("достиг 30 процентов", 0) == f"достиг 30{NB}процентов"
    assert bind_words("On 1 September 2025", 0) == f"On 1{NB}September 2025"


def test_no_line_starts_with_a_dash():
    assert bind_words("девиз которого — «25 лет ШОС»", 0) == f"девиз которого{NB}— «25{NB}лет ШОС»"


def test_short_words_bind_only_where_the_language_asks():
    assert bind_words("Председатель Си Цзиньпин в Астане", 2) == f"Председатель Си{NB}Цзиньпин в{NB}Астане"
    assert bind_words("President Xi Jinping in Astana", 0) == "President Xi Jinping in Astana"


def test_parts_of_words_and_abbreviations_are_left_alone():
    # "ШЫҰ-ға" and "U.S." end in short pieces that are not words of their own
    assert bind_words("ШЫҰ-ға мүше", 2) == "ШЫҰ-ға мүше"
    assert bind_words("the U.S. dollar", 2) == "the U.S. dollar"


def test_ranges_take_an_en_dash_but_dates_and_words_keep_their_hyphens():
    assert dash_ranges("в 2026-2035 годах, статьи 3-5") == f"в 2026–{WJ}2035 годах, статьи 3–{WJ}5"
    assert dash_ranges("2025-09-01, 80-летие, COVID-19") == "2025-09-01, 80-летие, COVID-19"
    assert dash_ranges("на 2026–2030 годы") == f"на 2026–{WJ}2030 годы"  # the translator's dash, joined


def test_names_addresses_and_numbers_are_marked_unhyphenated_and_text_is_escaped():
    glossary = load_glossary(REPO / "texts" / "glossary.tbx", ("en", "ru", "zh", "kk"))
    marked = str(typeset("Президент Масуд Пезешкиана <b> см.: https://www.fmprc.gov.cn/x 2026-2035", 2, glossary, "ru"))
    assert '<span class="whole">Масуд Пезешкиана</span>' in marked  # the term, its stem Пезешкиан| with a case ending
    assert '<span class="whole">https://www.fmprc.gov.cn/x</span>' in marked
    assert f'<span class="whole">2026–{WJ}2035</span>' in marked
    assert "&lt;b&gt;" in marked and "<b>" not in marked


def test_a_name_is_the_term_where_the_text_uses_it_not_each_of_its_words_everywhere():
    glossary = load_glossary(REPO / "texts" / "glossary.tbx", ("en", "ru", "zh", "kk"))
    marked = str(typeset("в Шанхайской организации сотрудничества, развитие сотрудничества", 2, glossary, "ru"))
    assert '<span class="whole">Шанхайской организации сотрудничества</span>' in marked
    assert marked.endswith("развитие сотрудничества")  # the same word outside the name


def test_the_pdf_gets_the_text_without_the_spans_and_a_joiner_after_each_word():
    html = mark_unhyphenated(str(typeset("Lukashenko met Mirziyoyev &", 0, None, "en")) +
                             ' <span class="whole">Alexander Lukashenko</span> and <span class="whole">Mirz&amp;iyoyev</span>'
                             ' <span class="whole">上海合作组织</span>')
    assert "<span" not in html
    assert html.startswith("Lukashenko met")  # no span, no joiner
    assert html.endswith(f"Alexander{WJ} Lukashenko{WJ} and Mirz&amp;iyoyev{WJ} 上海合作组织")  # "Mirz": too short


def test_running_heads_are_cut_at_a_word():
    fits = lambda text: len(text) <= 30  # noqa: E731
    assert shorten_at_word("Совета глав государств — членов Шанхайской организации", fits) == "Совета глав государств…"
    assert shorten_at_word("上海合作组织成员国元首理事会天津宣言", lambda text: len(text) <= 8) == "上海合作组织成…"
    assert shorten_at_word("Short title", fits) == "Short title"
