"""Unlock while an open amendment holds new errors: Unlock saved the pending edits first, the
save refused them (an amendment must not bring errors into a locked case) and Unlock stopped,
its message saying "Correct these, then Save again" and nothing about unlocking. Now Unlock
asks first: Yes unlocks without saving the edits (the case becomes a draft, which may hold
errors; the edits stay in the form and in the autosaved draft, Save stores them, Undo takes
them back); No keeps the case locked, the amendment open, and the status bar says what to do
(undo the changes or correct the errors, then Unlock)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import audit_rows, draft_keys, open_from_list, press, type_in_field

C1 = "SEED-C1-CAO2023"  # a reference case, stored complete, no errors
WEIGHT = "patient.weight_kg"


def said(window) -> str:
    """The status bar's message, whole (its tooltip when the window cut it)."""
    bar = window.statusBar()
    return bar.toolTip() or bar.currentMessage()


@pytest.fixture
def amending(qtbot, casebook, stored_references, window, prompter):
    """Case 1 locked, opened, amended, 680 kg typed (rule V03: an error blocking 'complete');
    the stored case (status, version, weight) and its audit entry count."""
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "locked", case.version)
    open_from_list(qtbot, window, C1)
    prompter.script("ask_reason", "Corrected from the chart")
    qtbot.mouseClick(window.case_banner.amend_button, Qt.MouseButton.LeftButton)
    assert window.session.amending()
    field = type_in_field(qtbot, window, WEIGHT, "680")
    stored = casebook.cases.open_case(C1)
    assert (stored.status, stored.patient.weight_kg) == ("locked", case.patient.weight_kg)
    return field, stored, len(audit_rows(casebook, C1))


def test_unlock_without_saving_keeps_the_edits_in_the_draft(
        qtbot, amending, window, casebook, prompter):
    field, before, entries = amending
    prompter.script("confirm", True)  # Unlock without saving the changes
    prompter.script("ask_reason", "Data to be re-abstracted")  # the unlock's own reason

    window.commands.unlock.trigger()

    [(title, question)] = prompter.calls("confirm")
    assert title == "Unlock case"
    assert "cannot be saved to the locked case: they bring errors that block 'complete' " \
           "(at Weight)" in question
    assert "Unlock without saving them?" in question
    assert not prompter.calls("show_reasons")  # no "Save again" refusal on the way
    stored = casebook.cases.open_case(C1)
    assert (stored.status, stored.version) == ("draft", before.version + 1)
    assert stored.patient.weight_kg == before.patient.weight_kg  # the edit is not stored
    assert len(audit_rows(casebook, C1)) > entries  # the unlock, with its reason
    assert field.text() == "680" and window.session.is_dirty()  # kept in the form
    assert not window.session.amending() and not window.editor.is_read_only()
    assert C1 in draft_keys(casebook)  # and as a draft
    assert said(window) == (f"{C1} is a draft again; your changes are in the form, not saved: "
                            "Save stores them.")

    press(qtbot, window, "Ctrl+S")  # a draft takes the error
    stored = casebook.cases.open_case(C1)
    assert (stored.status, stored.version, stored.patient.weight_kg) == (
        "draft", before.version + 2, 680)
    assert not window.session.is_dirty() and C1 not in draft_keys(casebook)


def test_undo_after_unlocking_leaves_the_draft_as_stored(qtbot, amending, window, casebook,
                                                         prompter):
    field, before, _entries = amending
    prompter.script("confirm", True)
    prompter.script("ask_reason", "Data to be re-abstracted")
    window.commands.unlock.trigger()
    window.editor.focus_path(WEIGHT)
    press(qtbot, window, "Ctrl+Z")
    assert field.text() != "680" and not window.session.is_dirty()  # the stored content
    assert casebook.cases.open_case(C1).status == "draft"


def test_no_keeps_the_case_locked_and_says_what_to_do(qtbot, amending, window, casebook,
                                                      prompter):
    field, before, entries = amending
    prompter.script("confirm", False)

    window.commands.unlock.trigger()

    assert not prompter.calls("ask_reason")[1:]  # no unlock reason asked (only Amend's)
    stored = casebook.cases.open_case(C1)
    assert (stored.status, stored.version) == ("locked", before.version)
    assert len(audit_rows(casebook, C1)) == entries
    assert field.text() == "680" and window.session.amending() and window.session.is_dirty()
    assert said(window) == (
        "Not unlocked: undo the changes (Ctrl+Z) or correct the errors (at Weight) listed in "
        "Problems, then Unlock.")


def test_an_amendment_without_new_errors_is_saved_then_unlocked_as_before(
        qtbot, amending, window, casebook, prompter):
    _field, before, _entries = amending
    type_in_field(qtbot, window, WEIGHT, "68.5")  # corrected
    prompter.script("ask_reason", "Data to be re-abstracted")
    window.commands.unlock.trigger()
    assert not prompter.calls("confirm")
    stored = casebook.cases.open_case(C1)
    assert (stored.status, stored.patient.weight_kg) == ("draft", 68.5)
    assert not window.session.is_dirty()
