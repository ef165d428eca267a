"""The Plural-Forms header of a catalog: from our own table, so that upgrading Babel does
not rewrite committed catalogs; Babel's formula only for languages the table lacks."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from babel import Locale
from babel.messages.plurals import get_plural


@cache
def fixed_plural_forms() -> dict[str, str]:
    """Language code → Plural-Forms, from data/plural-forms.toml."""
    with resources.files("sco_publish.data").joinpath("plural-forms.toml").open("rb") as handle:
        return tomllib.load(handle)


def plural_forms(lang: str) -> str:
    return fixed_plural_forms().get(lang) or get_plural(Locale.parse(lang)).plural_forms
