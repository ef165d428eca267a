"""Loading a project's inputs: the canonical texts and the glossary named by the settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sco_publish.texts.model import Document
from sco_publish.errors import UserError
from sco_publish.glossary.tbx import Glossary, load_glossary
from sco_publish.settings import Settings
from sco_publish.texts.reader import load_document


def load_documents(settings: Settings) -> list[Document]:
    return [load_document(path) for path in canonical_text_paths(settings)]


def canonical_text_paths(settings: Settings) -> list[Path]:
    paths = settings.text_paths()
    if not paths:
        raise UserError(settings.texts_dir, "no canonical texts (*.xml) here; check [tool.sco-publish] texts")
    return paths


def load_project_glossary(settings: Settings) -> Glossary:
    if not settings.glossary_path.is_file():
        raise UserError(settings.glossary_path, "glossary not found; check [tool.sco-publish] glossary")
    return load_glossary(settings.glossary_path, settings.languages)


def load_lint_glossary(settings: Settings) -> Glossary:
    """The glossary with the project's texts, whose lower-case words tell common words from
    names (term-unknown and ``terms --missing``: one engine, one evidence)."""
    return replace(load_glossary(settings.glossary_path, settings.languages), texts=tuple(settings.text_paths()))
