"""Keystrokes a choice field refuses show the user typed something that is no value: found by a
stranger run, `CNS1` then Tab in Outcome › Subsequent relapse stored "no" (C, S and 1 refused
one by one, N alone completed to "no"). A clinician who typed CNS1 did not mean "no": nothing is
stored from a partial match (the field keeps what was typed, marked) and a tooltip names the field, what was
typed and the values. Enter still takes a shown proposal; a unique start typed with no refused
key still completes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolTip

from tests.gui.conftest import focus_field, press

FIELD = "outcome.subsequent_relapse"



def test_cns1_then_tab_stores_nothing_and_says_why(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, FIELD)
    qtbot.keyClicks(combo, "CNS1")
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.subsequent_relapse is None
    assert combo.currentText() == "CNS1"  # kept, marked: not stored
    tip = QToolTip.text()
    assert "Subsequent relapse" in tip and "'CNS1'" in tip and "not one of" in tip
    assert "yes, no, unknown" in tip
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.outcome.subsequent_relapse is None


def test_refused_keys_keep_the_previous_value(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, FIELD)
    qtbot.keyClicks(combo, "yes")
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.subsequent_relapse == "yes"
    combo = focus_field(window, FIELD)
    combo.line_edit().selectAll()
    qtbot.keyClick(combo, Qt.Key.Key_Backspace)
    qtbot.keyClicks(combo, "CNS1")
    assert combo.currentText().lower() == "no"  # proposed inline after the refused C
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.subsequent_relapse == "yes"
    assert combo.currentText() == "CNS1"  # kept, marked: not stored over "yes"


def test_enter_still_takes_the_proposal_and_a_clean_start_completes(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, FIELD)
    qtbot.keyClicks(combo, "CNS")
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # "no" shown as proposed, taken on purpose
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.subsequent_relapse == "no"

    combo = focus_field(window, FIELD)
    combo.line_edit().selectAll()
    qtbot.keyClicks(combo, "u")  # only "unknown" starts so, nothing refused
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.subsequent_relapse == "unknown"
    assert combo.currentText() == "unknown"


def test_a_table_cell_left_after_a_refused_key_keeps_its_value(qtbot, window):
    from tests.gui.editor.test_ambiguous_choice import marrow_row_at_specimen

    typist, marrow = marrow_row_at_specimen(qtbot, window)
    column = marrow.table_model.column_of("specimen")
    assert marrow.view.currentIndex().column() == column
    typist.type("pex")  # "pe" starts only "peripheral blood"; x is refused
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().bm_assessments[0].specimen is None
    assert marrow.view.view_index(0, column).data() == "pex"  # kept, marked: not stored
