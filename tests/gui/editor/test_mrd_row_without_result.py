"""An MRD row typed with When, Specimen and Method only (a hematology fellow's stranger run at
1024x768) is a result not reported: Problems said "V31: An undetectable (negative) MRD result
needs its limit of detection" from the moment the row was added, and the PDF printed it as
undetectable. Now Problems lists the row's Result as required, and no V31. Its limit of
detection typed as "0,001%" showed "1e-05" while the MRD column shows plain decimals (0.0001):
it shows 0.00001, the fraction stored; with it the row reads as not detected and the Result is
no longer required."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_as_draft, press

C1 = "SEED-C1-CAO2023"


def _problems(window, path: str) -> list[tuple[str, str]]:
    return [(f.rule_id, f.path) for f in window.editor.problems_panel.model.findings
            if f.path.startswith(path)]


def test_a_row_without_result_asks_for_it_and_lod_shows_plain(qtbot, casebook, stored_references,
                                                              window):
    from tests.gui.editor.keyboard import Typist

    open_as_draft(qtbot, casebook, window, C1)
    typist = Typist(qtbot, window.editor)
    mrd = typist.go_to_section("MRD").tables["mrd_assessments"]
    mrd.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    row = mrd.view.currentIndex().row()
    path = mrd.table_model.row_path(row)

    def type_cell(name: str, text: str) -> int:
        column = mrd.table_model.column_of(name)
        while mrd.view.currentIndex().column() != column:
            typist.key(Qt.Key.Key_Tab if mrd.view.currentIndex().column() < column
                       else Qt.Key.Key_Backtab)
        typist.key(Qt.Key.Key_F2)
        typist.type(text)
        typist.key(Qt.Key.Key_Tab)
        window.editor.feedback_runner.wait()
        return column

    type_cell("day", "d60")
    type_cell("specimen", "BM")
    type_cell("method", "MFC")
    stored = window.editor.current_case().mrd_assessments[-1]
    assert (stored.day.day, stored.specimen, stored.method, stored.result) == \
        (60, "bm", "MFC", None)
    problems = _problems(window, path)
    assert ("V31", f"{path}.lod_fraction") not in problems
    assert ("REQUIRED", f"{path}.result") in problems

    column = type_cell("lod_fraction", "0,001%")
    assert mrd.view.view_index(row, column).data() == "0.00001"
    assert window.editor.current_case().mrd_assessments[-1].lod_fraction == 1e-05
    assert ("REQUIRED", f"{path}.result") not in _problems(window, path)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).mrd_assessments[-1].lod_fraction
                    == 1e-05)
    assert casebook.cases.open_case(C1).mrd_assessments[-1].day.day == 60
