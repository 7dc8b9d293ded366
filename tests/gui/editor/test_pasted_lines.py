"""A title pasted with a tab, a line break and a non-breaking space, and a regimen with a
non-breaking space, are shown and stored with ordinary single spaces (a research nurse's
stranger run, item 3: they were stored as pasted, only the outer spaces trimmed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, Typist

C2 = "SEED-C2-CAO2023"
PASTED = "  Blinatumomab\tfor CNS\nrelapse\u00a0of B-ALL: a case report  "
CLEAN = "Blinatumomab for CNS relapse of B-ALL: a case report"


def test_a_pasted_title_and_regimen_are_stored_on_one_line(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C2)
    typist = Typist(qtbot, window.editor)
    page = typist.go_to_section("Title & keywords")
    title = page.forms["case_report"].bindings["title"].editor
    typist.click(title)
    QApplication.clipboard().setText(PASTED)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.key(Qt.Key.Key_V, CTRL)
    typist.key(Qt.Key.Key_Tab)
    assert title.value_text() == CLEAN
    assert window.editor.current_case().case_report.title == CLEAN

    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.select_row(lines, 0)
    column = lines.table_model.column_of("regimen_name")
    while lines.view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, CTRL)
    QApplication.clipboard().setText("Hyper-CVAD\u00a0A\u2009+ imatinib")
    typist.key(Qt.Key.Key_V, CTRL)
    typist.key(Qt.Key.Key_Tab)
    assert lines.view.view_index(0, column).data() == "Hyper-CVAD A + imatinib"

    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C2)
    assert stored.case_report.title == CLEAN
    assert stored.treatment_lines[0].regimen_name == "Hyper-CVAD A + imatinib"
