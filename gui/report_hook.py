"""File › Print…: the preview dialog (and PDFium) is loaded when first used, so start-up does
not pay for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.model import Case
from gui.background import BackgroundRunner
from gui.status_message import show_fitted

if TYPE_CHECKING:
    from gui.main_window import MainWindow
    from gui.report_view import ReportPreviewDialog


class ReportPrinter:
    """The window's print handler: shows the case in one preview dialog, made when first used."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.dialog: ReportPreviewDialog | None = None

    def __call__(self, case: Case) -> None:
        if self.dialog is None:
            from gui.report_view import ReportPreviewDialog

            w = self.window
            self.dialog = ReportPreviewDialog(w.casebook, w.runner, w.prompter, w)
            self.dialog.saved.connect(lambda text: show_fitted(w.statusBar(), text))
        self.dialog.show_case(case)


def warm_up_reports(runner: BackgroundRunner) -> None:
    """Import ReportLab and register the fonts in the background, so the first preview is
    quick."""
    from core.report import warm_up

    runner.start(lambda _progress: warm_up())
