"""File › Print…: the PDF preview, zoom and pages, printing, saving, de-identification, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from core.model import Case
from core.services.reports import NOT_SAVED_YET
from core.settings import Settings
from tests.gui.conftest import audit_rows, press

CASE_1 = "SEED-C1-CAO2023"
NAME, MRN = "Wanda Quistorp", "MRN-00482913"
NARRATIVE = (f"Ms Quistorp ({MRN}) was admitted on 2023-04-18; the relapse was confirmed "
             "18/04/2023 and discussed on April 18, 2023.")
FORBIDDEN = ["Quistorp", "Wanda", "00482913", "2023-04-18", "18/04/2023", "April 18, 2023"]
WAIT_MS = 60_000


@pytest.fixture
def preview_window(window):
    return window


def open_preview(qtbot, window, case_id: str = CASE_1):
    """Open the case, press Ctrl+P and wait for the PDF on screen; the dialog."""
    if case_id:
        assert window.session.open_case(case_id)
    press(qtbot, window, "Ctrl+P")
    dialog = window.print_handler.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=WAIT_MS)
    return dialog


def pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def pdf_printer(path):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.fixture
def identified_case(casebook, reference_cases) -> Case:
    """Reference case 1 with a patient name, record number and dates in its narrative."""
    doc = reference_cases[0].to_json_dict()
    doc["patient"].update(name=NAME, record_number=MRN)
    doc["case_report"].update(discussion=NARRATIVE)
    casebook.cases.import_cases([Case.model_validate(doc)])
    return casebook.cases.open_case(CASE_1)


def test_preview_of_reference_case_1_shows_its_pages(qtbot, stored_references, preview_window):
    dialog = open_preview(qtbot, preview_window)
    assert dialog.document.pageCount() > 1
    assert dialog.page_count_label.text() == f"of {dialog.document.pageCount()}"
    assert dialog.mode() == "identified"
    assert dialog.acts["print"].isEnabled() and dialog.acts["save"].isEnabled()
    assert not dialog.busy_bar.isVisible()


def test_zoom_and_page_keys(qtbot, stored_references, preview_window):
    dialog = open_preview(qtbot, preview_window)
    view = dialog.view
    view.setFocus()
    start = dialog.effective_zoom()
    assert start > 1  # the page fills the width: larger than at 100 %
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoomFactor() == pytest.approx(start * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoomFactor() == pytest.approx(start / 1.25)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoomMode() == view.ZoomMode.FitToWidth
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert dialog.current_page() == 2 and dialog.page_box.value() == 3
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert dialog.current_page() == 1 and dialog.page_box.value() == 2


def test_page_number_box_goes_to_the_page(qtbot, stored_references, preview_window):
    dialog = open_preview(qtbot, preview_window)
    last = dialog.document.pageCount()
    dialog.page_box.selectAll()
    qtbot.keyClicks(dialog.page_box, str(last))
    qtbot.keyClick(dialog.page_box, Qt.Key.Key_Return)
    assert dialog.current_page() == last - 1


def test_print_identified_to_a_pdf_printer_writes_the_pages_and_an_audit_row(
        qtbot, stored_references, preview_window, casebook, prompter, tmp_path):
    dialog = open_preview(qtbot, preview_window)
    out = tmp_path / "printed.pdf"
    prompter.script("choose_printer", pdf_printer(out))
    with qtbot.waitSignal(dialog.output_done, timeout=WAIT_MS) as done:
        qtbot.keyClick(dialog.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    pages = dialog.document.pageCount()
    assert done.args == [f"Printed {pages} page(s)."]
    assert prompter.calls("choose_printer") == [(pages,)]
    assert len(PdfReader(out).pages) == pages
    rows = [r for r in audit_rows(casebook, CASE_1) if r["action"].startswith("pdf-")]
    assert [r["action"] for r in rows] == ["pdf-print"]
    assert rows[0]["new"].startswith(f"identified PDF printed, {pages} page(s)")
    assert rows[0]["user"] == "dr.test"


def test_save_identified_pdf_writes_a_readable_file_and_an_audit_row(
        qtbot, stored_references, preview_window, casebook, prompter, tmp_path):
    dialog = open_preview(qtbot, preview_window)
    target = tmp_path / "summary.pdf"
    prompter.script("choose_save_file", target)
    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert Path(prompter.calls("choose_save_file")[0][1]).name == f"{CASE_1}.pdf"  # in the output folder
    assert len(PdfReader(target).pages) == dialog.document.pageCount()
    assert not list(tmp_path.glob("*.part"))
    actions = [r["action"] for r in audit_rows(casebook, CASE_1)]
    assert actions.count("pdf-save") == 1 and "pdf-print" not in actions


def test_cancelled_print_and_save_do_nothing(qtbot, stored_references, preview_window,
                                            casebook, prompter):
    dialog = open_preview(qtbot, preview_window)
    dialog.acts["print"].trigger()
    dialog.acts["save"].trigger()
    assert prompter.calls("choose_printer") and prompter.calls("choose_save_file")
    assert not [r for r in audit_rows(casebook, CASE_1) if r["action"].startswith("pdf-")]


def test_deidentified_lists_hits_then_saves_a_pdf_without_identifiers(
        qtbot, identified_case, preview_window, casebook, prompter, tmp_path):
    prompter.script("confirm_identifier_hits", True)
    dialog = open_preview(qtbot, preview_window)
    assert pdf_has(dialog.pdf, NAME)  # identified first (the default mode)
    dialog.mode_box.setFocus()
    qtbot.keyClick(dialog.mode_box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=WAIT_MS)
    hits = prompter.calls("confirm_identifier_hits")[0][0]
    found = {(h.path, h.text) for h in hits}
    assert ("case_report.discussion", "Quistorp") in found
    assert ("case_report.discussion", MRN) in found
    assert ("case_report.discussion", "2023-04-18") in found
    assert {h.kind for h in hits} >= {"name", "record_number", "date"}
    target = tmp_path / "deid.pdf"
    prompter.script("choose_save_file", target)
    dialog.acts["save"].trigger()
    assert Path(prompter.calls("choose_save_file")[0][1]).name == f"{CASE_1}-deid.pdf"  # in the output folder
    text = pdf_text(target)
    assert "[name removed]" in text and "[record number removed]" in text
    for forbidden in FORBIDDEN:
        assert forbidden not in text, forbidden
    assert not [r for r in audit_rows(casebook, CASE_1) if r["action"].startswith("pdf-")]


def test_cancelling_the_hits_makes_no_pdf(qtbot, identified_case, preview_window, casebook,
                                         prompter):
    casebook.settings = Settings(default_pdf_mode="deidentified")
    assert preview_window.session.open_case(CASE_1)
    press(qtbot, preview_window, "Ctrl+P")
    dialog = preview_window.print_handler.dialog
    assert dialog.mode() == "deidentified"
    qtbot.waitUntil(lambda: bool(prompter.calls("confirm_identifier_hits")), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not dialog.busy_bar.isVisible(), timeout=WAIT_MS)
    assert dialog.pdf is None and dialog.document.pageCount() == 0
    assert not dialog.acts["save"].isEnabled() and not dialog.acts["print"].isEnabled()
    assert "Cancelled" in dialog.status_label.text()


def test_identified_output_of_a_never_saved_case_asks_to_save_first(
        qtbot, preview_window, casebook, prompter, tmp_path):
    press(qtbot, preview_window, "Ctrl+N")
    case_id = preview_window.session.case_id()
    dialog = open_preview(qtbot, preview_window, case_id="")
    prompter.script("choose_save_file", tmp_path / "new.pdf")
    dialog.acts["save"].trigger()
    dialog.acts["print"].trigger()
    assert prompter.calls("info") == [(NOT_SAVED_YET,), (NOT_SAVED_YET,)]
    assert not prompter.calls("choose_save_file") and not prompter.calls("choose_printer")
    assert not (tmp_path / "new.pdf").exists()
    assert audit_rows(casebook, case_id) == []


def test_deidentified_output_of_a_never_saved_case_needs_no_audit(
        qtbot, preview_window, casebook, prompter, tmp_path):
    casebook.settings = Settings(default_pdf_mode="deidentified")
    press(qtbot, preview_window, "Ctrl+N")
    case_id = preview_window.session.case_id()
    dialog = open_preview(qtbot, preview_window, case_id="")
    prompter.script("choose_save_file", tmp_path / "new.pdf")
    dialog.acts["save"].trigger()
    assert PdfReader(tmp_path / "new.pdf").pages
    assert audit_rows(casebook, case_id) == []


def pdf_has(data: bytes, text: str) -> bool:
    from io import BytesIO

    return text in " ".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)


def test_identifier_hits_dialog_lists_the_hits_and_masks_on_accept(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from core.report import Hit
    from gui.dialogs.identifier_hits import IdentifierHitsDialog

    hits = [Hit("case_report.discussion", "Quistorp", "name"),
            Hit("case_report.discussion", MRN, "record_number")]
    dialog = IdentifierHitsDialog(hits)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == 2
    assert [table.item(1, c).text() for c in range(3)] == [
        "Title & keywords › Case report › Discussion", MRN, "record number"]  # the field in words, as a
    assert table.item(1, 0).toolTip() == "case_report.discussion"  # clinician reads it
    field = table.item(1, 0).text()  # whole, not elided, in its column
    assert table.columnWidth(0) > table.fontMetrics().horizontalAdvance(field)
    dialog.open()
    mask = dialog.findChild(QDialogButtonBox).buttons()[0]
    assert mask.text() == "&Mask and continue"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
