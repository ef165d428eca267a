"""``sco-publish validate``: every canonical text and the glossary, checked together."""

from __future__ import annotations

from pathlib import Path

from sco_publish.texts.model import Document
from sco_publish.editions.labels import labels_for
from sco_publish.editions.printable import document_problems
from sco_publish.errors import Location, UserError
from sco_publish.glossary.coverage import missing_from_glossary, project_words, stale_gaps
from sco_publish.glossary.gaps import gaps_path, load_gaps
from sco_publish.glossary.tbx import check_glossary, load_glossary, missing_terms
from sco_publish.texts.ids import highest_catalog_id
from sco_publish.settings import Settings
from sco_publish.texts.reader import check_text, load_document


def validate_paths(settings: Settings, paths: list[Path]) -> list[UserError]:
    """Problems in ``paths`` (texts ``*.xml``, glossaries ``*.tbx`` with their gap lists), plus references from texts to the glossary."""
    problems: list[UserError] = []
    clean_texts: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UserError(path, "no such file")
        try:
            if path.suffix == ".tbx":
                problems += check_glossary(path, settings.languages)
                load_gaps(gaps_path(path))
            else:
                found = check_text(path, taken=highest_catalog_id(settings, path.stem))
                problems += found
                if not found:
                    clean_texts.append(path)
        except UserError as error:
            problems.append(error)
    documents = [load_document(path) for path in clean_texts]
    problems += _unprintable(settings, documents)
    if documents and settings.glossary_path.is_file():
        try:
            glossary = load_glossary(settings.glossary_path, settings.languages)
        except UserError:
            return problems  # already reported when the glossary itself is validated
        problems += _unknown_concept_references(documents, {c.id for c in glossary.concepts})
    return problems


def stale_gap_warnings(settings: Settings, paths: list[Path]) -> list[str]:
    """For valid projects whose glossary is among ``paths``: the entries of its gap list that no
    text has any more, found as `terms --missing` finds names. A warning, not a problem: a
    stale entry waives nothing, and a project may hold only some of the texts it was made for."""
    if settings.glossary_path.resolve() not in {path.resolve() for path in paths}:
        return []
    glossary, texts = load_glossary(settings.glossary_path, settings.languages), settings.text_paths()
    found = missing_from_glossary(texts, glossary, project_words(texts), glossary.gaps)
    return [str(problem) for problem in stale_gaps(glossary.gaps, found)]


def glossary_gaps(settings: Settings, paths: list[Path]) -> list[str]:
    """Warnings (not problems) for valid glossaries among ``paths`` that lack terms in a project language."""
    return [
        warning
        for path in paths if path.suffix == ".tbx"
        for warning in missing_terms(load_glossary(path, settings.languages), settings.languages)
    ]


def _unprintable(settings: Settings, documents: list[Document]) -> list[UserError]:
    """What the editions could not print (section numbers, list depth, control characters)."""
    if not documents:
        return []
    try:
        languages = [labels_for(settings.templates_dir, lang) for lang in settings.languages]
    except UserError as error:
        return [error]
    return [problem for document in documents for problem in document_problems(document, languages)]


def _unknown_concept_references(documents: list[Document], concept_ids: set[str]) -> list[UserError]:
    problems = []
    for document in documents:
        path = document.path
        references = [(s.person_ref, s.person.line) for s in document.signatures]
        if document.place_ref:
            references.append((document.place_ref, document.place.line))
        for ref, line in references:
            if ref not in concept_ids:
                problems.append(UserError(
                    Location(path, line, 1),
                    f"glossary has no concept {ref!r}; add it to the glossary or fix the reference",
                ))
    return problems


def project_paths(settings: Settings) -> list[Path]:
    return [*settings.text_paths(), settings.glossary_path]
