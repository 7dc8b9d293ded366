"""Escape in a table cell leaves it as it was before the typing: found by a stranger run in a
real window, "B-ALL NO" typed into a diagnosis's WHO-HAEM5 type and abandoned with Escape was
stored (and printed in the PDF), and so was "45" typed into a CSF WBC and escaped. Typing
stores as it goes (so derived values follow), and Escape did not take that back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def _type(qtbot, text: str) -> None:
    """Each key to the widget with the focus at that moment, as a window system sends it."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def _escape(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)


def test_escape_in_a_number_cell_puts_back_what_it_held(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    csf = typist.go_to_section("CSF & CNS").tables["csf_assessments"]
    csf.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    _type(qtbot, "d4")
    typist.key(Qt.Key.Key_Tab)  # to CSF WBC
    _type(qtbot, "1")
    typist.key(Qt.Key.Key_Tab)  # stored: 1
    typist.key(Qt.Key.Key_Backtab)  # back to CSF WBC
    _type(qtbot, "45")
    assert window.editor.current_case().csf_assessments[0].wbc_per_uL == 45  # live, as typed
    _escape(qtbot)
    assert window.editor.current_case().csf_assessments[0].wbc_per_uL == 1
    wbc = csf.view.proxy.index(0, csf.table_model.column_of("wbc_per_uL"))
    assert wbc.data() == "1"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.csf_assessments[0].wbc_per_uL == 1


def test_escape_in_a_coded_cell_stores_nothing_typed(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    diagnoses = typist.go_to_section("Diagnoses & reasoning").tables["diagnoses"]
    diagnoses.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    for text in ("d0", "init", "B-ALL"):
        _type(qtbot, text)
        typist.key(Qt.Key.Key_Tab)
    column = diagnoses.table_model.column_of("who_haem5_type")
    assert diagnoses.view.currentIndex().column() == column
    _type(qtbot, "B-ALL NO")
    _escape(qtbot)  # a completion list may be open: the first Escape closes it
    if diagnoses.view.state() == diagnoses.view.State.EditingState:
        _escape(qtbot)
    assert window.editor.current_case().diagnoses[0].who_haem5_type is None
    assert window.editor.current_case().diagnoses[0].entity == "B-ALL"  # Tab kept it
