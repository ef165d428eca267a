"""Editions: HTML and PDF renderings of the texts in each language and language pair."""
