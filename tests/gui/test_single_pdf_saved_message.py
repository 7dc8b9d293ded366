"""Saving one case's PDF is reported one way, in the status bar, naming the file and its
folder (a dialog only for an error): Print preview's Save as PDF said it only in the preview's
own status row, and File › Save PDFs of selected cases… with one case selected said it in a
dialog."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader
from PySide6.QtCore import Qt

from tests.gui.conftest import simple_cases
from tests.gui.test_report_view import CASE_1, open_preview


def status_text(window) -> str:
    """The status bar's message, whole (a long one is cut to fit, whole in its tooltip)."""
    bar = window.statusBar()
    shown = bar.currentMessage()
    assert shown
    return bar.toolTip() if shown.endswith("…") else shown


def test_print_preview_save_as_pdf_says_it_in_the_status_bar(
        qtbot, stored_references, window, prompter, tmp_path):
    dialog = open_preview(qtbot, window)
    target = tmp_path / "summary.pdf"
    prompter.script("choose_save_file", target)
    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(PdfReader(target).pages) == dialog.document.pageCount()
    expected = f"Saved the identified PDF summary.pdf in {tmp_path}."
    assert status_text(window) == expected
    assert dialog.status_label.text() == expected
    assert not prompter.calls("info")


def test_save_pdfs_of_one_selected_case_says_it_in_the_status_bar(qtbot, window, casebook,
                                                                  prompter, tmp_path):
    [case] = simple_cases(1)
    casebook.cases.import_cases([case])
    window.case_model.reload()
    qtbot.waitUntil(lambda: window.case_model.total == 1)
    table = window.case_list.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.case_list.selected_ids() == [case.case_id]
    prompter.script("choose_folder", tmp_path)
    with qtbot.waitSignal(window.pdf_batches.done, timeout=60000):
        window.commands.save_pdfs.trigger()
    folder = tmp_path / f"case summaries {date.today()}"
    pdf = folder / f"{case.case_id}.pdf"
    assert len(PdfReader(pdf).pages) >= 1
    assert status_text(window) == f"Saved the identified PDF {pdf.name} in {folder}."
    assert not prompter.calls("info")
    assert CASE_1 not in status_text(window)
