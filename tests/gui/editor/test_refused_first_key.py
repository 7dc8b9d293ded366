"""A key refused while a choice field is still empty counts too: `CN` then Tab in Outcome ›
Subsequent relapse stored "no" (C refused on the empty field, N alone completed to "no"); a
clinician typing CN… meant CNS. Now nothing is stored and the tooltip says what was typed is
not a value, as for 'CNS1' (696e780). Backspace or Delete in the emptied field starts afresh:
a value typed then completes as before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolTip

from tests.gui.conftest import focus_field, press

FIELD = "outcome.subsequent_relapse"



def _relapse(window):
    return window.editor.current_case().outcome.subsequent_relapse


def test_cn_then_tab_stores_nothing_and_says_why(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, FIELD)
    qtbot.keyClicks(combo, "CN")
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert _relapse(window) is None
    assert combo.currentText() == "CN"  # kept, marked: not stored
    tip = QToolTip.text()
    assert "Subsequent relapse" in tip and "'CN'" in tip and "not one of" in tip
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(window.session.case_id()).outcome.subsequent_relapse is None


def test_cn_over_a_value_keeps_the_value(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, FIELD)
    qtbot.keyClicks(combo, "yes")
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert _relapse(window) == "yes"
    combo = focus_field(window, FIELD)
    combo.line_edit().selectAll()  # typing replaces the value: C is refused, N starts "no"
    qtbot.keyClicks(combo, "CN")
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert _relapse(window) == "yes"
    assert combo.currentText() == "yes"  # C and N both refused: nothing typed went in


def test_backspace_after_a_refused_key_starts_afresh(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, FIELD)
    qtbot.keyClicks(combo, "C")
    qtbot.keyClick(combo, Qt.Key.Key_Backspace)
    qtbot.keyClicks(combo, "N")
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert _relapse(window) == "no"
