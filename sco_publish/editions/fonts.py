"""Fonts for editions: find them with fontconfig, prove they cover the text, subset them.

WeasyPrint draws empty boxes (tofu) for characters no font has, and with
``lang="zh-Hans"`` alone fontconfig picks the Japanese CJK face; so every edition gets
an explicit stack of font files, is checked against it before rendering, and is
rendered with subsets of those files, made once per character set with HarfBuzz and
cached (a 20 MB CJK collection is otherwise loaded and subset again for every PDF).
"""

from __future__ import annotations

import hashlib
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sco_publish.atomic import write_atomically
from sco_publish.editions.fontsubset import subset_font
from sco_publish.errors import UserError

STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}  # our style key → fontconfig's style name


@dataclass(frozen=True)
class FontFace:
    family: str
    style: str  # regular, bold or italic
    path: Path
    index: int


def _fc_list(*args: str) -> str:
    """fontconfig's listing; a missing fc-list and one that failed are told apart."""
    try:
        return subprocess.run(["fc-list", *args], capture_output=True, text=True, check=True).stdout
    except OSError:
        raise UserError("fc-list", "fontconfig is not installed; run scripts/setup.sh or apt-get install fontconfig") from None
    except subprocess.CalledProcessError as error:
        how = f"was killed by signal {-error.returncode}" if error.returncode < 0 else f"failed with exit code {error.returncode}"
        raise UserError("fc-list", f"{how}: {error.stderr.strip() or 'no message'}; run the build again, "
                        "and check fontconfig with `fc-list` if it fails again") from None


@cache
def _fontconfig_faces() -> dict[tuple[str, str], FontFace]:
    listing = _fc_list("--format", "%{file}|%{index}|%{family}|%{style}\n", ":")
    faces = {}
    for line in sorted(listing.splitlines()):
        path, index, families, styles = line.split("|", 3)
        for family in families.split(","):
            for key, style_name in STYLES.items():
                if style_name in styles.split(","):
                    faces.setdefault((family, key), FontFace(family, key, Path(path), int(index)))
    return faces


# Words in family names.  Faces for other uses than running text are never chosen for a
# language; among the rest, a serif Latin face pairs best with the script's book face
# (Naskh is the book hand of Arabic script).
NOT_FOR_RUNNING_TEXT = frozenset({"Mono", "Display", "UI", "Math", "Symbols", "Emoji", "Kufi", "Nastaliq"})
BOOK_FACE = frozenset({"Serif", "Naskh"})


@cache
def _families_for_language(lang: str) -> frozenset[str]:
    """Families fontconfig says cover the language's orthography (``fc-list :lang=fa``)."""
    fc_lang = lang.replace("_", "-").lower()
    listing = _fc_list("--format", "%{family[0]}\n", f":lang={fc_lang}")
    return frozenset(line for line in listing.splitlines() if line)


def script_font_stack(lang: str, fallback: list[str]) -> list[str]:
    """The fonts for a language whose settings name none: the fallback stack when fontconfig
    says it covers the language, else the installed text face for the language's script
    closest to the fallback's first family (same maker, book style), then the fallback
    stack for Latin letters inside the text."""
    covering = _families_for_language(lang)
    if any(family in covering for family in fallback):
        return list(fallback)
    candidates = [
        family for family in covering
        if (family, "regular") in _fontconfig_faces() and not NOT_FOR_RUNNING_TEXT & set(family.split())
    ]
    if not candidates:
        raise UserError(
            "templates/languages.toml",
            f"no installed font covers {lang!r} (fc-list :lang={lang} lists none for running text); "
            f"install one (Debian: apt-get install fonts-noto-core) or set fonts in [{lang}]",
        )
    fallback_words = set(fallback[0].split())

    def closeness(family: str) -> tuple[int, int, str]:
        words = set(family.split())
        return (-len(words & fallback_words), -len(words & BOOK_FACE), family)

    return [min(candidates, key=closeness), *fallback]


def find_face(family: str, style: str) -> FontFace:
    face = _fontconfig_faces().get((family, style)) or _fontconfig_faces().get((family, "regular"))
    if face is None:
        raise UserError(
            "templates/languages.toml",
            f"font {family!r} is not installed; install it (Debian: apt-get install fonts-noto-core fonts-noto-cjk) "
            "or change the fonts of the language",
        )
    return face


@cache
def _coverage(path: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # only when an edition is about to be built

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def _advances(path: Path, index: int) -> tuple[dict[int, float], float]:
    """Each character's advance width in em, and the widest (for a character the face lacks)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        advances = {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    return advances, max(advances.values(), default=1.0)


def text_width(text: str, families: list[str], size: float) -> float:
    """Width of ``text`` set at ``size`` in the regular faces of ``families`` (advance widths,
    first family that has the character; no kerning): enough to cut a line before it overflows."""
    faces = [_advances(face.path, face.index) for face in (find_face(family, "regular") for family in families)]
    width = 0.0
    for char in text:
        width += next((advances[ord(char)] for advances, _ in faces if ord(char) in advances), faces[0][1])
    return width * size


def uncovered_characters(text: str, families: list[str]) -> list[str]:
    """Characters of ``text`` that no regular face of ``families`` has a glyph for."""
    covered: set[int] = set()
    for family in families:
        face = find_face(family, "regular")
        covered |= _coverage(face.path, face.index)
    missing = {
        char for char in set(text)
        if ord(char) not in covered and not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")
    }
    return sorted(missing)


# Characters the renderer may draw that are not in the text: page numbers and counters,
# leaders, and the hyphen that automatic hyphenation inserts (U+2010).
GENERATED_CHARACTERS = " \u00a00123456789-\u2010.,:;()/"


def subset_face(face: FontFace, characters: str, cache_dir: Path) -> Path:
    """A subset of ``face`` with ``characters``, cached by font file and character set."""
    wanted = "".join(sorted(set(characters) | set(GENERATED_CHARACTERS)))
    stat = face.path.stat()
    key = hashlib.sha256(
        f"{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}|{wanted}".encode()
    ).hexdigest()[:24]
    target = cache_dir / f"{face.family.replace(' ', '')}-{face.style}-{key}.otf"
    if not _cached_intact(target):
        data = subset_font(face.path, face.index, wanted)
        write_atomically(target, data)
        write_atomically(_digest_path(target), hashlib.sha256(data).hexdigest().encode())
    return target


def remove_unfinished_subsets(cache_dir: Path) -> None:
    """Delete what a killed build was writing into the cache (``write_atomically`` names its
    temporaries ``.<name>.<random>.tmp``); the caller holds the build's lock, so no build
    that is still running can be writing one."""
    for leftover in cache_dir.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


def _digest_path(font: Path) -> Path:
    return font.with_name(font.name + ".sha256")


def _cached_intact(font: Path) -> bool:
    """Whether a cached subset is whole: a truncated or altered file would make WeasyPrint
    fall back to fontconfig's choice (Noto Sans CJK JP for Chinese) without a word. The
    digest is written after the font, so a run killed in between leaves no digest."""
    try:
        expected = _digest_path(font).read_text(encoding="ascii").strip()
        return hashlib.sha256(font.read_bytes()).hexdigest() == expected
    except (OSError, UnicodeDecodeError):
        return False
