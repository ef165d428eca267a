"""Catalogs saved by other tools: polib, GNU msgcat and msgmerge, translate-toolkit, Poedit.

Each test starts from catalogs sync wrote (with what translators leave in them: comments,
a lint waiver, a flag, a fuzzy entry with its previous English, obsolete entries), has the
other tool save them, syncs, and compares with the canonical bytes. Where the other tool
itself dropped something before sync saw it, the expectation says so.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import polib
import pytest
from conftest import copy_repository_project, copy_synced_project, run_cli
from translate.__version__ import sver as translate_version
from translate.storage import pypo

from sco_publish.catalogs.extracted import others_comments
from sco_publish.catalogs.pofile import format_po, parse_po, read_po

DOCUMENT = "tokayev-address"
LONG_COMMENT = ("Checked against the Akorda's Russian text of the address, paragraph three; "
                "wording kept as published there.")
WAIVER = "lint-waive: term-missing: the Akorda text omits the name"
FOREIGN_EXTRACTED = "Reviewer note from the translation platform"
EDITED_S7 = "«Казахстан полностью поддерживает ключевые цели ШОС» (правка)."


def po(project: Path, lang: str) -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{DOCUMENT}.po"


def catalogs(project: Path) -> list[Path]:
    return sorted(project.glob("locales/*/LC_MESSAGES/*.po"))


def sync(cli, project: Path) -> str:
    result = cli("sync", cwd=project)
    assert result.returncode == 0, result.stderr
    return result.stdout


def edit_text(project: Path, segment_id: str, new_text: str | None) -> None:
    path = project / "texts" / f"{DOCUMENT}.xml"
    text = path.read_text(encoding="utf-8")
    if new_text is None:
        text, count = re.subn(rf'\n\s*<p xml:id="{segment_id}">[^<]*</p>', "", text)
    else:
        text, count = re.subn(rf'(<p xml:id="{segment_id}">)[^<]*', lambda m: m.group(1) + new_text, text)
    assert count == 1
    path.write_text(text, encoding="utf-8")


def edit_catalog(path: Path, edit) -> None:
    """Apply ``edit`` to each message of the catalog and write it as sync would."""
    catalog = read_po(path)
    for message in catalog.messages:
        edit(message)
    path.write_text(format_po(catalog), encoding="utf-8")


def canonical_with(text: str, edit) -> bytes:
    """The canonical form of ``text`` after ``edit``: what sync must give when a tool's save
    changed content (a translator's edit, or something the tool dropped)."""
    catalog = parse_po(text)
    for message in catalog.messages:
        edit(message)
    return format_po(catalog).encode("utf-8")


def translation(segment_id: str, text: str):
    """An edit (for ``canonical_with``) giving the segment's entry the translation ``text``."""
    def edit(message):
        if message.msgctxt == segment_id and not message.obsolete:
            message.msgstr = text
    return edit


@pytest.fixture(scope="module")
def canonical_project(tmp_path_factory) -> Path:
    """The project with every catalog as sync writes it, holding what translators leave in
    catalogs: a header field of the translator's tool (kk), a translator comment longer than
    a line and a lint waiver (s6), a no-wrap flag (zh s6), a fuzzy entry with its previous
    English (s20), obsolete entries (s21, s23, and s22, fuzzy, with ``#~|``), and an
    extracted comment sync did not write (s7). Made once; each test gets a copy."""
    project = copy_repository_project(tmp_path_factory.mktemp("foreign") / "project")
    sync(run_cli, project)

    def annotate(message, lang):
        if message.is_header and lang == "kk":  # the Kazakh translator uses Poedit
            message.msgstr += "X-Generator: Poedit 3.4\n"
        if message.msgctxt == "s6":
            message.translator_comments += [LONG_COMMENT, WAIVER]
            if lang == "zh":
                message.flags.append("no-wrap")
        if message.msgctxt == "s7":
            message.extracted_comments.append(FOREIGN_EXTRACTED)

    for lang in ("ru", "zh", "kk"):
        edit_catalog(po(project, lang), lambda message: annotate(message, lang))
    edit_text(project, "s20", "Another priority he highlighted was cooperation on the environment.")
    edit_text(project, "s22", "He also reminded the participants that next year marks the 25th anniversary of the SCO.")
    sync(run_cli, project)
    edit_text(project, "s22", None)
    edit_text(project, "s23", None)
    sync(run_cli, project)
    edit_text(project, "s21", None)
    sync(run_cli, project)
    assert "0 updated" in sync(run_cli, project)
    result = {path: path.read_bytes() for path in catalogs(project)}
    ru = result[po(project, "ru")].decode("utf-8")
    assert f"# {LONG_COMMENT}\n" in ru and f"#. {FOREIGN_EXTRACTED}\n" in ru
    assert "#| msgid" in ru and "#~| msgid" in ru and ru.count("#~ msgctxt") == 3
    assert not any(m.extracted_comments for m in parse_po(ru).messages if m.obsolete)  # the place and hints went
    assert "#, no-wrap" in result[po(project, "zh")].decode("utf-8")
    assert '"X-Generator: Poedit 3.4\\n"' in result[po(project, "kk")].decode("utf-8")
    return project


@pytest.fixture
def project(canonical_project, tmp_path) -> Path:
    return copy_synced_project(canonical_project, tmp_path / "project")


@pytest.fixture
def canonical(project) -> dict[Path, bytes]:
    """Every catalog of the test's copy of the project, as sync wrote it."""
    return {path: path.read_bytes() for path in catalogs(project)}


def assert_synced_to(cli, project: Path, expected: dict[Path, bytes]) -> None:
    """After a sync: the expected bytes, accepted by msgfmt -c, unchanged by msgcat, and a
    second sync finds nothing to do."""
    sync(cli, project)
    for path in catalogs(project):
        assert path.read_text(encoding="utf-8") == expected[path].decode("utf-8"), path
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
        assert subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout == expected[path]
    assert "0 updated" in sync(cli, project)


def glossary_lines(data: bytes) -> list[str]:
    return [line for line in data.decode("utf-8").splitlines() if line.startswith("#. glossary: ")]


def test_polib_save_keeps_glossary_hints_and_everything_else(cli, project, canonical):
    """polib wraps long #. and # lines at 78 columns and drops #~| lines; sync puts the hints
    back whole and keeps the translator's edit; the comment keeps its words on polib's lines."""
    for path in catalogs(project):
        catalog = polib.pofile(str(path))
        if path == po(project, "ru"):
            catalog.find("s7", by="msgctxt").msgstr = EDITED_S7
        catalog.save(str(path))
    ru = po(project, "ru").read_text(encoding="utf-8")
    assert "#. сотрудничества\n" in ru  # polib split a hint: the case that lost data
    assert "#~|" not in ru
    wrapped = ("# Checked against the Akorda's Russian text of the address, paragraph three;\n"
               "# wording kept as published there.\n")
    assert wrapped in ru
    kk = po(project, "kk").read_text(encoding="utf-8")
    assert kk.index("X-Generator:") < kk.index("X-Glossary:")  # polib sorts the fields it does not know

    def polibs_losses(text: str) -> str:
        text = re.sub(r"#~\| .*\n", "", text)  # polib drops these; nobody can bring them back
        return text.replace(f"# {LONG_COMMENT}\n", wrapped)

    expected = {path: polibs_losses(data.decode("utf-8")).encode("utf-8") for path, data in canonical.items()}
    expected[po(project, "ru")] = canonical_with(polibs_losses(canonical[po(project, "ru")].decode("utf-8")),
                                                  translation("s7", EDITED_S7))
    assert_synced_to(cli, project, expected)
    for path, data in canonical.items():
        assert glossary_lines(path.read_bytes()) == glossary_lines(data)


@pytest.mark.parametrize("options", [["-w", "60"], ["--no-wrap"]], ids=["width-60", "no-wrap"])
def test_msgcat_rewrapped_catalogs_come_back_byte_identical(cli, project, canonical, options):
    for path in catalogs(project):
        subprocess.run(["msgcat", *options, "-o", str(path), str(path)], check=True)
    assert all(path.read_bytes() != data for path, data in canonical.items())
    assert_synced_to(cli, project, canonical)


def msgmerges_losses(message) -> None:
    """What msgmerge takes from the template instead of the catalog: #. lines and no-wrap."""
    message.flags = [flag for flag in message.flags if flag != "no-wrap"]
    if FOREIGN_EXTRACTED in message.extracted_comments:
        message.extracted_comments.remove(FOREIGN_EXTRACTED)


def test_msgmerge_output_gets_its_glossary_hints_back(cli, project, canonical):
    """msgmerge takes #. comments and the no-wrap flag from the template (which has no hints)
    and adds POT-Creation-Date; sync regenerates the hints and drops the template's date."""
    for path in catalogs(project):
        template = project / "locales" / f"{path.stem}.pot"
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(path), str(path), str(template)], check=True)
    merged = po(project, "ru").read_text(encoding="utf-8")
    assert "#. glossary:" not in merged and "POT-Creation-Date" in merged
    assert "no-wrap" not in po(project, "zh").read_text(encoding="utf-8")

    expected = {path: canonical_with(data.decode("utf-8"), msgmerges_losses) for path, data in canonical.items()}
    assert_synced_to(cli, project, expected)


@pytest.mark.parametrize("remove_s25", [False, True], ids=["neighbour-kept", "neighbour-removed"])
def test_msgmerge_with_a_newer_template_gives_what_sync_alone_gives(cli, project, canonical, remove_s25):
    """A translator merges the template of changed texts with msgmerge instead of syncing:
    after sync the catalogs are what sync alone makes of the old ones. msgmerge's ``#| msgctxt``
    naming the entry's own context goes; a segment msgmerge gave its neighbour's translation
    (moving its own to ``#~``) gets its own back, and the neighbour's, when the neighbour is
    gone, goes to ``#~`` as sync makes it."""
    edit_text(project, "s20", "Another priority he highlighted was cooperation on the environment and climate.")
    text = (project / "texts" / f"{DOCUMENT}.xml").read_text(encoding="utf-8")
    s24, s25 = (re.search(rf'<p xml:id="{s}">([^<]*)', text).group(1) for s in ("s24", "s25"))
    edit_text(project, "s24", s24.replace("In closing", "Finally"))
    edit_text(project, "s26", s25.replace("During the session", "At the session"))  # msgmerge gives it s25's translation
    if remove_s25:
        edit_text(project, "s25", None)
    sync(cli, project)
    expected = {path: path.read_bytes() for path in catalogs(project)}
    assert expected != canonical
    for path in catalogs(project):
        path.write_bytes(canonical[path])
        template = project / "locales" / f"{path.stem}.pot"
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(path), str(path), str(template)], check=True)
    merged = po(project, "ru").read_text(encoding="utf-8")
    assert '#| msgctxt "s24"\n' in merged and '#| msgctxt "s25"\n' in merged and '#~ msgctxt "s26"' in merged
    expected = {path: canonical_with(data.decode("utf-8"), msgmerges_losses) for path, data in expected.items()}
    assert_synced_to(cli, project, expected)


def test_translate_toolkit_pomerge_output_keeps_the_translators_edit(cli, project, canonical, tmp_path):
    """A reviewed file merged back with translate-toolkit's pomerge (which rewraps every string)."""
    new = "Он подчеркнул, что ШОС по праву признана международным сообществом действенным институтом."
    reviewed = pypo.pofile.parsefile(str(po(project, "ru")))
    unit = next(unit for unit in reviewed.units if unit.getcontext() == "s6")
    unit.target = new
    reviewed.savefile(str(tmp_path / "reviewed.po"))
    for path in catalogs(project):
        review = tmp_path / "reviewed.po" if path == po(project, "ru") else path
        merged = tmp_path / "merged.po"
        subprocess.run([str(Path(sys.executable).parent / "pomerge"), "--progress=none",
                        "-t", str(path), "-i", str(review), "-o", str(merged)], check=True)
        path.write_bytes(merged.read_bytes())
    assert next(m for m in read_po(po(project, "ru")).entries if m.msgctxt == "s6").msgstr == new
    assert sum(path.read_bytes() != data for path, data in canonical.items()) > 1

    expected = dict(canonical)
    expected[po(project, "ru")] = canonical_with(canonical[po(project, "ru")].decode("utf-8"),
                                                 translation("s6", new))
    assert_synced_to(cli, project, expected)


def test_translate_toolkit_pot2po_update_gets_its_hints_and_language_back(cli, project, canonical, tmp_path):
    """translate-toolkit's pot2po (how Pootle-style platforms update a catalog from the template)
    empties Language, takes #. lines from the template and adds its X-Generator, which is kept."""
    for path in catalogs(project):
        merged = tmp_path / "updated.po"
        subprocess.run([str(Path(sys.executable).parent / "pot2po"), "--progress=none", "-t", str(path),
                        "-i", str(project / "locales" / f"{path.stem}.pot"), "-o", str(merged)],
                       check=True, capture_output=True)
        path.write_bytes(merged.read_bytes())
    updated = po(project, "ru").read_text(encoding="utf-8")
    assert '"Language: \\n"' in updated and "#. glossary:" not in updated

    def pot2pos_save(message):
        if message.is_header and "X-Generator:" not in message.msgstr:  # the kk catalog's stays Poedit's
            message.msgstr += f"X-Generator: Translate Toolkit {translate_version}\n"
        elif FOREIGN_EXTRACTED in message.extracted_comments:  # taken from the template, like msgmerge
            message.extracted_comments.remove(FOREIGN_EXTRACTED)

    expected = {path: canonical_with(data.decode("utf-8"), pot2pos_save) for path, data in canonical.items()}
    assert_synced_to(cli, project, expected)


REVISION = {"PO-Revision-Date": "2026-11-29 18:02+0500", "Last-Translator": "Aigerim Nurlanova <aigerim@example.kz>"}
POEDIT_HEADER = """msgid ""
msgstr ""
"Project-Id-Version: tokayev-address 2025-09-01\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2026-11-20 10:00+0000\\n"
"PO-Revision-Date: {PO-Revision-Date}\\n"
"Last-Translator: {Last-Translator}\\n"
"Language-Team: sco-publish working translation team (Russian) <translations@sco-publish.invalid>\\n"
"Language: ru\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"
"X-Generator: Poedit 3.4\\n"
"X-Glossary: {fingerprint}\\n"
"""


def test_poedit_save_with_sorted_entries_and_its_header_fields(cli, project, canonical):
    """Entries sorted by another tool (msgcat --sort-output, obsolete ones too), a header as
    Poedit 3.4 leaves it (reviser, revision date, X-Generator, the template's POT-Creation-Date)
    and a reviewed fuzzy entry (Poedit drops the flag and the previous English): the
    translator's fields and work stay; the order and the template's date are sync's."""
    path = po(project, "ru")
    subprocess.run(["msgcat", "--sort-output", "-o", str(path), str(path)], check=True)
    text = path.read_text(encoding="utf-8")
    fingerprint = read_po(path).header_field("X-Glossary")
    header = POEDIT_HEADER.format_map({**REVISION, "fingerprint": fingerprint})
    text = re.sub(r'^msgid ""\nmsgstr ""\n(?:".*"\n)+', lambda _: header, text, count=1, flags=re.MULTILINE)
    text, reviewed = re.subn(r'#, fuzzy\n#\| msgid "[^"]*"\n(msgctxt "s20")', r"\1", text)
    assert reviewed == 1
    path.write_text(text, encoding="utf-8")
    order = re.findall(r'^msgctxt "(s\d+)"', text, re.MULTILINE)
    obsolete_order = re.findall(r'^#~ msgctxt "(s\d+)"', text, re.MULTILINE)
    assert order != sorted(order, key=lambda s: int(s[1:])) and obsolete_order != ["s21", "s22", "s23"]

    def poedit_review(message):
        if message.is_header:
            fields = [line.partition(": ") for line in message.msgstr.splitlines()]
            message.msgstr = "".join(f"{key}: {REVISION.get(key, value)}\n" for key, _, value in fields)
            message.msgstr += "X-Generator: Poedit 3.4\n"
        if message.msgctxt == "s20" and not message.obsolete:
            message.flags.remove("fuzzy")
            message.previous_msgid = None

    expected = dict(canonical)
    expected[path] = canonical_with(canonical[path].decode("utf-8"), poedit_review)
    assert_synced_to(cli, project, expected)


def test_polib_save_then_a_changed_text_leaves_no_fragment_of_a_wrapped_hint(cli, project, canonical):
    """A hint polib wrapped that the new text no longer calls for goes away whole."""
    for path in catalogs(project):
        polib.pofile(str(path)).save(str(path))
    before = po(project, "ru").read_text(encoding="utf-8")
    assert "#. glossary: Shanghai Cooperation Organization → Шанхайская организация\n#. сотрудничества\n" in before
    text = (project / "texts" / f"{DOCUMENT}.xml").read_text(encoding="utf-8")
    s5 = re.search(r'<p xml:id="s5">([^<]*)', text).group(1)
    edit_text(project, "s5", s5.replace("Shanghai Cooperation Organization", "SCO"))
    sync(cli, project)
    s5_entry = next(m for m in read_po(po(project, "ru")).entries if m.msgctxt == "s5")
    assert s5_entry.extracted_comments[0] == "paragraph"
    assert all(c.startswith("glossary: ") for c in s5_entry.extracted_comments[1:]), s5_entry.extracted_comments
    assert "glossary: SCO → Шанхайская организация сотрудничества" in s5_entry.extracted_comments
    s7_entry = next(m for m in read_po(po(project, "ru")).entries if m.msgctxt == "s7")
    assert s7_entry.extracted_comments[-1] == FOREIGN_EXTRACTED


HINT = "glossary: Meijiang Convention and Exhibition Center → «Мэйцзян» конгресс-көрме орталығы"


@pytest.mark.parametrize("old, ours, layout, kept", [
    # polib's wrapping of a hint, at a space and after a hyphen, is sync's own hint
    (["paragraph", *textwrap.wrap(HINT, 75)], ["paragraph", HINT], False, []),
    # a line someone added is kept, also right after a wrapped hint and before the place
    (["note", "paragraph", *textwrap.wrap(HINT, 75), "a note"], ["paragraph", HINT], True, ["note", "a note"]),
    # a wrapped hint the text no longer calls for goes whole; a short line after it is someone's
    (["paragraph", *textwrap.wrap(HINT, 75), "checked"], ["paragraph"], True, ["checked"]),
    # the place of a segment whose section heading changed is sync's too
    (["1. Old heading", "glossary: SCO → ШЫҰ"], ["1. New heading", "glossary: SCO → ШЫҰ"], True, []),
])
def test_which_extracted_comments_are_syncs_own(old, ours, layout, kept):
    """``layout``: the lines are laid out as sync writes an entry (place first, then hints)."""
    assert textwrap.wrap(HINT, 75)[0].endswith("конгресс-")  # polib's width: 78 columns less "#. "
    assert others_comments(old, ours, "glossary: " if layout else None) == kept
