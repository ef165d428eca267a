"""The terminology glossary: the TBX termbase (``tbx``), finding its terms in text
(``matching``), per-language rules as data (``languages``), other people's names (``names``),
what the glossary lacks (``coverage``) and the gaps it keeps on purpose (``gaps``).

Entry points: ``load_glossary`` and ``check_glossary`` (tbx), ``term_index`` and ``find_terms``
(matching), ``language_rules`` and ``numerals`` (languages), ``missing_from_glossary``
(coverage), ``load_gaps`` (gaps).
"""
