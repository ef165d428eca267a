"""Gettext catalogs: the model, the PO file format, syncing with the texts, statistics."""
