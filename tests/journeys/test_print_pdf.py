"""Journey 5: Ctrl+P -> preview -> save PDF (the save dialog typed in) -> a valid PDF; a
confirmation names the file; the identified PDF's output is in the audit trail."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.journeys.conftest import audit_rows
from tests.journeys.steps import answer_next, open_from_list, press, type_path_and_accept
from tests.journeys.test_unsaved_changes import CASE_1, import_references

WAIT_MS = 60_000  # ReportLab and PDFium on a machine shared with other work


def type_file_name(qtbot, path):
    def act(dialog) -> None:
        type_path_and_accept(qtbot, dialog, path)

    return act


def test_print_preview_then_save_as_pdf(journey, qtbot, tmp_path):
    import_references(journey.data_dir)
    target = tmp_path / "out" / "case-summary.pdf"
    target.parent.mkdir()
    seen = {}

    def steps(window):
        open_from_list(qtbot, window, CASE_1)
        qtbot.waitUntil(lambda: window.session.case_id() == CASE_1)
        press(qtbot, window, "Ctrl+P")
        qtbot.waitUntil(lambda: window.print_handler.dialog is not None)
        preview = window.print_handler.dialog
        qtbot.waitUntil(lambda: preview.isVisible() and preview.pdf is not None, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: preview.isActiveWindow())
        seen["pages"] = preview.document.pageCount()
        journey.screenshot("preview")

        answer = answer_next(type_file_name(qtbot, target))
        qtbot.keyClick(preview.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        answer.done(qtbot)
        qtbot.waitUntil(lambda: target.exists())
        labels = [w for w in preview.findChildren(QLabel) if w.isVisible()]
        seen["labels"] = [w.text() for w in labels]
        seen["on_screen"] = [w.text() for w in labels if on_screen(w)]
        seen["size"] = (preview.width(), preview.height())
        journey.screenshot("saved")
        qtbot.keyClick(preview.view, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not preview.isVisible())
        press(qtbot, window, "Ctrl+Q")
        qtbot.waitUntil(lambda: not window.isVisible())

    assert journey.start(steps) == 0
    saved = f"Saved the identified PDF {target.name} in {target.parent}."
    assert saved in seen["labels"], seen["labels"]
    reader = PdfReader(target)
    assert len(reader.pages) == seen["pages"] > 0
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Blinatumomab" in text and "CNS" in text
    assert target.read_bytes().startswith(b"%PDF-")
    saves = [r for r in audit_rows(journey.data_dir, CASE_1) if r["action"] == "pdf-save"]
    assert len(saves) == 1 and "case-summary.pdf" in saves[0]["new"], saves
    assert saved in seen["on_screen"], (seen["size"], seen["on_screen"])


def on_screen(widget) -> bool:
    """The widget wholly inside the screen it is on (what a user can see)."""
    from PySide6.QtCore import QRect

    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return widget.screen().geometry().contains(QRect(top_left, widget.size()))
