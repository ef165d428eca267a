"""Project settings from ``[tool.sco-publish]`` in pyproject.toml, with defaults for every key.

The table is checked against ``SCHEMA``, a declaration of each key's type and allowed
values, before anything reads it; then its paths are checked to stay in the project.
Each problem is one line naming the key's line in pyproject.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from sco_publish.errors import Location, UserError
from sco_publish.lint.model import SEVERITIES

TABLE = ("tool", "sco-publish")
# What editions print of a text's editorial notes (see editions/apparatus.py): a sentence
# counting them by kind, that and the full list in the English edition, or nothing.
EDITORIAL_NOTES = ("short", "full", "none")


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
    allow_paths_outside_project: bool = False
    lint: dict[str, Any] = field(default_factory=dict)
    align_threshold: float = 0.5  # aligned entries less confident than this are written as fuzzy
    base_url: str = ""  # where the output folder is published ("https://…/"); empty: links are relative
    editorial_notes: str = "short"  # one of EDITORIAL_NOTES

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


# ---------------------------------------------------------------- the schema

@dataclass(frozen=True)
class Rule:
    """What one setting may hold: a TOML type, described for the error message, and
    optionally the allowed values, the item type of a list, or the keys of a table."""

    kind: type | tuple[type, ...]
    what: str  # how the message names what is wanted: "a string (a folder)"
    example: str  # what to write instead
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()  # or a function giving them, asked when needed
    above: float | None = None  # for a number: the least value it must exceed
    at_least: float | None = None  # for a number: the least value it may take
    at_most: float | None = None  # for a number: the greatest value it may take
    items: type | None = None  # for a list: the type of each item
    keys: dict[str, Rule] | None = None  # for a table with fixed keys
    values: Rule | None = None  # for a table whose keys are chosen from ``choices``

    def allowed(self) -> tuple[str, ...]:
        return self.choices() if callable(self.choices) else self.choices


def _folder(default: str) -> Rule:
    return Rule(str, "a string (a folder)", f'"{default}"')


def _lint_rules() -> tuple[str, ...]:
    """The lint's rule IDs, from its registry (imported only for a settings file that names rules)."""
    from sco_publish.lint.rules import RULES

    return tuple(rule.id for rule in RULES)


SEVERITY = Rule(str, f"one of {', '.join(SEVERITIES)}", '"warning"', choices=SEVERITIES)
SCHEMA: dict[str, Rule] = {
    "source-language": Rule(str, "a string (a language code)", '"en"'),
    "languages": Rule(list, "a list of language codes", '["en", "ru", "zh", "kk"]', items=str),
    "texts": _folder("texts"),
    "locales": _folder("locales"),
    "templates": _folder("templates"),
    "output": _folder("dist"),
    "glossary": Rule(str, "a string (a file)", '"texts/glossary.tbx"'),
    "memory": _folder("memory"),
    "memory-threshold": Rule((float, int), "a number above 0 and at most 1", "0.75", above=0, at_most=1),
    "align-threshold": Rule((float, int), "a number from 0 to 1", "0.5", at_least=0, at_most=1),
    "allow-paths-outside-project": Rule(bool, "true or false", "false"),
    "base-url": Rule(str, "an absolute http(s) URL of the published output folder", '"https://example.org/sco/"'),
    "editorial-notes": Rule(str, f"one of {', '.join(EDITORIAL_NOTES)}", '"short"', choices=EDITORIAL_NOTES),
    "lint": Rule(dict, "a table ([tool.sco-publish.lint])", '{ severity = { "term-missing" = "warning" } }', keys={
        "severity": Rule(dict, "a table of rule = severity", '{ "term-missing" = "warning" }',
                         choices=_lint_rules, values=SEVERITY),
        "text-language": Rule(str, "a string (the language of .txt/.md files)", '"ru"'),
    }),
}
PATH_KEYS = ("texts", "locales", "templates", "output", "glossary", "memory")
INPUT_KEYS = ("texts", "locales", "templates", "glossary", "memory")  # what the output folder must not hold
TOML_TYPES = {str: "a string", int: "an integer", float: "a number", bool: "a boolean", list: "a list", dict: "a table"}


def _type_name(value: Any) -> str:
    return TOML_TYPES.get(type(value), "a date or time")


def _check(value: Any, rule: Rule, key: tuple[str, ...], located: _Locator) -> None:
    """Raise a UserError at the first place ``value`` breaks ``rule``."""
    name = f"[{'.'.join(key[:-1])}] {_quoted_key(key[-1])}"
    if type(value) not in (rule.kind if isinstance(rule.kind, tuple) else (rule.kind,)):
        raise located.error(key, f"{name} must be {rule.what}, got {_type_name(value)}; write e.g. {key[-1]} = {rule.example}")
    out_of_range = ((rule.above is not None and value <= rule.above) or (rule.at_least is not None and value < rule.at_least)
                    or (rule.at_most is not None and value > rule.at_most))
    if out_of_range or (rule.choices and rule.kind is str and value not in rule.allowed()):
        raise located.error(key, f"{name} must be {rule.what}, got {value!r}; write e.g. {key[-1]} = {rule.example}")
    if rule.items is not None:
        for item in value:
            if type(item) is not rule.items:
                raise located.error(key, f"{name} must be {rule.what}, but holds {_type_name(item)}; write e.g. {key[-1]} = {rule.example}")
    if rule.kind is dict:
        known = tuple(rule.keys) if rule.keys is not None else rule.allowed()
        for sub_key, sub_value in value.items():
            if sub_key not in known:
                raise located.error((*key, sub_key), f"unknown key {_quoted_key(sub_key)} in [{'.'.join(key)}]; known: {', '.join(known)}")
            _check(sub_value, rule.keys[sub_key] if rule.keys is not None else rule.values, (*key, sub_key), located)


def _quoted_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f'"{key}"'


# ---------------------------------------------------------------- reading pyproject.toml

@dataclass(frozen=True)
class _Locator:
    """Errors located at the line of a key in pyproject.toml. tomllib gives no line numbers,
    so the text is scanned for the key (best effort: the line of the longest part of the
    key's path that is written on one line, or no line)."""

    path: Path
    text: str

    def error(self, key: tuple[str, ...], message: str) -> UserError:
        return UserError(Location(self.path, self.line_of(key)), message)

    def line_of(self, key: tuple[str, ...]) -> int | None:
        best, best_length = None, 0
        table: tuple[str, ...] = ()
        for number, line in enumerate(self.text.splitlines(), 1):
            stripped = line.strip()
            header = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\]\s*(#.*)?", stripped)
            if header:
                table = _dotted(header.group(1))
                written = table
            elif (assignment := re.match(r"""((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""", stripped)):
                written = (*table, *_dotted(assignment.group(1)))
            else:
                continue
            length = len(written)
            if length > best_length and written == key[:length]:
                best, best_length = number, length
        return best


def _dotted(key: str) -> tuple[str, ...]:
    parts = re.findall(r"""\s*("[^"]*"|'[^']*'|[^.\s]+)\s*(?:\.|$)""", key)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` whose pyproject.toml has [tool.sco-publish]."""
    for folder in (start, *start.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.sco-publish" in pyproject.read_bytes():
            return folder
    return start


def _read_toml(pyproject: Path) -> tuple[dict[str, Any], str]:
    data = pyproject.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise UserError(Location(pyproject, line, column),
                        f"not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        where = Location(pyproject, int(at.group(1)), int(at.group(2))) if at else Location(pyproject)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        raise UserError(where, f"invalid TOML: {message}; correct the file") from None


def load_settings(root: Path) -> Settings:
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return Settings(root=root)
    data, text = _read_toml(pyproject)
    located = _Locator(pyproject, text)
    table = data.get("tool", {}).get("sco-publish", {})
    if type(table) is not dict:
        raise located.error(TABLE, f"[tool] sco-publish must be a table, got {_type_name(table)}; write [tool.sco-publish]")
    for key, value in table.items():
        if key not in SCHEMA:
            raise located.error((*TABLE, key), f"unknown setting [tool.sco-publish] {_quoted_key(key)}; known: {', '.join(SCHEMA)}")
        _check(value, SCHEMA[key], (*TABLE, key), located)
    settings = Settings(
        root=root,
        **{key.replace("-", "_"): Path(value) if key in PATH_KEYS else tuple(value) if key == "languages"
           else float(value) if key in ("memory-threshold", "align-threshold") else value
           for key, value in table.items()},
    )
    _check_languages(settings, located)
    _check_paths(settings, located)
    _check_base_url(settings, located)
    return settings


def _check_base_url(settings: Settings, located: _Locator) -> None:
    """The base URL is where crawlers are told the editions live (canonical and hreflang
    links): it must be absolute, and a query or fragment would be glued to every file name."""
    if not settings.base_url:
        return
    try:
        parts = urlsplit(settings.base_url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise located.error((*TABLE, "base-url"), f"[tool.sco-publish] base-url = \"{settings.base_url}\" is not an absolute "
                                                  "http(s) URL without query or fragment; write e.g. base-url = \"https://example.org/sco/\"")


def _check_languages(settings: Settings, located: _Locator) -> None:
    for lang in settings.languages:
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            raise located.error((*TABLE, "languages"), f"unknown language {lang!r} in [tool.sco-publish] languages; "
                                                       "use a code Babel knows, such as \"ru\"") from None
    if len(set(settings.languages)) != len(settings.languages):
        raise located.error((*TABLE, "languages"), "[tool.sco-publish] languages names a language twice; name each once")
    if settings.source_language not in settings.languages:
        raise located.error((*TABLE, "source-language"), f"source-language {settings.source_language!r} is not one of "
                                                         f"languages {list(settings.languages)}; add it to languages")


def _check_paths(settings: Settings, located: _Locator) -> None:
    """Paths stay in the project (resolved, so a symlink pointing out counts as out) unless
    allow-paths-outside-project says otherwise; the output folder, which a build fills and
    replaces files in, may never be or hold an input folder, nor lie inside one."""
    root = settings.root.resolve()
    resolved = {key: settings.path(getattr(settings, key)).resolve() for key in PATH_KEYS}
    if not settings.allow_paths_outside_project:
        for key, path in resolved.items():
            if not path.is_relative_to(root):
                raise located.error((*TABLE, key), f"[tool.sco-publish] {key} = \"{getattr(settings, key)}\" leaves the "
                                                   "project; use a path inside it, or set allow-paths-outside-project = true")
    output = resolved["output"]
    for key in ("root", *INPUT_KEYS):
        path = root if key == "root" else resolved[key]
        if output == path or path.is_relative_to(output) or (key != "root" and output.is_relative_to(path)):
            what = "the project folder" if key == "root" else f"{key} (\"{getattr(settings, key)}\")"
            raise located.error((*TABLE, "output"), f"[tool.sco-publish] output = \"{settings.output}\" overlaps {what}, "
                                                    "whose files a build would overwrite; use a folder of its own, such as \"dist\"")
