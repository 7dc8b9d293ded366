"""Escape in a form field leaves it as it was before the typing, as in a table cell: a
stranger (a hematologist) selected Patient › Weight, typed 99 and pressed Escape; the 99 was
stored (typing stores as it goes) and the derived values followed it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist, focused


def test_escape_in_weight_puts_back_the_stored_weight(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    typist.go_to_section("Patient")
    press(qtbot, window, "Alt+G")  # Weight
    typist.type("68")
    typist.key(Qt.Key.Key_Tab)  # stored: 68
    press(qtbot, window, "Ctrl+S")
    press(qtbot, window, "Alt+G")
    weight = focused()
    typist.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typist.type("99")
    assert window.editor.current_case().patient.weight_kg == 99.0  # live, as typed
    typist.key(Qt.Key.Key_Escape)
    assert window.editor.current_case().patient.weight_kg == 68.0
    assert weight.text() == "68"
    typist.key(Qt.Key.Key_Tab)  # leaving the field stores nothing more
    assert window.editor.current_case().patient.weight_kg == 68.0
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id()).patient
    assert stored.weight_kg == 68.0


def test_escape_after_bad_text_takes_it_back_unmarked(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    typist.go_to_section("Patient")
    press(qtbot, window, "Alt+G")  # Weight
    weight = focused()
    typist.type("4O")
    typist.key(Qt.Key.Key_Escape)
    assert weight.text() == ""
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().patient.weight_kg is None
    assert "not a number" not in weight.toolTip()
    assert not window.editor.ctx.unstored


def test_escape_in_a_multi_line_text_keeps_what_was_written(editor, qtbot):
    editor.focus_path("case_report.discussion")
    field = QApplication.focusWidget()
    qtbot.keyClicks(field, "A long paragraph")
    qtbot.keyClick(field, Qt.Key.Key_Escape)  # a stray key: the paragraph is not lost
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert editor.current_case().case_report.discussion == "A long paragraph"
