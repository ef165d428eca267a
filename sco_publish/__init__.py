"""sco-publish: canonical SCO texts, their translation catalogs, a terminology lint and editions."""

__version__ = "0.1.0"
