"""Exchange with CAT tools and translation platforms: XLIFF 2.1 and 1.2 per document and language, TMX 1.4b, TBX-Basic 2008.

Entry points: ``export_documents`` and ``import_files`` (``transfer``: XLIFF), ``write_tmx``,
``project_units`` and ``import_tmx`` (``tmx``), ``export_tbx2008``, ``read_tbx2008`` and
``merge_into_glossary`` (``tbx2008``).
"""
