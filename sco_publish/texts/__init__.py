"""Canonical texts: the document model (``model``), the XML reader and checks (``reader``), and
stable segment IDs (``ids``).

Entry points: ``load_document`` and ``check_text`` (reader), ``assign_missing_ids`` (ids).
"""
