"""An identified PDF printed while the user quits: its pdf-print audit entry is written (the
print task's completion slot does not run once the window has closed, so the entry is
written in the task itself)."""
from __future__ import annotations

import threading
import time

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gui import app, report_view
from tests.gui.conftest import audit_rows
from tests.gui.test_quit_during_refresh import in_app_exec
from tests.gui.test_report_view import CASE_1, open_preview, pdf_printer

HOW = ["window closed", "quit command", "app quit"]  # the preview is not modal


@pytest.mark.parametrize("how", HOW)
def test_print_then_quit_keeps_the_audit_entry(qtbot, qapp, stored_references, window,
                                               casebook, prompter, monkeypatch, tmp_path,
                                               how):
    dialog = open_preview(qtbot, window)
    out = tmp_path / "printed.pdf"
    prompter.script("choose_printer", pdf_printer(out))
    started, release = threading.Event(), threading.Event()
    real = report_view.print_pdf

    def slow_print(data, printer, progress=None):
        def report(done, total):
            if not started.is_set():
                started.set()
                release.wait(10)
            if progress:
                progress(done, total)
        return real(data, printer, report)

    monkeypatch.setattr(report_view, "print_pdf", slow_print)

    def quit_once_held():
        if not started.is_set():
            QTimer.singleShot(10, quit_once_held)
            return
        threading.Timer(0.6, release.set).start()
        if how == "window closed":
            window.close()
        elif how == "quit command":
            app.on_command(window, "quit")
        else:
            QApplication.quit()

    def body():
        QTimer.singleShot(0, quit_once_held)
        dialog.acts["print"].trigger()

    start = time.monotonic()
    in_app_exec(qapp, body)
    QApplication.processEvents()
    assert time.monotonic() - start < 10 and window.isHidden()
    assert len(PdfReader(out).pages) >= 2  # printed in full
    rows = [r for r in audit_rows(casebook, CASE_1) if r["action"].startswith("pdf-")]
    assert [r["action"] for r in rows] == ["pdf-print"]
    assert "printed" in (rows[0]["reason"] or "") + (rows[0]["new"] or "")
