"""A code list refiltered by typing stays on the screen. Found by a stranger run at 1024x768:
Ctrl+Space in a Diagnoses row's WHO-HAEM5 type cell, then "B-lymphoblastic" typed: the list,
re-shown by Qt at the cell's left edge with its full width, ran past the screen's right edge,
each entry cut ("…leukaemia/lymphom"). Opened, it had been moved back onto the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.editor.keyboard import CTRL
from tests.gui.editor.test_tab_keeps_typed_code import diagnosis_cell


def test_the_who_type_list_stays_on_screen_as_typing_filters_it(qtbot, window):
    typist, cell, diagnoses = diagnosis_cell(qtbot, window, "who_haem5_type")
    typist.key(Qt.Key.Key_F2)
    picker = QApplication.focusWidget()
    screen = picker.screen().availableGeometry()
    room = screen.right() - picker.mapToGlobal(picker.rect().topLeft()).x()
    typist.key(Qt.Key.Key_Space, CTRL)  # the list of every entry
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.width() > room  # wider than the room right of the cell: it must move left
    assert screen.contains(popup.geometry())
    qtbot.keyClicks(picker, "B-lymphoblastic")  # Qt shows the list again, at the cell
    qtbot.waitUntil(popup.isVisible)
    QApplication.processEvents()
    assert screen.contains(popup.geometry()), (popup.geometry(), screen)
    typist.key(Qt.Key.Key_Escape)
