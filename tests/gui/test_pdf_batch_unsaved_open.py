"""File › Save PDFs of selected cases… with the open case among them and unsaved changes in it:
its PDF is made from the saved case, so the batch says so and asks to save first (as Submission
kit… does), before a folder is asked for. Before, the batch went on and that PDF silently
lacked the edits just typed (a Discussion typed, then the PDFs printed for a tumour board)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.gui.conftest import open_from_list, press

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"
TYPED = " Parenchymal lesions resolved on MRI."


def pdf_saves(casebook) -> int:
    with sqlite3.connect(casebook.paths.database) as con:
        return con.execute("SELECT count(*) FROM audit WHERE action = 'pdf-save'").fetchone()[0]


def select_both(qtbot, window) -> None:
    if not window.case_list.table.isVisible():
        press(qtbot, window, "F9")
    table = window.case_list.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert sorted(window.case_list.selected_ids()) == [C1, C2]


def test_unsaved_changes_in_the_open_case_are_saved_first(qtbot, stored_references, window,
                                                          casebook, prompter, tmp_path):
    out = tmp_path / "pdfs"
    out.mkdir()
    open_from_list(qtbot, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    window.editor.focus_path("case_report.take_away")
    field = window.focusWidget()
    field.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(field, TYPED)
    assert window.session.is_dirty()
    select_both(qtbot, window)
    prompter.script("choose_folder", out)
    window.commands.save_pdfs.trigger()
    assert prompter.calls("info") == [(
        f"The PDFs are made from the saved cases, and {C2} (open) has unsaved changes its PDF "
        "would not show. Save it first (Ctrl+S), then choose File › Save PDFs of selected "
        "cases… again.",)]
    assert prompter.calls("choose_folder") == []  # nothing asked, nothing written
    assert list(out.iterdir()) == [] and pdf_saves(casebook) == 0
    assert window.session.is_dirty() and field.toPlainText().endswith(TYPED)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert casebook.cases.open_case(C2).case_report.take_away.endswith(TYPED)
    select_both(qtbot, window)
    with qtbot.waitSignal(window.pdf_batches.done, timeout=60000):
        window.commands.save_pdfs.trigger()
    assert len(prompter.calls("choose_folder")) == 1
    assert pdf_saves(casebook) == 2


def test_a_batch_without_the_open_case_goes_on(qtbot, stored_references, window, casebook,
                                               prompter, tmp_path):
    open_from_list(qtbot, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    window.editor.focus_path("case_report.take_away")
    qtbot.keyClicks(window.focusWidget(), TYPED)
    if not window.case_list.table.isVisible():
        press(qtbot, window, "F9")
    table = window.case_list.table
    table.setFocus()
    table.selectRow(window.case_model.row_of(C1))
    assert window.case_list.selected_ids() == [C1]
    prompter.script("choose_folder", tmp_path)
    with qtbot.waitSignal(window.pdf_batches.done, timeout=60000):
        window.commands.save_pdfs.trigger()
    assert pdf_saves(casebook) == 1 and window.session.is_dirty()
