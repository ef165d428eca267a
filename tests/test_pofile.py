"""The PO reader and writer: byte-identical with GNU msgcat, tolerant of other tools, strict on damage."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import REPO

from sco_publish.catalogs.catalog import Catalog, Message
from sco_publish.catalogs.pofile import format_po, parse_po, read_po
from sco_publish.errors import UserError

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is installed by scripts/setup.sh")

ZH = "成员国重申恪守《上海合作组织宪章》宗旨和原则，始终遵循“互信、互利、平等、协商、尊重多样文明、谋求共同发展”的“上海精神”。萨德尔·扎帕罗夫（2025年9月1日）2.5万亿美元"
RU = "Государства-члены подтвердили приверженность целям и принципам Устава ШОС, «Шанхайскому духу» — 2,5 трлн долларов"
KK = "Қасым-Жомарт Тоқаев ШЫҰ-ға мүше мемлекеттердің ынтымақтастығын нығайту туралы айтты"
SPECIALS = ['"', "\\", "\t", "\n", " ", "  ", "-", "–", "/", "https://www.fmprc.gov.cn/eng/xw/zyxw/", "(", ")", "…", "\u00a0", "%s"]


def msgcat(text: str) -> str:
    result = subprocess.run(["msgcat", "-"], input=text, capture_output=True, text=True, check=True)
    return result.stdout


def random_text(rng: random.Random, words: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(0, 50)):
        roll = rng.random()
        source = words if roll < 0.5 else None
        if source:
            parts.append(rng.choice(words))
        elif roll < 0.8:
            sample = rng.choice((ZH, RU, KK))
            start = rng.randrange(len(sample))
            parts.append(sample[start:start + rng.randint(1, 40)])
        else:
            parts.append(rng.choice(SPECIALS))
    return rng.choice((" ", " ", "", "\n")).join(parts)


@pytest.mark.parametrize("seed", range(4))
def test_writer_is_byte_identical_to_msgcat(seed):
    """Random English, Russian, Kazakh and Chinese strings with escapes, newlines and all comment kinds."""
    rng = random.Random(seed)
    words = (REPO / "texts" / "tianjin-declaration.xml").read_text(encoding="utf-8").split()
    messages = [Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\nLanguage: zh\n")]
    for number in range(300):
        message = Message(msgid=random_text(rng, words) or "x", msgstr=random_text(rng, words), msgctxt=f"s{number}")
        if rng.random() < 0.2:
            message.flags = ["fuzzy"]
            message.previous_msgid = random_text(rng, words)
        if rng.random() < 0.1:
            message.flags.append("no-wrap")
        if rng.random() < 0.3:
            message.translator_comments = [" ".join(random_text(rng, words).split()) + " end"]
        if rng.random() < 0.3:
            message.extracted_comments = ["Part 2", "glossary: Japarov → Жапаров"]
        if rng.random() < 0.3:
            message.references = [f"texts/document-{n}.xml:{n * 7}" for n in range(rng.randint(1, 8))]
        message.obsolete = rng.random() < 0.1
        messages.append(message)
    ours = format_po(Catalog(messages=messages))
    assert msgcat(ours) == ours
    assert format_po(parse_po(ours)) == ours


def test_polib_wraps_differently_but_we_do_not(tmp_path):
    """The reason for our own writer: polib's save() is not what msgcat writes."""
    path = tmp_path / "zh.po"
    text = f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgctxt "s1"\nmsgid "{RU} {RU}"\nmsgstr "{ZH}{ZH}"\n'
    path.write_text(text, encoding="utf-8")
    reference = msgcat(text)
    polib.pofile(str(path)).save(str(path))
    assert path.read_text(encoding="utf-8") != reference
    assert format_po(parse_po(text)) == reference


def test_reader_agrees_with_polib(tmp_path):
    text = (REPO / "tests" / "fixtures" / "hand-edited.po").read_text(encoding="utf-8")
    ours = parse_po(text)
    theirs = polib.pofile(text)
    assert len(ours.entries) == len([e for e in theirs if not e.obsolete])
    assert any(message.translator_comments for message in ours.entries)  # the comparison below is not vacuous
    for message, entry in zip(ours.entries, [e for e in theirs if not e.obsolete]):
        assert (message.msgctxt, message.msgid, message.msgstr) == (entry.msgctxt, entry.msgid, entry.msgstr)
        assert message.fuzzy == ("fuzzy" in entry.flags)
        assert message.translator_comments == (entry.tcomment.split("\n") if entry.tcomment else [])
        assert message.previous_msgid == entry.previous_msgid


def test_hand_edited_catalog_is_read_and_rewritten_canonically():
    """A catalog saved by another tool (different wrapping, flag order, comments) loses nothing."""
    text = (REPO / "tests" / "fixtures" / "hand-edited.po").read_text(encoding="utf-8")
    rewritten = format_po(parse_po(text))
    assert rewritten == msgcat(text)
    again = parse_po(rewritten)
    original = parse_po(text)
    for before, after in zip(original.messages, again.messages):
        assert (before.msgctxt, before.msgid, before.msgstr, before.translator_comments) == (
            after.msgctxt, after.msgid, after.msgstr, after.translator_comments)
        assert set(after.flags) <= set(before.flags)


@pytest.mark.parametrize("damage, line, message", [
    (lambda t: t[: t.index('msgstr "Жапаров')], 36, "no msgstr"),  # where the msgstr should have been
    (lambda t: t.replace('msgstr "Жапаров"', 'msgstr "Жапаров'), 36, "quoted string"),
    (lambda t: t.replace('msgid "Japarov"', 'msgidd "Japarov"'), 35, "unknown keyword"),
    (lambda t: t.replace('msgstr "Жапаров"', 'msgstr "Жапа"ров"'), 36, "quotation mark"),
])
def test_damaged_catalog_is_refused_with_its_line(tmp_path, damage, line, message):
    text = (REPO / "tests" / "fixtures" / "hand-edited.po").read_text(encoding="utf-8")
    damaged = damage(text)
    path = tmp_path / "damaged.po"
    path.write_text(damaged, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        read_po(path)
    error = raised.value
    assert message in error.message
    assert (error.location.path, error.location.line) == (path, line)
    # gettext agrees that the file is broken
    assert subprocess.run(["msgcat", str(path)], capture_output=True).returncode != 0


def test_invalid_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.po"
    path.write_bytes('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "é"\n'.encode("latin-1"))
    with pytest.raises(UserError, match="not valid UTF-8") as raised:
        read_po(path)
    assert raised.value.location.line == 5


def test_comment_spacing_as_gettext_reads_it():
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n#no space\n#  two\n#.tight\n#,fuzzy,c-format\nmsgid "a"\nmsgstr "b"\n'
    catalog = parse_po(text)
    message = catalog.entries[0]
    assert message.translator_comments == ["no space", " two"]
    assert message.extracted_comments == ["tight"]
    assert message.fuzzy
    assert format_po(catalog) == msgcat(text)
