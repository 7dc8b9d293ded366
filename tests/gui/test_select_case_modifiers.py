"""The list selects a case the app chooses (the case kept after Cancel, a test's pick) whatever
keys the last key event held: selectRow read them, and with Ctrl+Shift counted as held (the
last event was Ctrl+Shift+A) it toggled the row off and nothing could be opened."""

from __future__ import annotations

from PySide6.QtCore import Qt

CASE_1 = "SEED-C1-CAO2023"


def test_select_case_ignores_the_modifiers_of_the_last_key_event(qtbot, stored_references,
                                                                 window):
    qtbot.waitUntil(lambda: window.case_list.model.row_of(CASE_1) >= 0)
    table = window.case_list.table
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    window.case_list.select_case(CASE_1)
    assert window.case_list.selected_ids() == [CASE_1]
    window.case_list.select_case(CASE_1)  # again: still selected, not toggled off
    assert window.case_list.selected_ids() == [CASE_1]
    window.commands.open.trigger()
    assert window.session.case_id() == CASE_1
