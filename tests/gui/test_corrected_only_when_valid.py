""""Corrected: Save to store it." is said only when the text not stored became text the field
takes. Found by a stranger run: replacing an impossible Day 0 date ('March 2023') with another
('2024-13-01') said "Corrected" on the way (typing passes through '2024', a year the field
takes) while the field stayed red, and the message stayed on."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press

C1 = "SEED-C1-CAO2023"
DAY0 = "case_report.day0"


def _retype(qtbot, window, text: str) -> None:
    window.editor.focus_path(DAY0)
    field = window.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def _saved_with_bad_day0(qtbot, window) -> None:
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    _retype(qtbot, window, "March 2023")
    press(qtbot, window, "Ctrl+S")
    qtbot.wait(20)
    assert window.statusBar().currentMessage().startswith("Saved SEED-C1-CAO2023")


def test_other_impossible_text_is_not_called_corrected(qtbot, stored_references, window,
                                                       casebook):
    stored = casebook.cases.open_case(C1).case_report.day0
    _saved_with_bad_day0(qtbot, window)
    _retype(qtbot, window, "2024-13-01")
    shown = window.statusBar().currentMessage()
    assert "Corrected" not in shown and "Day 0" in shown  # "Saved …, except Day 0 date" stays
    assert DAY0 in window.editor.unstored_by_path()
    assert casebook.cases.open_case(C1).case_report.day0 == stored


def test_corrected_when_valid_and_cleared_when_broken_again(qtbot, stored_references, window,
                                                            casebook):
    _saved_with_bad_day0(qtbot, window)
    _retype(qtbot, window, "2023-01-12")
    assert window.statusBar().currentMessage() == "Corrected: Save to store it."
    assert DAY0 not in window.editor.unstored_by_path()
    _retype(qtbot, window, "2023-02-31")  # no longer corrected: the message does not stay
    shown = window.statusBar().currentMessage()
    assert "Corrected" not in shown
    assert "Still not stored" in shown and "Day 0" in shown
