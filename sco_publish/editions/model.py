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
