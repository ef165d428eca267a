"""The Plural-Forms header of a catalog: from our own languages table (``plural-forms`` in
data/languages.toml), so that upgrading Babel does not rewrite committed catalogs; Babel's
formula only for languages the table gives none."""

from __future__ import annotations

import gettext
import re
from functools import cache

from babel import Locale
from babel.messages.plurals import get_plural

from sco_publish.glossary.languages import fixed_plural_forms


def plural_forms(lang: str) -> str:
    return fixed_plural_forms().get(lang) or get_plural(Locale.parse(lang)).plural_forms


_PLURAL = re.compile(r"nplurals\s*=\s*(?P<count>\d+)\s*;\s*plural\s*=\s*(?P<formula>[^;]+)")


@cache
def form_uses(header: str | None) -> tuple[str, ...] | None:
    """Which English string each form of a ``Plural-Forms`` header translates: "singular"
    (used for n = 1 only), "plural" (never for 1) or "both" (Russian msgstr[0] serves 1
    and 21; Chinese has one form for all n); None if the header cannot be read."""
    match = _PLURAL.search(header or "")
    if not match:
        return None
    try:
        plural = gettext.c2py(match.group("formula").strip())
    except (ValueError, SyntaxError, RecursionError):
        return None
    numbers: dict[int, set[bool]] = {}
    for n in range(1000):
        numbers.setdefault(plural(n), set()).add(n == 1)
    return tuple("both" if numbers.get(form) == {True, False} else "singular" if numbers.get(form) == {True} else "plural"
                 for form in range(int(match.group("count"))))
