"""Aligning an existing translation into a catalog: paragraphs, then sentences."""
