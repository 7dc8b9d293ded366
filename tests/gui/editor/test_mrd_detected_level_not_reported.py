"""An MRD row typed as detected with no value (none given, or Ctrl+M's Not reported) shows the
MRD category "positive, level not reported" and no MRD response in the editor's MRD table: it
showed "positive, not quantifiable" and "MRD intermediate", saying the level was below the
quantifiable range when it was only not recorded (a code review of 9caaf2f, which did so for a
pending value only). Nothing more is required of the row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_as_draft, press

C1 = "SEED-C1-CAO2023"


def test_detected_without_a_value_is_level_not_reported(qtbot, casebook, stored_references,
                                                         window):
    from tests.gui.editor.keyboard import Typist

    open_as_draft(qtbot, casebook, window, C1)
    typist = Typist(qtbot, window.editor)
    mrd = typist.go_to_section("MRD").tables["mrd_assessments"]
    mrd.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    row = mrd.view.currentIndex().row()
    path = mrd.table_model.row_path(row)

    def go_to(name: str) -> None:
        column = mrd.table_model.column_of(name)
        while mrd.view.currentIndex().column() != column:
            typist.key(Qt.Key.Key_Tab if mrd.view.currentIndex().column() < column
                       else Qt.Key.Key_Backtab)

    def type_cell(name: str, text: str) -> None:
        go_to(name)
        typist.key(Qt.Key.Key_F2)
        typist.type(text)
        typist.key(Qt.Key.Key_Tab)
        window.editor.feedback_runner.wait()

    def derived(key: str) -> str:
        return mrd.view.view_index(row, mrd.table_model.column_of(key)).data() or ""

    for name, text in (("day", "d60"), ("specimen", "BM"), ("method", "MFC"),
                       ("result", "detected"), ("lod_fraction", "0,001%")):
        type_cell(name, text)
    stored = window.editor.current_case().mrd_assessments[-1]
    assert (stored.result, stored.value_fraction, stored.nf) == ("detected", None, {})
    assert derived("category") == "positive, level not reported"
    assert "intermediate" not in derived("mrd_response")
    assert not [f for f in window.editor.problems_panel.model.findings
                if f.path.startswith(path) and f.rule_id == "REQUIRED"]

    go_to("value_fraction")  # the value's reason: Not reported, as a literature record says
    press(qtbot, window, "Ctrl+M")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    window.editor.feedback_runner.wait()
    assert window.editor.current_case().mrd_assessments[-1].nf == {
        "value_fraction": "not_reported"}
    assert derived("category") == "positive, level not reported"
    assert "intermediate" not in derived("mrd_response")

    # the offscreen platform leaves no window active once the menu closes (a desktop gives
    # the focus back to the window): the shortcut needs its window active
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).mrd_assessments[-1].nf == {
        "value_fraction": "not_reported"})
    saved = casebook.cases.open_case(C1).mrd_assessments[-1]
    assert (saved.result, saved.value_fraction) == ("detected", None)
