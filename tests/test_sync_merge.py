"""sync's merge, entry by entry: the functions that reconcile an existing catalog entry with
the canonical text, called directly on Message and Catalog objects (no subprocess); then the
whole merge in-process, through ``sync_project``."""

from __future__ import annotations

from pathlib import Path

from test_sync import edit_text

from sco_publish.catalogs.catalog import Catalog, Message
from sco_publish.catalogs.pofile import read_po, write_po
from sco_publish.catalogs.sync import (
    holds_a_neighbours_translation, restore_moved_translation, revive_obsolete, sync_project, update_source,
)
from sco_publish.project import canonical_text_paths, load_project_glossary
from sco_publish.settings import load_settings

OLD = "He also reminded participants that next year will mark the 25th anniversary of the SCO."
NEW = "He also reminded participants that next year will not mark the 25th anniversary of the SCO."
RU = "Он также напомнил, что в следующем году исполнится 25 лет ШОС."


def translated(msgctxt: str = "s22", msgid: str = OLD, msgstr: str = RU, **fields) -> Message:
    return Message(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, **fields)


# ------------------------------------------------------------------ update_source

def test_a_changed_source_keeps_the_translation_as_fuzzy_with_the_previous_english():
    message = translated(translator_comments=["checked against the MFA text"], flags=["no-wrap"])
    assert update_source(message, NEW) is True
    assert (message.msgid, message.msgstr, message.previous_msgid) == (NEW, RU, OLD)
    assert message.flags == ["fuzzy", "no-wrap"]
    assert message.translator_comments == ["checked against the MFA text"]


def test_an_unchanged_source_changes_nothing():
    message = translated()
    assert update_source(message, OLD) is False
    assert message == translated()


def test_an_untranslated_entry_takes_the_new_source_without_a_fuzzy_flag():
    message = translated(msgstr="")
    assert update_source(message, NEW) is True
    assert (message.msgid, message.flags, message.previous_msgid) == (NEW, [], None)


def test_changing_the_source_back_clears_the_fuzzy_flag_and_the_previous_english():
    message = translated()
    update_source(message, NEW)
    assert update_source(message, OLD) is True
    assert (message.msgid, message.msgstr, message.flags, message.previous_msgid) == (OLD, RU, [], None)


def test_a_second_change_keeps_the_english_the_translation_was_made_from():
    message = translated()
    update_source(message, NEW)
    assert update_source(message, NEW + " Really.") is True
    assert message.previous_msgid == OLD and message.fuzzy


def test_an_entry_a_translator_marked_fuzzy_gets_the_previous_english_on_a_change():
    message = translated(flags=["fuzzy"])
    update_source(message, NEW)
    assert message.previous_msgid == OLD and message.flags == ["fuzzy"]


def test_plural_translations_count_as_translations():
    message = Message(msgid=OLD, msgctxt="s22", msgid_plural=OLD + "s", msgstr_plural=["", RU, ""])
    update_source(message, NEW)
    assert message.fuzzy and message.previous_msgid == OLD and message.msgstr_plural == ["", RU, ""]


# ------------------------------------------------------------------ revive_obsolete

def test_an_obsolete_entry_of_the_same_segment_is_revived_before_one_with_the_same_english():
    same_english = translated("s9", NEW, "другой перевод", obsolete=True)
    own = translated("s22", OLD, RU, obsolete=True, previous_msgctxt="s21",
                     translator_comments=["lint-waive: term-missing: the name is omitted"])
    obsolete = [same_english, own]
    revived = revive_obsolete(obsolete, Message(msgid=NEW, msgctxt="s22"))
    assert revived is own
    assert obsolete == [same_english]
    assert (revived.obsolete, revived.msgctxt, revived.previous_msgctxt, revived.msgstr) == (False, "s22", None, RU)
    assert revived.translator_comments == ["lint-waive: term-missing: the name is omitted"]
    assert revived.msgid == OLD  # the source is updated (and the entry made fuzzy) by update_source


def test_an_obsolete_entry_with_the_same_english_is_revived_under_the_new_segment_id():
    other = translated("s5", "Something else.", "Другое.", obsolete=True)
    moved = translated("s20", OLD, RU, obsolete=True)
    obsolete = [other, moved]
    revived = revive_obsolete(obsolete, Message(msgid=OLD, msgctxt="s31"))
    assert revived is moved and revived.msgctxt == "s31" and not revived.obsolete
    assert obsolete == [other]


def test_nothing_is_revived_for_a_new_segment():
    obsolete = [translated("s20", OLD, RU, obsolete=True)]
    assert revive_obsolete(obsolete, Message(msgid=NEW, msgctxt="s31")) is None
    assert obsolete == [translated("s20", OLD, RU, obsolete=True)]


# ------------------------------------------------------------------ msgmerge's cross-segment matches

def test_an_entry_msgmerge_gave_a_neighbours_translation_is_recognised():
    # msgmerge --previous: s22's entry got s21's translation (#| msgctxt "s21"), s22's own went to #~
    neighbours = translated("s22", NEW, "Перевод абзаца s21.", flags=["fuzzy"], previous_msgctxt="s21",
                            previous_msgid="Paragraph s21.")
    own_obsolete = translated("s22", OLD, RU, obsolete=True)
    assert holds_a_neighbours_translation(neighbours, [own_obsolete])
    assert not holds_a_neighbours_translation(neighbours, [])  # nothing of its own to come back
    plain = translated("s22", NEW, RU, previous_msgctxt="s22")  # msgmerge writes its own ID too
    assert not holds_a_neighbours_translation(plain, [own_obsolete])
    assert not holds_a_neighbours_translation(translated(), [own_obsolete])


def test_a_moved_translation_goes_back_to_its_own_segment_as_obsolete():
    moved = translated("s22", NEW, "Перевод абзаца s21.", flags=["fuzzy", "no-wrap"], previous_msgctxt="s21",
                       previous_msgid="Paragraph s21.", references=["texts/a.xml:40"],
                       extracted_comments=["paragraph"])
    old = Catalog(messages=[moved, translated("s20", "Paragraph s20.", "Перевод абзаца s20.")])
    obsolete: list[Message] = []
    restore_moved_translation(moved, old, obsolete)
    assert obsolete == [moved]
    assert (moved.msgctxt, moved.msgid, moved.msgstr) == ("s21", "Paragraph s21.", "Перевод абзаца s21.")
    assert (moved.previous_msgctxt, moved.previous_msgid, moved.flags) == (None, None, ["no-wrap"])
    assert (moved.obsolete, moved.references, moved.extracted_comments) == (True, [], [])


def test_a_moved_translation_the_catalog_still_holds_is_not_kept_twice():
    moved = translated("s22", NEW, "Перевод абзаца s21.", flags=["fuzzy"], previous_msgctxt="s21",
                       previous_msgid="Paragraph s21.")
    own = translated("s21", "Paragraph s21.", "Перевод абзаца s21.")
    obsolete: list[Message] = []
    restore_moved_translation(moved, Catalog(messages=[moved, own]), obsolete)
    assert obsolete == [] and moved.msgctxt == "s22" and not moved.obsolete


# ------------------------------------------------------------------ the whole merge, in-process

def _sync(project: Path) -> None:
    settings = load_settings(project)
    sync_project(settings, canonical_text_paths(settings), load_project_glossary(settings))


def _entries(path: Path, segment_id: str) -> list[Message]:
    return [m for m in read_po(path).messages if m.msgctxt == segment_id]


def test_sync_merges_a_changed_a_removed_and_a_restored_segment(project):
    _sync(project)
    path = project / "locales" / "ru" / "LC_MESSAGES" / "tokayev-address.po"
    catalog = read_po(path)
    for message in catalog.entries:
        if message.msgctxt == "s22":
            message.msgstr, message.translator_comments = RU, ["checked against the MFA text"]
        elif message.msgctxt == "s20":
            message.msgstr = "Ещё одним приоритетом он назвал экологическое сотрудничество."
    write_po(catalog, path)
    original = (project / "texts" / "tokayev-address.xml").read_text(encoding="utf-8")
    edit_text(project, "s22", NEW)
    edit_text(project, "s20", None)
    _sync(project)
    [changed] = _entries(path, "s22")
    assert (changed.msgid, changed.msgstr, changed.previous_msgid, changed.fuzzy) == (NEW, RU, OLD, True)
    assert changed.translator_comments == ["checked against the MFA text"]
    [removed] = _entries(path, "s20")
    assert removed.obsolete and removed.msgstr.startswith("Ещё одним") and removed.references == []
    (project / "texts" / "tokayev-address.xml").write_text(original, encoding="utf-8")
    _sync(project)
    [restored] = _entries(path, "s20")
    assert not restored.obsolete and not restored.fuzzy and restored.msgstr.startswith("Ещё одним")
    assert restored.references and restored.references[0].startswith("texts/tokayev-address.xml:")
    [changed_back] = _entries(path, "s22")
    assert (changed_back.msgid, changed_back.fuzzy, changed_back.previous_msgid) == (OLD, False, None)
