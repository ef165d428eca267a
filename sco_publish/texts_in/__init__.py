"""Bringing texts in from outside: a new canonical text from a plain-text, Markdown, HTML or DOCX file.

Entry point: ``import_text`` (``importer``).
"""
