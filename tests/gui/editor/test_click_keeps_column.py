"""A click never scrolls the clicked cell away. Found by a stranger run in a wide table (CSF &
CNS): after Tab went past the last column in sight (the table scrolled sideways by a column),
a double-click meant for one cell edited its neighbour. A click on a cell cut off at the
table's edge made Qt scroll that cell into sight a double-click interval later (its delayed
auto-scroll), a whole column at a time: the next click, at the same place on the screen, hit
the column that had slid under the pointer. Keyboard moves still scroll the cell into sight."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist

VALUES = {"day": "d4", "wbc_per_uL": "3", "rbc_per_uL": "10", "blasts_present_cytospin": "no",
          "sample_route": "lumbar"}


def _type(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def _csf_scrolled_by_tab(qtbot, window):
    """One CSF row typed cell by cell with Tab, until Tab scrolls the table sideways."""
    window.resize(1380, 900)
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    csf = typist.go_to_section("CSF & CNS").tables["csf_assessments"]
    view, bar = csf.view, csf.view.horizontalScrollBar()
    view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    while bar.value() == 0:
        key = csf.table_model.columns[view.currentIndex().column()].key
        assert key in VALUES, f"no sideways scroll before {key}"
        _type(qtbot, VALUES[key])
        typist.key(Qt.Key.Key_Tab)
    return csf


def _cell_at(view, pos: QPoint) -> str:
    return view.source.columns[view.indexAt(pos).column()].key


def _cut_off_cell(view) -> tuple[int, QPoint]:
    """The editable cell the table's right edge cuts, and a point on its part in sight."""
    width = view.viewport().width()
    for column, spec in enumerate(view.source.columns):
        rect = view.visualRect(view.proxy.index(0, column))
        if rect.left() < width - 20 and rect.right() > width and spec.editable:
            return column, QPoint((rect.left() + width) // 2, rect.center().y())
    raise AssertionError("no cell cut off at the right edge")


def test_a_click_on_a_cut_off_cell_does_not_scroll_it_away(qtbot, window, casebook):
    csf = _csf_scrolled_by_tab(qtbot, window)
    view, bar = csf.view, csf.view.horizontalScrollBar()
    scrolled = bar.value()  # Tab scrolled the cell it went to into sight (kept)
    column, pos = _cut_off_cell(view)
    key = view.source.columns[column].key
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.wait(QApplication.doubleClickInterval() + 250)  # Qt's delayed auto-scroll came here
    assert bar.value() == scrolled
    assert _cell_at(view, pos) == key  # still under the pointer
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.state() == view.State.EditingState
    assert view.currentIndex().column() == column
    _type(qtbot, "7")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    [row] = window.editor.current_case().csf_assessments
    assert getattr(row, key) == 7
    assert (row.wbc_per_uL, row.rbc_per_uL) == (3, 10)
    neighbours = [c.spec.name for c in view.source.columns if c.spec and c.key != key
                  and c.spec.kind == "float" and c.key not in VALUES]
    assert all(getattr(row, name) is None for name in neighbours)
    press(qtbot, window, "Ctrl+S")
    [stored] = casebook.cases.open_case(window.session.case_id()).csf_assessments
    assert getattr(stored, key) == 7 and stored.wbc_per_uL == 3


def test_a_double_click_edits_the_cell_shown_there(qtbot, window):
    csf = _csf_scrolled_by_tab(qtbot, window)
    view, bar = csf.view, csf.view.horizontalScrollBar()
    scrolled = bar.value()
    wbc = view.source.column_of("wbc_per_uL")
    pos = view.visualRect(view.proxy.index(0, wbc)).center()
    assert _cell_at(view, pos) == "wbc_per_uL"
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert bar.value() == scrolled and _cell_at(view, pos) == "wbc_per_uL"
    assert view.currentIndex().column() == wbc
    QApplication.focusWidget().selectAll()
    _type(qtbot, "12")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    [row] = window.editor.current_case().csf_assessments
    assert (row.wbc_per_uL, row.rbc_per_uL) == (12, 10)
