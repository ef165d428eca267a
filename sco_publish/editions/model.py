"""What an edition is: a document in one language or a language pair, and where it goes."""

from __future__ import annotations

from dataclasses import dataclass

from sco_publish.texts.model import Document


@dataclass(frozen=True)
class Edition:
    document: Document
    langs: tuple[str, ...]  # ("ru",) or ("en", "ru")

    @property
    def slug(self) -> str:
        return "-".join(self.langs)

    @property
    def bilingual(self) -> bool:
        return len(self.langs) == 2

    @property
    def lang(self) -> str:
        """The edition's main language: the translation in a bilingual edition."""
        return self.langs[-1]

    def filename(self, extension: str) -> str:
        return f"{self.document.id}/{self.slug}.{extension}"


def editions_for(documents: list[Document], languages: tuple[str, ...], source: str) -> list[Edition]:
    result = []
    for document in documents:
        result += [Edition(document, (lang,)) for lang in languages]
        result += [Edition(document, (source, lang)) for lang in languages if lang != source]
    return result


@dataclass(frozen=True)
class Selection:
    """Which editions ``build --doc --lang`` asks for; empty lists ask for every one.

    A language code selects every edition written in it (``ru``: ru and en-ru; the source
    language ``en``: en and every bilingual edition); a bilingual edition's name (``en-ru``)
    selects that edition alone."""

    documents: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()

    def unknown_documents(self, editions: list[Edition]) -> list[str]:
        known = {edition.document.id for edition in editions}
        return [name for name in dict.fromkeys(self.documents) if name not in known]

    def unknown_langs(self, editions: list[Edition]) -> list[str]:
        known = {lang for edition in editions for lang in edition.langs} | {edition.slug for edition in editions}
        return [name for name in dict.fromkeys(self.langs) if name not in known]

    def includes(self, edition: Edition) -> bool:
        document_asked = not self.documents or edition.document.id in self.documents
        lang_asked = not self.langs or edition.slug in self.langs or any(
            lang in self.langs for lang in edition.langs)
        return document_asked and lang_asked
