"""Editions: HTML and PDF renderings of the texts in each language and language pair.

Entry point: ``build`` (``build``), which reads the translations (``content``), checks the
glyphs against the fonts (``fonts``), renders HTML (``render``) and PDF (``pdf``) in worker
processes and replaces ``dist/`` all at once (``staging``).
"""
