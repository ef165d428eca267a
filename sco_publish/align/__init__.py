"""Aligning an existing translation into a catalog: paragraphs, then sentences.

Entry point: ``align_into_catalog`` (``apply``).
"""
