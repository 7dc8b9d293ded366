"""A code list opened in a table cell was only as wide as its column (stranger 84): in a
Diagnoses row's WHO-HAEM5 type, two entries both read "B-ALL with BCR:…". The list is now at
least as wide as its longest entry, within the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.editor.keyboard import CTRL
from tests.gui.editor.test_tab_keeps_typed_code import diagnosis_cell


def test_the_who_type_list_in_a_cell_shows_its_entries_whole(qtbot, window):
    typist, cell, diagnoses = diagnosis_cell(qtbot, window, "who_haem5_type")
    typist.key(Qt.Key.Key_F2)
    picker = QApplication.focusWidget()
    typist.key(Qt.Key.Key_Space, CTRL)  # the list of every entry
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    fm = popup.fontMetrics()
    bcr = [t for t in picker.texts if t.startswith("B-ALL with BCR")]
    assert len(bcr) >= 2
    longest = max(fm.horizontalAdvance(t) for t in picker.texts)
    screen = picker.screen().availableGeometry()
    assert popup.viewport().width() >= min(longest, screen.width() - 40)
    assert popup.width() > diagnoses.view.columnWidth(cell.column())
    assert screen.contains(popup.geometry())
    typist.key(Qt.Key.Key_Escape)


def test_a_choice_list_in_a_narrow_cell_shows_its_values_whole(qtbot):
    """A choice cell's list (F4) was as narrow as the cell: Neuroimaging lesion › Pattern."""
    from core.model.diagnostics import ImagingLesion
    from gui.editor.fields import simple_fields
    from gui.editor.widgets import make_editor

    spec = next(s for s in simple_fields(ImagingLesion) if s.name == "pattern")
    box = make_editor(spec, None, in_table=True)
    qtbot.addWidget(box)
    box.resize(90, 24)  # a narrow column
    box.show()
    qtbot.waitExposed(box)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_F4)
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    longest = max(view.fontMetrics().horizontalAdvance(box.itemText(i))
                  for i in range(box.count()))
    screen = box.screen().availableGeometry()
    assert view.viewport().width() >= min(longest, screen.width() - 60)
    assert screen.contains(view.window().geometry())
    box.hidePopup()
