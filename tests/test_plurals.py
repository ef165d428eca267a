"""Plural-Forms: our fixed table says what Babel says, in bytes that do not move with Babel."""

from __future__ import annotations

import gettext
import re

import pytest
from babel import Locale
from babel.messages.plurals import get_plural

from sco_publish.catalogs.plurals import plural_forms
from sco_publish.glossary.languages import fixed_plural_forms
from sco_publish.settings import Settings

PLURAL_FORMS = re.compile(r"nplurals=(\d+); plural=(.+);")


def parse(header: str) -> tuple[int, str]:
    match = PLURAL_FORMS.fullmatch(header)
    assert match, header
    return int(match.group(1)), match.group(2)


def test_the_table_covers_the_default_languages():
    assert set(Settings.languages) <= set(fixed_plural_forms())


@pytest.mark.parametrize("lang", sorted(fixed_plural_forms()))
def test_each_fixed_formula_agrees_with_babels_for_n_up_to_1000(lang):
    ours_count, ours = parse(fixed_plural_forms()[lang])
    babel_count, babels = parse(get_plural(Locale.parse(lang)).plural_forms)
    assert ours_count == babel_count
    ours_form, babels_form = gettext.c2py(ours), gettext.c2py(babels)
    assert [ours_form(n) for n in range(1001)] == [babels_form(n) for n in range(1001)]
    assert {ours_form(n) for n in range(1001)} == set(range(ours_count))


def test_a_language_not_in_the_table_takes_babels_formula():
    assert "pl" not in fixed_plural_forms()
    assert plural_forms("pl") == get_plural(Locale.parse("pl")).plural_forms


def test_first_sync_leaves_the_committed_catalogs_as_they_are(cli, project):
    """A fresh clone's first sync (nothing in .cache/) must not rewrite what is committed,
    whichever Babel release in the supported range is installed."""
    committed = {path: path.read_bytes() for path in project.glob("locales/**/*.po*")}
    result = cli("sync", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith(" 0 updated"), result.stdout
    assert {path: path.read_bytes() for path in committed} == committed
