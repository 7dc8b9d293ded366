"""A choice box too narrow for its value shows the value's start, the whole value in its
tooltip (stranger run, a hematology fellow): CRS detail › Hypotension showed "th or without
vasopressin", Hypoxia "-flow ≤6 L/min or blow-by", so low-flow and high-flow could not be told
apart; the box's line edit kept its cursor at the end of the value."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist

HYPOXIA = "low-flow ≤6 L/min or blow-by"


def crs_box(qtbot, window, name: str):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    events.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    typist.key(Qt.Key.Key_Escape)
    window.resize(1024, 768)
    feedback = window.panel_layout.panels["feedback"].action
    if not feedback.isChecked():
        feedback.trigger()  # View › Feedback panels: the form narrower
    QApplication.processEvents()
    return typist, events.detail_forms["crs_detail"].bindings[name].editor


def tooltip_of(widget) -> str:
    QToolTip.hideText()
    pos = QPoint(4, widget.height() // 2)
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    return QToolTip.text()


def test_a_long_choice_left_shows_its_start(qtbot, window, casebook):
    typist, box = crs_box(qtbot, window, "hypoxia")
    line = box.line_edit()
    typist.click(box)
    typist.type("low")
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().adverse_events[0].crs_detail.hypoxia == \
        "low_flow_le_6L_or_blow_by"
    assert box.currentText() == HYPOXIA
    assert line.fontMetrics().horizontalAdvance(HYPOXIA) > line.width()  # cut off
    assert line.cursorPosition() == 0  # its start in view: "low-flow ≤6…"
    assert HYPOXIA in tooltip_of(line).splitlines()  # the mouse over its text
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.adverse_events[0].crs_detail.hypoxia == "low_flow_le_6L_or_blow_by"


def test_a_long_choice_shown_from_the_case_shows_its_start(qtbot, window):
    typist, box = crs_box(qtbot, window, "hypotension")
    typist.click(box)
    typist.type("one")
    typist.key(Qt.Key.Key_Tab)
    shown = box.currentText()
    assert shown.startswith("one vasopressor")
    press(qtbot, window, "Ctrl+Z")
    assert window.editor.current_case().adverse_events[0].crs_detail is None
    press(qtbot, window, "Ctrl+Y")  # the value shown again from the case
    assert box.currentText() == shown
    assert box.line_edit().cursorPosition() == 0
    assert shown in tooltip_of(box).splitlines()
