"""``sco-publish validate``: every canonical text and the glossary, checked together."""

from __future__ import annotations

from pathlib import Path

from sco_publish.errors import Location, UserError
from sco_publish.glossary import check_glossary, load_glossary, missing_terms
from sco_publish.settings import Settings
from sco_publish.textfile import check_text, load_document


def validate_paths(settings: Settings, paths: list[Path]) -> list[UserError]:
    """Problems in ``paths`` (texts ``*.xml``, glossaries ``*.tbx``), plus references from texts to the glossary."""
    problems: list[UserError] = []
    clean_texts: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UserError(path, "no such file")
        try:
            if path.suffix == ".tbx":
                problems += check_glossary(path, settings.languages)
            else:
                found = check_text(path)
                problems += found
                if not found:
                    clean_texts.append(path)
        except UserError as error:
            problems.append(error)
    if clean_texts and settings.glossary_path.is_file():
        try:
            glossary = load_glossary(settings.glossary_path, settings.languages)
        except UserError:
            return problems  # already reported when the glossary itself is validated
        problems += _unknown_concept_references(clean_texts, {c.id for c in glossary.concepts})
    return problems


def glossary_gaps(settings: Settings, paths: list[Path]) -> list[str]:
    """Warnings (not problems) for valid glossaries among ``paths`` that lack terms in a project language."""
    return [
        warning
        for path in paths if path.suffix == ".tbx"
        for warning in missing_terms(load_glossary(path, settings.languages), settings.languages)
    ]


def _unknown_concept_references(paths: list[Path], concept_ids: set[str]) -> list[UserError]:
    problems = []
    for path in paths:
        document = load_document(path)
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
