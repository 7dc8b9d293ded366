"""Never lose typing: save, Save / Discard / Cancel, autosave, failed saves."""

from __future__ import annotations

import pytest

from core.errors import StorageError
from tests.gui.conftest import audit_rows, draft_keys, open_from_list, press, type_title

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


def stored(casebook, case_id):
    return casebook.cases.open_case(case_id)


def test_new_case_typed_and_saved_with_ctrl_s(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    assert window.session.is_open()
    case_id = window.session.case_id()
    type_title(qtbot, window, "Blast crisis case report")
    assert window.isWindowModified()
    press(qtbot, window, "Ctrl+S")
    case = stored(casebook, case_id)
    assert (case.version, case.case_report.title) == (1, "Blast crisis case report")
    assert audit_rows(casebook, case_id)[0]["action"] == "create"
    assert not window.isWindowModified()
    assert window.case_model.total == 1
    assert window.case_list.current_id() == case_id
    assert "Saved" in window.save_state_label.text()


def test_switching_case_and_choosing_save_saves(qtbot, stored_references, window, casebook,
                                                prompter):
    open_from_list(qtbot, window, C1)
    type_title(qtbot, window, "Retitled")
    prompter.script("confirm_unsaved", "save")
    open_from_list(qtbot, window, C2)
    assert prompter.calls("confirm_unsaved")
    case = stored(casebook, C1)
    assert (case.version, case.case_report.title) == (2, "Retitled")
    assert any(r["path"] == "case_report.title" and r["new"] == "Retitled"
               for r in audit_rows(casebook, C1))
    assert window.session.case_id() == C2
    assert draft_keys(casebook) == []


def test_switching_case_and_choosing_discard_writes_nothing(qtbot, stored_references, window,
                                                            casebook, prompter):
    audit_before = audit_rows(casebook, C1)
    open_from_list(qtbot, window, C1)
    type_title(qtbot, window, "Thrown away")
    window.session.autosave()
    assert draft_keys(casebook) == [C1]
    prompter.script("confirm_unsaved", "discard")
    open_from_list(qtbot, window, C2)
    case = stored(casebook, C1)
    assert (case.version, case.case_report.title) == (1, stored_references[0].case_report.title)
    assert audit_rows(casebook, C1) == audit_before
    assert draft_keys(casebook) == []
    assert window.session.case_id() == C2


def test_switching_case_and_choosing_cancel_keeps_everything(qtbot, stored_references, window,
                                                             casebook, prompter):
    open_from_list(qtbot, window, C1)
    field = type_title(qtbot, window, "Still typing")
    prompter.script("confirm_unsaved", "cancel")
    open_from_list(qtbot, window, C2)
    assert window.session.case_id() == C1
    assert field.text() == "Still typing"
    assert window.session.is_dirty()
    assert stored(casebook, C1).version == 1
    assert draft_keys(casebook) == [C1]  # autosaved before the question


def test_closing_the_window_with_unsaved_changes_asks(qtbot, stored_references, window, casebook,
                                                      prompter):
    open_from_list(qtbot, window, C1)
    type_title(qtbot, window, "Closing")
    prompter.script("confirm_unsaved", "cancel", "save")
    window.close()
    assert window.isVisible()
    window.close()
    assert not window.isVisible()
    assert stored(casebook, C1).case_report.title == "Closing"


def test_autosave_follows_the_last_change(qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    type_title(qtbot, window, "Autosaved title")
    assert window.session.autosave_pending()
    qtbot.waitUntil(lambda: draft_keys(casebook) == [C1], timeout=5000)
    draft = casebook.drafts.list_drafts()[0]
    assert draft.case.case_report.title == "Autosaved title"
    assert draft.base_version == 1
    assert stored(casebook, C1).version == 1
    assert not window.session.autosave_pending()


@pytest.mark.expected_errors("a conflicting save is refused with an error")
def test_conflicting_save_keeps_the_edit(qtbot, stored_references, window, casebook, prompter):
    open_from_list(qtbot, window, C1)
    elsewhere = stored(casebook, C1)
    report = elsewhere.case_report.model_copy(update={"title": "Saved elsewhere"})
    casebook.cases.save_case(elsewhere.model_copy(update={"case_report": report}))
    field = type_title(qtbot, window, "Mine")
    press(qtbot, window, "Ctrl+S")
    assert "changed elsewhere" in prompter.calls("error")[0][0]
    assert field.text() == "Mine" and window.session.is_dirty()
    assert stored(casebook, C1).case_report.title == "Saved elsewhere"
    assert casebook.drafts.list_drafts()[0].case.case_report.title == "Mine"


@pytest.mark.expected_errors("a storage failure makes the save fail with an error")
def test_storage_error_on_save_keeps_the_edit(qtbot, stored_references, window, casebook,
                                              prompter, monkeypatch):
    open_from_list(qtbot, window, C1)
    field = type_title(qtbot, window, "Disk full")

    def full_disk(case, reason=None):
        raise StorageError("The disk is full: nothing was saved.")

    monkeypatch.setattr(casebook.cases, "save_case", full_disk)
    press(qtbot, window, "Ctrl+S")
    message = prompter.calls("error")[0][0]
    assert message.startswith("The disk is full: nothing was saved.")
    assert "still in the editor and kept as an autosaved draft" in message
    assert field.text() == "Disk full" and window.session.is_dirty()
    assert draft_keys(casebook) == [C1]


def test_close_case_returns_to_the_placeholder(qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    press(qtbot, window, "Ctrl+W")
    assert not window.session.is_open()
    assert window.editor_stack.currentIndex() == 0
    assert not window.commands.save.isEnabled()


@pytest.mark.parametrize("choice", ["discard", "save"])
def test_new_case_then_leaving_it(qtbot, window, casebook, prompter, choice):
    press(qtbot, window, "Ctrl+N")
    case_id = window.session.case_id()
    type_title(qtbot, window, "Brand new")
    prompter.script("confirm_unsaved", choice)
    press(qtbot, window, "Ctrl+W")
    assert not window.session.is_open()
    assert casebook.cases.existing_ids([case_id]) == ({case_id} if choice == "save" else set())
    assert draft_keys(casebook) == []


@pytest.mark.expected_errors("opens a case that does not exist, on purpose")
def test_a_case_that_cannot_be_opened_neither_asks_about_nor_discards_the_open_one(
        qtbot, stored_references, window, casebook, prompter):
    """Before, the question came first: Discard dropped the edit (and took back its figure
    files), then the open failed and the editor went on showing the discarded edit as if it
    were stored."""
    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    type_title(qtbot, window, "An edit to keep")
    prompter.script("confirm_unsaved", "discard")
    prompter.script("error", None)

    assert not window.session.open_case("NO-SUCH-CASE")

    assert not prompter.calls("confirm_unsaved")
    [(message,)] = prompter.calls("error")
    assert "NO-SUCH-CASE" in message
    assert window.session.case_id() == "SEED-C1-CAO2023" and window.session.is_dirty()
    assert window.editor.current_case().title == "An edit to keep"


@pytest.mark.expected_errors("the case to open is purged while the question is open, on purpose")
def test_a_case_gone_while_the_question_was_open_closes_the_discarded_edit_without_asking_again(
        qtbot, stored_references, window, casebook, prompter, monkeypatch):
    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    type_title(qtbot, window, "An edit to discard")
    real = casebook.cases.open_case
    reads: list[str] = []

    def gone_on_the_second_read(case_id):
        reads.append(case_id)
        if case_id == "SEED-C2-CAO2023" and reads.count(case_id) > 1:
            raise StorageError("Case SEED-C2-CAO2023 was purged meanwhile.")
        return real(case_id)

    monkeypatch.setattr(casebook.cases, "open_case", gone_on_the_second_read)
    prompter.script("confirm_unsaved", "discard")
    prompter.script("error", None)

    assert not window.session.open_case("SEED-C2-CAO2023")

    assert len(prompter.calls("confirm_unsaved")) == 1  # asked once, not again on closing
    assert window.session.case_id() is None and not window.session.is_dirty()
    assert draft_keys(casebook) == []  # the discarded edit is not kept as a draft either
    assert real("SEED-C1-CAO2023").title != "An edit to discard"


def test_opening_another_case_reads_it_once_when_nothing_is_asked(
        qtbot, stored_references, window, casebook, monkeypatch):
    """The read that checks a case can be opened is the one opened: reading (and validating)
    it again is only for after a question, when it may have changed meanwhile."""
    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    real = casebook.cases.open_case
    reads: list[str] = []
    monkeypatch.setattr(casebook.cases, "open_case",
                        lambda case_id: reads.append(case_id) or real(case_id))
    assert window.session.open_case("SEED-C2-CAO2023")
    assert reads == ["SEED-C2-CAO2023"] and window.session.case_id() == "SEED-C2-CAO2023"
