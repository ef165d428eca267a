"""What an edition was built from: for its metadata (HTML ``<meta>``, PDF XMP), never its pages.

Readers cite paragraphs; whoever checks an edition needs the exact inputs: the source text
and the catalog (file, revision, sha256) and the tool's version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sco_publish import __version__
from sco_publish.editions.content import Translation
from sco_publish.editions.model import Edition


@dataclass(frozen=True)
class Provenance:
    source_file: str  # relative to the project
    source_sha256: str
    catalog_file: str = ""  # the translation's catalog; none for the source-language edition
    catalog_revision: str = ""
    catalog_sha256: str = ""
    tool: str = f"sco-publish {__version__}"

    def fields(self) -> dict[str, str]:
        """Name → value ("catalog-sha256" → "9f…"), empty values left out."""
        return {name.replace("_", "-"): value for name, value in vars(self).items() if value}


def provenance(root: Path, edition: Edition, translations: dict[str, Translation]) -> Provenance:
    document = edition.document
    translation = translations[edition.lang]
    catalog = translation.catalog
    return Provenance(
        source_file=_relative(root, document.path),
        source_sha256=hashlib.sha256(document.path.read_bytes()).hexdigest(),
        catalog_file=_relative(root, catalog) if catalog else "",
        catalog_revision=translation.revision,
        catalog_sha256=translation.sha256,
    )


def _relative(root: Path, path: Path) -> str:
    """``path`` as the project names it (POSIX, relative), or as given when it lies outside."""
    resolved = path.resolve()
    return resolved.relative_to(root.resolve()).as_posix() if resolved.is_relative_to(root.resolve()) else str(path)
