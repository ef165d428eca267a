"""Where each document's catalogs live: locales/<lang>/LC_MESSAGES/<document>.po and locales/<document>.pot."""

from __future__ import annotations

from pathlib import Path

from sco_publish.settings import Settings


def catalog_path(settings: Settings, lang: str, document_id: str) -> Path:
    return settings.locales_dir / lang / "LC_MESSAGES" / f"{document_id}.po"


def template_path(settings: Settings, document_id: str) -> Path:
    return settings.locales_dir / f"{document_id}.pot"


def is_project_catalog(settings: Settings, path: Path) -> bool:
    """Whether ``path`` is a catalog sync manages (``locales/<lang>/LC_MESSAGES/*.po``), not
    some other .po file given to the lint."""
    try:
        relative = path.resolve().relative_to(settings.locales_dir.resolve())
    except ValueError:
        return False
    return len(relative.parts) == 3 and relative.parts[1] == "LC_MESSAGES" and relative.suffix == ".po"
