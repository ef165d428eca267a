"""No-break spaces that keep numbers, dashes and short words with their neighbours."""

from sco_publish.editions.typography import NO_BREAK_SPACE as NB, bind_words


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
