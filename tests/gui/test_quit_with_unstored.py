"""Save at the quit question while a field holds text the case cannot store: the quit stops
with a message box naming the field (not only a status bar line), the window stays open on
that field, and everything else is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press, type_title

C1 = "SEED-C1-CAO2023"
AGE = "patient.age_at_day0"


def test_save_at_quit_with_a_bad_number_stops_with_a_message_naming_the_field(
        qtbot, stored_references, window, casebook, prompter):
    open_from_list(qtbot, window, C1)
    before = casebook.cases.open_case(C1).patient.age_at_day0
    type_title(qtbot, window, "Retitled before quitting")
    window.editor.focus_path(AGE)
    age = window.focusWidget()
    age.selectAll()
    qtbot.keyClicks(age, "4O")
    qtbot.keyClick(age, Qt.Key.Key_Tab)
    window.editor.focus_path("case_report.title")  # the cursor elsewhere when quitting
    prompter.script("confirm_unsaved", "save")
    prompter.script("error", None)

    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

    assert len(prompter.calls("confirm_unsaved")) == 1
    [(message,)] = prompter.calls("error")
    assert "Age at Day 0" in message and "'4O'" in message and "not a number" in message
    assert "Everything else is saved" in message and "Discard" in message
    assert window.isVisible()
    stored = casebook.cases.open_case(C1)
    assert stored.case_report.title == "Retitled before quitting"
    assert stored.patient.age_at_day0 == before
    assert age.text() == "4O"
    assert window.focusWidget() is age
    assert window.session.is_dirty()


def test_save_at_quit_with_a_bad_date_names_it_and_discard_then_quits(
        qtbot, stored_references, window, casebook, prompter):
    open_from_list(qtbot, window, C1)
    window.editor.focus_path("case_report.day0")
    day0 = window.focusWidget()
    day0.selectAll()
    qtbot.keyClicks(day0, "31.02.2023")
    prompter.script("confirm_unsaved", "save", "discard")
    prompter.script("error", None)

    window.close()  # still in the field: its text counts as a change all the same
    [(message,)] = prompter.calls("error")
    assert "Day 0 date" in message and "31.02.2023" in message
    assert window.isVisible() and day0.text() == "31.02.2023"

    window.close()  # the user gives up on the date: Discard quits as before, no new message
    assert window.isHidden()
    assert len(prompter.calls("error")) == 1


def test_the_saved_except_message_is_replaced_once_the_field_is_corrected(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    window.editor.focus_path(AGE)
    age = window.focusWidget()
    age.selectAll()
    qtbot.keyClicks(age, "4O")
    press(qtbot, window, "Ctrl+S")
    assert "except Age at Day 0" in window.statusBar().currentMessage()

    age.selectAll()
    qtbot.keyClicks(age, "40")
    qtbot.keyClick(age, Qt.Key.Key_Tab)
    message = window.statusBar().currentMessage()
    assert "except" not in message and "Corrected" in message and "Save" in message
    assert casebook.cases.open_case(C1).patient.age_at_day0 != 40  # not saved by itself
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(C1).patient.age_at_day0 == 40
