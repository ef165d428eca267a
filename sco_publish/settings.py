"""Project settings from ``[tool.sco-publish]`` in pyproject.toml, with defaults for every key."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from sco_publish.errors import Location, UserError


@dataclass(frozen=True)
class Settings:
    root: Path
    source_language: str = "en"
    languages: tuple[str, ...] = ("en", "ru", "zh", "kk")
    texts: Path = Path("texts")
    locales: Path = Path("locales")
    templates: Path = Path("templates")
    output: Path = Path("dist")
    glossary: Path = Path("texts/glossary.tbx")
    memory: Path = Path("memory")  # imported translation memories (*.tmx) that sync suggests from
    memory_threshold: float = 0.75  # least similarity of a near match's source (0-1)
    lint: dict[str, Any] = field(default_factory=dict)

    @property
    def target_languages(self) -> tuple[str, ...]:
        """Edition languages that are translated through catalogs."""
        return tuple(lang for lang in self.languages if lang != self.source_language)

    def path(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else self.root / relative

    @property
    def texts_dir(self) -> Path:
        return self.path(self.texts)

    @property
    def locales_dir(self) -> Path:
        return self.path(self.locales)

    @property
    def templates_dir(self) -> Path:
        return self.path(self.templates)

    @property
    def output_dir(self) -> Path:
        return self.path(self.output)

    @property
    def glossary_path(self) -> Path:
        return self.path(self.glossary)

    @property
    def memory_dir(self) -> Path:
        return self.path(self.memory)

    def text_paths(self) -> list[Path]:
        return sorted(self.texts_dir.glob("*.xml"))


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` whose pyproject.toml has [tool.sco-publish]."""
    for folder in (start, *start.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.sco-publish" in pyproject.read_text(encoding="utf-8"):
            return folder
    return start


def load_settings(root: Path) -> Settings:
    pyproject = root / "pyproject.toml"
    table: dict[str, Any] = {}
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise UserError(Location(pyproject, getattr(error, "lineno", None)), f"invalid TOML: {error}") from None
        table = data.get("tool", {}).get("sco-publish", {})
    known = {
        "source-language", "languages", "texts", "locales", "templates", "output", "glossary", "lint",
        "memory", "memory-threshold",
    }
    for key in table:
        if key not in known:
            raise UserError(pyproject, f"unknown setting [tool.sco-publish] {key!r}; known: {', '.join(sorted(known))}")
    languages = tuple(table.get("languages", Settings.languages))
    source = table.get("source-language", Settings.source_language)
    if source not in languages:
        raise UserError(pyproject, f"source-language {source!r} is not one of languages {list(languages)}")
    for lang in languages:
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            raise UserError(pyproject, f"unknown language {lang!r} in [tool.sco-publish] languages; use a code Babel knows, such as 'ru'") from None
    threshold = table.get("memory-threshold", Settings.memory_threshold)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise UserError(pyproject, f"memory-threshold {threshold!r} is not a number above 0 and at most 1; use e.g. 0.75")
    return Settings(
        root=root,
        source_language=source,
        languages=languages,
        texts=Path(table.get("texts", Settings.texts)),
        locales=Path(table.get("locales", Settings.locales)),
        templates=Path(table.get("templates", Settings.templates)),
        output=Path(table.get("output", Settings.output)),
        glossary=Path(table.get("glossary", Settings.glossary)),
        memory=Path(table.get("memory", Settings.memory)),
        memory_threshold=float(threshold),
        lint=dict(table.get("lint", {})),
    )
