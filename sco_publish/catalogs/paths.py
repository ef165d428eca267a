"""Where each document's catalogs live: locales/<lang>/LC_MESSAGES/<document>.po and locales/<document>.pot."""

from __future__ import annotations

from pathlib import Path

from sco_publish.settings import Settings


def catalog_path(settings: Settings, lang: str, document_id: str) -> Path:
    return settings.locales_dir / lang / "LC_MESSAGES" / f"{document_id}.po"


def template_path(settings: Settings, document_id: str) -> Path:
    return settings.locales_dir / f"{document_id}.pot"
