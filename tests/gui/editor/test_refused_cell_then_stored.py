"""Text a table cell refused goes once the cell's value is stored another way (stranger run, a
hematology fellow): 'B' typed in a Bone marrow row's Blast lineage cell was refused (red, listed
in Problems as not stored); choosing "lymphoid (B)" in the row's "More of the row" stored it, but
the cell still showed the red 'B', Problems still said not stored, Save said 'except Blast
lineage' and the case stayed 'Unsaved changes'. The row's form showed the field empty while the
cell held the refused text. 'Zz' is typed here: a value that stays refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist

PATH = "bm_assessments[0].blast_lineage"


def marrow_row_with_refused_lineage(qtbot, window):
    """d60, BMA, 1, 0,5 in a new marrow row, then 'Zz' Tab in Blast lineage (refused)."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    marrow = typist.go_to_section("Bone marrow").tables["bm_assessments"]
    marrow.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    for text in ("d60", "BMA", "1", "0,5"):
        type_in_cell(typist, text)
        typist.key(Qt.Key.Key_Tab)
    column = marrow.table_model.column_of("blast_lineage")
    assert marrow.view.currentIndex().column() == column
    type_in_cell(typist, "Zz")
    typist.key(Qt.Key.Key_Tab)
    QApplication.processEvents()
    cell = marrow.view.view_index(0, column)
    assert cell.data() == "Zz"  # refused: kept, marked
    assert PATH in window.editor.ctx.unstored
    return typist, marrow, column


def type_in_cell(typist, text):
    """The first key opens the cell's editor; the rest go to it (as to the focus)."""
    typist.type(text[0])
    typist.type(text[1:])


def enter_in_cell(qtbot, typist, marrow, column, text):
    """``text`` typed in the row's cell at ``column``, Tab, Escape and back with Left."""
    marrow.view.setFocus()
    assert marrow.view.currentIndex().column() == column
    type_in_cell(typist, text)
    typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_Escape)
    typist.key(Qt.Key.Key_Left)
    assert marrow.view.currentIndex().column() == column


def open_row_form(qtbot, marrow):
    group = marrow.row_form.parentWidget()
    qtbot.mouseClick(group, Qt.MouseButton.LeftButton, pos=group.rect().topLeft() + _tick(group))
    assert group.isChecked()
    return marrow.row_form.bindings["blast_lineage"].editor


def _tick(group):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QStyle, QStyleOptionGroupBox

    option = QStyleOptionGroupBox()
    group.initStyleOption(option)
    box = group.style().subControlRect(QStyle.ComplexControl.CC_GroupBox, option,
                                       QStyle.SubControl.SC_GroupBoxCheckBox, group)
    return QPoint(box.center().x(), box.center().y())


def problems(window) -> list[str]:
    model = window.editor.problems_panel.model
    return [" ".join(str(model.index(r, c).data()) for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_a_value_chosen_in_the_row_form_clears_the_refused_cell(qtbot, window, casebook,
                                                                   prompter):
    typist, marrow, column = marrow_row_with_refused_lineage(qtbot, window)
    assert any("'Zz'" in line and "not stored" in line for line in problems(window))
    combo = open_row_form(qtbot, marrow)
    assert combo.currentText() == "Zz"  # the form shows what the cell holds, not an empty field
    assert combo.property("problem") == "error"
    typist.click(combo)
    combo.line_edit().selectAll()
    typist.type("lymphoid (B)")
    typist.key(Qt.Key.Key_Tab)
    QApplication.processEvents()
    assert window.editor.current_case().bm_assessments[0].blast_lineage == "lymphoid_B"
    cell = marrow.view.view_index(0, column)
    assert cell.data() == "lymphoid (B)"  # the red 'Zz' is gone
    assert not any("not stored" in line for line in problems(window))
    assert PATH not in window.editor.ctx.unstored
    press(qtbot, window, "Ctrl+S")
    assert "except" not in window.statusBar().currentMessage()
    assert not window.editor.is_dirty()
    assert "Unsaved changes" not in window.statusBar().currentMessage()
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.bm_assessments[0].blast_lineage == "lymphoid_B"
    press(qtbot, window, "Ctrl+W")  # nothing to ask about
    qtbot.waitUntil(lambda: window.session.case_id() is None)
    assert not prompter.calls("confirm_unsaved")


def test_undo_that_stores_the_cells_value_again_clears_the_refused_text(qtbot, window,
                                                                          casebook):
    typist, marrow, column = marrow_row_with_refused_lineage(qtbot, window)
    marrow.view.setFocus()
    typist.key(Qt.Key.Key_Left)  # back from the next cell, which Tab opened
    press(qtbot, window, "Ctrl+Z")  # takes back 0,5 in Blasts (flow): not this cell
    assert window.editor.current_case().bm_assessments[0].blast_pct_flow is None
    assert marrow.view.view_index(0, column).data() == "Zz"  # still refused, still listed
    assert PATH in window.editor.ctx.unstored
    press(qtbot, window, "Ctrl+Y")
    assert marrow.view.currentIndex().column() == column
    typist.key(Qt.Key.Key_Delete)  # the refused text goes with the cell's value
    assert PATH not in window.editor.ctx.unstored
    enter_in_cell(qtbot, typist, marrow, column, "myeloid")
    assert window.editor.current_case().bm_assessments[0].blast_lineage == "myeloid"
    typist.key(Qt.Key.Key_Delete)
    assert window.editor.current_case().bm_assessments[0].blast_lineage is None
    enter_in_cell(qtbot, typist, marrow, column, "Zz")
    assert marrow.view.view_index(0, column).data() == "Zz"
    assert PATH in window.editor.ctx.unstored
    press(qtbot, window, "Ctrl+Z")  # takes back the Delete: 'myeloid' is stored again
    assert window.editor.current_case().bm_assessments[0].blast_lineage == "myeloid"
    assert marrow.view.view_index(0, column).data() == "myeloid"
    assert not any("not stored" in line for line in problems(window))
    press(qtbot, window, "Ctrl+S")
    assert "except" not in window.statusBar().currentMessage()
    assert not window.editor.is_dirty()
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.bm_assessments[0].blast_lineage == "myeloid"
    assert stored.bm_assessments[0].blast_pct_flow == 0.5
