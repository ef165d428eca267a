"""Translation memory in sync: new segments get the translation of the same or a similar sentence."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from sco_publish.catalogs.memory import TranslationMemory
from sco_publish.catalogs.pofile import read_po, write_po
from sco_publish.texts.reader import load_document

LANGS = ("ru", "zh", "kk")


def po(project: Path, lang: str, document: str = "tokayev-address") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{document}.po"


def declaration(project: Path, segment_id: str) -> str:
    document = load_document(project / "texts" / "tianjin-declaration.xml")
    return next(segment.text for segment in document.segments() if segment.id == segment_id)


def add_paragraphs(project: Path, *texts: str) -> None:
    path = project / "texts" / "tokayev-address.xml"
    paragraphs = "".join(f"    <p>{text}</p>\n" for text in texts)
    path.write_text(path.read_text(encoding="utf-8").replace("<mainBody>\n", "<mainBody>\n" + paragraphs, 1),
                    encoding="utf-8")


def by_source(path: Path) -> dict:
    return {message.msgid: message for message in read_po(path).entries}


def test_new_segments_get_exact_and_near_matches_as_fuzzy_suggestions(cli, project):
    exact = declaration(project, "s9")
    near_source = declaration(project, "s14")
    near = near_source.replace("international and regional", "regional", 1)
    unrelated = "The delegation visited a kindergarten in Astana and planted twelve apple trees."
    add_paragraphs(project, exact, near, unrelated)
    assert cli("assign-ids", cwd=project).returncode == 0
    result = cli("sync", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "tokayev-address.po: updated (3 new, 2 suggested from memory)" in result.stdout

    for lang in LANGS:
        theirs = {m.msgctxt: m for m in read_po(po(project, lang, "tianjin-declaration")).entries}
        entries = by_source(po(project, lang))
        assert entries[exact].fuzzy and entries[exact].msgstr == theirs["s9"].msgstr
        assert entries[exact].previous_msgid is None
        assert "memory: 100% from tianjin-declaration s9" in entries[exact].extracted_comments
        assert entries[near].fuzzy and entries[near].msgstr == theirs["s14"].msgstr
        assert entries[near].previous_msgid == near_source  # what the suggestion translates, as msgmerge shows it
        [comment] = [c for c in entries[near].extracted_comments if c.startswith("memory:")]
        percent = int(re.fullmatch(r"memory: (\d+)% from tianjin-declaration s14", comment).group(1))
        assert 75 <= percent < 100
        assert entries[unrelated].msgstr == "" and not entries[unrelated].fuzzy
        assert not any(c.startswith("memory:") for c in entries[unrelated].extracted_comments)
        subprocess.run(["msgfmt", "-c", "--check-format", "-o", os.devnull, str(po(project, lang))],
                       check=True, capture_output=True)

    # The suggestion and its comment stay until a translator accepts it; syncing again changes nothing.
    again = cli("sync", cwd=project)
    assert again.returncode == 0 and again.stdout.strip().endswith("0 updated"), again.stdout

    # Accepted (no longer fuzzy): the translation stays, the comment goes at the next sync.
    russian = po(project, "ru")
    catalog = read_po(russian)
    next(m for m in catalog.entries if m.msgid == near).set_fuzzy(False)
    write_po(catalog, russian)
    assert cli("sync", cwd=project).returncode == 0
    accepted = by_source(russian)[near]
    assert accepted.translated and accepted.msgstr
    assert not any(c.startswith("memory:") for c in accepted.extracted_comments)


def test_a_suggestion_never_replaces_a_translation(cli, project):
    """A changed segment whose new English is another document's segment keeps its own translation."""
    path = project / "texts" / "tokayev-address.xml"
    own = {lang: {m.msgctxt: m.msgstr for m in read_po(po(project, lang)).entries} for lang in LANGS}
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(r'(<p xml:id="s5">)[^<]*', lambda m: m.group(1) + declaration(project, "s9"), text)
    assert count == 1
    path.write_text(changed, encoding="utf-8")
    assert cli("sync", cwd=project).returncode == 0
    for lang in LANGS:
        message = next(m for m in read_po(po(project, lang)).entries if m.msgctxt == "s5")
        assert message.msgstr == own[lang]["s5"] and message.fuzzy
        assert not any(c.startswith("memory:") for c in message.extracted_comments)


def test_the_threshold_comes_from_the_settings(cli, project):
    near = declaration(project, "s14").replace("international and regional", "regional", 1)
    settings = project / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "memory-threshold = 0.75", "memory-threshold = 0.99"), encoding="utf-8")
    add_paragraphs(project, near)
    assert cli("assign-ids", cwd=project).returncode == 0
    assert cli("sync", cwd=project).returncode == 0
    assert by_source(po(project, "ru"))[near].msgstr == ""

    settings.write_text(settings.read_text(encoding="utf-8").replace("0.99", "75"), encoding="utf-8")
    result = cli("sync", cwd=project)
    assert result.returncode == 2
    line = next(number for number, text in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("memory-threshold"))
    assert result.stderr == (f"{settings}:{line}: [tool.sco-publish] memory-threshold must be a number above 0 and "
                             "at most 1, got 75; write e.g. memory-threshold = 0.75\n")


def test_the_most_similar_unit_wins_and_the_first_of_equal_sources():
    memory = TranslationMemory([
        ("The member states support cooperation in energy.", "A", "one s1"),
        ("The member states support cooperation in energy and transport.", "B", "one s2"),
        ("The member states support cooperation in energy.", "C", "two s1"),
        ("Unrelated words entirely different here.", "D", "two s2"),
    ])
    assert memory.suggest("The member states support cooperation in energy.", 0.75).origin == "one s1"
    best = memory.suggest("The member states support cooperation in energy and trade.", 0.75)
    assert (best.target, best.origin) == ("B", "one s2") and 0.75 <= best.similarity < 1
    assert memory.suggest("Unrelated words entirely different here and more.", 0.99) is None
