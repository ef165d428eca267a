"""sync: catalogs aligned with the texts by segment ID, no churn, nothing translated lost."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sco_publish.catalogs.pofile import format_po, read_po, write_po

pytestmark = pytest.mark.usefixtures("project")
LANGS = ("ru", "zh", "kk")


def po(project: Path, lang: str, document: str = "tokayev-address") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{document}.po"


def translate(path: Path, segment_id: str, text: str, comment: str | None = None) -> None:
    catalog = read_po(path)
    message = next(m for m in catalog.entries if m.msgctxt == segment_id)
    message.msgstr = text
    if comment:
        message.translator_comments.append(comment)
    write_po(catalog, path)


def entry(path: Path, segment_id: str, obsolete: bool = False):
    return next(m for m in read_po(path).messages if m.msgctxt == segment_id and m.obsolete == obsolete)


def edit_text(project: Path, segment_id: str, new_text: str | None, document: str = "tokayev-address") -> None:
    path = project / "texts" / f"{document}.xml"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf'\n\s*<(p|item) xml:id="{segment_id}">[^<]*</\1>')
    if new_text is None:
        text, count = pattern.subn("", text)
    else:
        text, count = re.subn(rf'(<(p|item) xml:id="{segment_id}">)[^<]*', lambda m: m.group(1) + new_text, text)
    assert count == 1
    path.write_text(text, encoding="utf-8")


def test_sync_creates_catalogs_that_gettext_accepts(cli, project):
    result = cli("sync", cwd=project)
    assert result.returncode == 0, result.stderr
    catalogs = sorted(project.glob("locales/*/LC_MESSAGES/*.po")) + sorted(project.glob("locales/*.pot"))
    documents = {p.stem for p in (project / "texts").glob("*.xml")}
    assert {p.stem for p in catalogs} == documents
    assert len(catalogs) == len(documents) * 4
    for path in catalogs:
        assert subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout == path.read_text(encoding="utf-8"), path
        subprocess.run(["msgfmt", "-c", "--check-format", "-o", os.devnull, str(path)], check=True, capture_output=True)


def test_sync_is_idempotent(cli, project):
    assert cli("sync", cwd=project).returncode == 0
    before = {p: p.read_bytes() for p in project.glob("locales/**/*.po*")}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    result = cli("sync", cwd=project)
    assert "0 updated" in result.stdout
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes


def test_headers_per_language(cli, project):
    cli("sync", cwd=project)
    expected = {"ru": "nplurals=3;", "kk": "nplurals=2; plural=(n != 1);", "zh": "nplurals=1; plural=0;"}
    for lang, plural in expected.items():
        catalog = read_po(po(project, lang))
        assert catalog.header_field("Language") == lang
        assert plural in catalog.header_field("Plural-Forms")
        assert catalog.header_field("Content-Type") == "text/plain; charset=UTF-8"
        assert catalog.header_field("Project-Id-Version") == "tokayev-address 2025-09-01"


def test_entries_carry_context_reference_and_glossary_comments(cli, project):
    cli("sync", cwd=project)
    message = entry(po(project, "ru"), "s24")  # "... its President Sadyr Japarov ..."
    assert message.msgid.startswith("In closing, the Head of State")
    text = (project / "texts" / "tokayev-address.xml").read_text(encoding="utf-8")
    line = text[:text.index('xml:id="s24"')].count("\n") + 1  # the line of the segment's start tag
    assert message.references == [f"texts/tokayev-address.xml:{line}"]
    assert any(c.startswith("glossary: Sadyr Japarov → Садыр Жапаров") for c in message.extracted_comments)
    zh = entry(po(project, "zh"), "s24")
    assert any("→ 扎帕罗夫" in c for c in zh.extracted_comments)


def test_changed_segment_keeps_its_own_translation_as_fuzzy(cli, project):
    cli("sync", cwd=project)
    path = po(project, "ru")
    translate(path, "s22", "Он также напомнил, что в следующем году исполнится 25 лет ШОС.")
    translate(path, "s20", "Ещё одним приоритетом он назвал экологическое сотрудничество.")
    old_text = entry(path, "s22").msgid
    edit_text(project, "s22", "He also reminded participants that next year will not mark the 25th anniversary of the SCO.")
    assert cli("sync", cwd=project).returncode == 0
    changed = entry(path, "s22")
    assert changed.fuzzy
    assert changed.msgstr == "Он также напомнил, что в следующем году исполнится 25 лет ШОС."
    assert changed.previous_msgid == old_text
    assert "#| msgid" in path.read_text(encoding="utf-8")
    neighbour = entry(path, "s20")
    assert not neighbour.fuzzy and neighbour.msgstr.startswith("Ещё одним")
    assert not [m for m in read_po(path).messages if m.obsolete]
    # changing the text back clears the fuzzy flag
    edit_text(project, "s22", old_text)
    cli("sync", cwd=project)
    assert not entry(path, "s22").fuzzy and entry(path, "s22").previous_msgid is None


def test_removed_segment_becomes_obsolete_and_comes_back(cli, project):
    cli("sync", cwd=project)
    path = po(project, "kk")
    translate(path, "s20", "Ол атап өткен тағы бір басымдық — экологиялық ынтымақтастық.")
    original = (project / "texts" / "tokayev-address.xml").read_text(encoding="utf-8")
    edit_text(project, "s20", None)
    cli("sync", cwd=project)
    obsolete = entry(path, "s20", obsolete=True)
    assert obsolete.msgstr.startswith("Ол атап өткен")
    assert "#~ msgctxt \"s20\"" in path.read_text(encoding="utf-8")
    (project / "texts" / "tokayev-address.xml").write_text(original, encoding="utf-8")
    cli("sync", cwd=project)
    revived = entry(path, "s20")
    assert revived.msgstr.startswith("Ол атап өткен") and not revived.fuzzy
    assert not [m for m in read_po(path).messages if m.obsolete]


def test_new_segment_with_text_of_an_obsolete_entry_is_revived(cli, project):
    cli("sync", cwd=project)
    path = po(project, "ru")
    translate(path, "s20", "Ещё одним приоритетом он назвал экологическое сотрудничество.")
    text_path = project / "texts" / "tokayev-address.xml"
    content = text_path.read_text(encoding="utf-8")
    content = content.replace('<p xml:id="s20">', '<p>', 1)  # same paragraph, now without an ID
    text_path.write_text(content, encoding="utf-8")
    assert cli("assign-ids", cwd=project).returncode == 0
    cli("sync", cwd=project)
    new_id = re.search(r'<p xml:id="(s\d+)">Another priority he highlighted', text_path.read_text(encoding="utf-8")).group(1)
    assert new_id != "s20"
    assert entry(path, new_id).msgstr.startswith("Ещё одним приоритетом")


def test_translator_comments_and_flags_survive(cli, project):
    cli("sync", cwd=project)
    path = po(project, "zh")
    catalog = read_po(path)
    message = next(m for m in catalog.entries if m.msgctxt == "s22")
    message.msgstr = "他还提醒与会者，明年是上合组织成立25周年。"
    message.translator_comments = ["checked against the MFA text", "lint-waive: term-missing: test"]
    message.flags = ["no-wrap", "python-format"]
    write_po(catalog, path)
    edit_text(project, "s22", "He also reminded the participants that next year will mark the 25th anniversary of the SCO.")
    cli("sync", cwd=project)
    after = entry(path, "s22")
    assert after.translator_comments == ["checked against the MFA text", "lint-waive: term-missing: test"]
    assert {"no-wrap", "python-format", "fuzzy"} <= set(after.flags)


def test_catalog_rewrapped_by_another_tool_is_read_and_rewritten_canonically(cli, project):
    cli("sync", cwd=project)
    path = po(project, "ru")
    translate(path, "s6", "Он подчеркнул, что ШОС по праву признана международным сообществом эффективным, влиятельным и весьма востребованным международным институтом.")
    canonical = path.read_bytes()
    rewrapped = subprocess.run(["msgcat", "--width=40", str(path)], capture_output=True, check=True).stdout
    assert rewrapped != canonical
    path.write_bytes(rewrapped)
    cli("sync", cwd=project)
    assert path.read_bytes() == canonical


@pytest.mark.parametrize("damage, expected", [
    (lambda t: t[: len(t) // 2].rsplit('msgstr', 1)[0], "no msgstr"),
    (lambda t: t.replace('msgctxt "s7"\nmsgid', 'msgctxt "s7\nmsgid', 1), "quoted string"),
    (lambda t: t.replace('"Language: ru\\n"', '"Language: kk\\n"'), "Language header says 'kk'"),
    (lambda t: t.replace('msgctxt "s7"', 'msgctxt "s6"', 1), "appears twice"),
])
def test_broken_catalog_is_refused_and_untouched(cli, project, damage, expected):
    cli("sync", cwd=project)
    path = po(project, "ru")
    damaged = damage(path.read_text(encoding="utf-8"))
    path.write_text(damaged, encoding="utf-8")
    others = {p: p.read_bytes() for p in project.glob("locales/**/*.po") if p != path}
    edit_text(project, "s20", "Another priority he identified was environmental cooperation.")
    result = cli("sync", cwd=project)
    assert result.returncode == 2
    assert expected in result.stderr
    assert re.search(r"tokayev-address\.po:\d+:", result.stderr)
    assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == damaged
    assert {p: p.read_bytes() for p in others} == others  # nothing was written at all


def test_killed_write_leaves_the_old_file(tmp_path):
    """A process killed in the middle of writing a catalog leaves the previous file intact."""
    path = tmp_path / "big.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    original = path.read_bytes()
    script = f"""
import os, sys, time
sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
import sco_publish.atomic as atomic
real_fdopen = os.fdopen
class Slow:
    def __init__(self, handle): self.handle = handle
    def __enter__(self): return self
    def __exit__(self, *a): return self.handle.__exit__(*a)
    def write(self, data):
        self.handle.write(data[: len(data) // 2]); self.handle.flush()
        print("half", flush=True); time.sleep(60)
    def flush(self): self.handle.flush()
    def fileno(self): return self.handle.fileno()
atomic.os.fdopen = lambda fd, mode: Slow(real_fdopen(fd, mode))
from sco_publish.catalogs.pofile import parse_po, write_po
catalog = parse_po(open({str(path)!r}, encoding="utf-8").read())
catalog.entries[0].msgstr = "x" * 1_000_000
write_po(catalog, __import__("pathlib").Path({str(path)!r}))
"""
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "half"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert path.read_bytes() == original
    assert read_po(path).entries[0].msgstr == "b"


def test_stats_reports_every_document_and_language(cli, project):
    cli("sync", cwd=project)
    translate(po(project, "ru"), "s6", "Перевод.")
    result = cli("stats", "--format", "json", cwd=project)
    assert result.returncode == 0
    rows = json.loads(result.stdout)["catalogs"]
    documents = {p.stem for p in (project / "texts").glob("*.xml")}
    assert {(r["document"], r["lang"]) for r in rows} == {(d, lang) for d in documents for lang in LANGS}
    row = next(r for r in rows if r["document"] == "tokayev-address" and r["lang"] == "ru")
    assert row["translated"] >= 1
    assert row["total"] == row["translated"] + row["fuzzy"] + row["untranslated"]
    assert row["percent"] == pytest.approx(100 * row["translated"] / row["total"], abs=0.01)
    table = cli("stats", cwd=project).stdout
    assert "tokayev-address" in table and "%" in table


def test_copying_unchanged_messages_gives_the_same_bytes_as_wrapping_them_again(cli, project, tmp_path):
    """Sync copies the text of unchanged messages of a catalog it wrote itself; the result
    must be byte-identical to a sync that re-reads and re-wraps everything."""
    cli("sync", cwd=project)
    path = po(project, "ru")
    translate(path, "s5", "Позвольте поздравить Вас, уважаемый Председатель Си Цзиньпин, " * 4)
    cli("sync", cwd=project)  # records the catalogs as written by sync
    edit_text(project, "s5", "A changed paragraph that the translator must review.")
    edit_text(project, "s20", None)
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh)
    shutil.rmtree(fresh / ".cache")  # no record: everything is read and wrapped again
    same_clock = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}  # both templates get one creation date
    assert cli("sync", cwd=project, env=same_clock).returncode == 0
    assert cli("sync", cwd=fresh, env=same_clock).returncode == 0
    for copied in sorted(project.glob("locales/**/*.po*")):
        assert copied.read_bytes() == (fresh / copied.relative_to(project)).read_bytes(), copied
    assert entry(path, "s5").fuzzy


def test_a_catalog_edited_after_sync_is_not_copied_blindly(cli, project):
    cli("sync", cwd=project)
    path = po(project, "kk")
    text = path.read_text(encoding="utf-8")
    # another tool re-wraps the file (same content, different lines): sync must restore the canonical form
    rewrapped = subprocess.run(["msgcat", "--width=40", str(path)], capture_output=True, text=True, check=True).stdout
    assert rewrapped != text
    path.write_text(rewrapped, encoding="utf-8")
    cli("sync", cwd=project)
    assert path.read_text(encoding="utf-8") == text


def test_a_glossary_change_reaches_catalogs_that_sync_wrote_itself(cli, project):
    """A catalog sync wrote and nobody touched is skipped only while its inputs are the same:
    a new preferred term in the glossary must still reach its glossary comments."""
    cli("sync", cwd=project)
    cli("sync", cwd=project)  # the catalogs are now recorded as written by sync, from this glossary
    path = po(project, "zh")
    message = next(m for m in read_po(path).entries if any("→ 扎帕罗夫" in c for c in m.extracted_comments))
    glossary = project / "texts" / "glossary.tbx"
    tbx = glossary.read_text(encoding="utf-8")
    preferred = "<term>扎帕罗夫</term>\n            <termNote type=\"partOfSpeech\">properNoun</termNote>\n" \
                "            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts"
    admitted = "<term>萨德尔·扎帕罗夫</term>\n            <termNote type=\"partOfSpeech\">properNoun</termNote>\n" \
               "            <termNote type=\"administrativeStatus\">admittedTerm-admn-sts"
    assert preferred in tbx and admitted in tbx
    tbx = tbx.replace(preferred, preferred.replace("preferred", "admitted")).replace(
        admitted, admitted.replace("admitted", "preferred"))
    glossary.write_text(tbx, encoding="utf-8")
    assert cli("sync", cwd=project).returncode == 0
    comments = entry(path, message.msgctxt).extracted_comments
    assert any(c.endswith("→ 萨德尔·扎帕罗夫") for c in comments), comments
    assert not any(c.endswith("→ 扎帕罗夫") for c in comments), comments
