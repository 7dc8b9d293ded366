"""Print preview of the open case's PDF summary (File › Print…, Ctrl+P).

The PDF is made off the UI thread (``core.report.render_case_pdf`` through the window's
BackgroundRunner) and its pages are drawn by PDFium (``gui.pdf_view``, ``gui.pdf_pages``). A
de-identified PDF is preceded by a look for identifiers in the texts (also off the UI thread);
unconfirmed ones are listed and masked once the user agrees. Printing or saving an identified
PDF leaves an audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, QSize, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.errors import CasebookError
from core.io.outputs import OutputError
from core.model import Case
from core.report import Hit, ReportOptions, render_case_pdf
from core.report.batch import file_name
from core.services import Casebook
from core.services.audit import AuditService
from core.services.reports import (
    NOT_SAVED_YET,
    PRINTED,
    SAVED,
    can_audit,
    needs_audit,
    record_identified_output,
    report_options,
    unconfirmed_hits,
)
from gui.background import BackgroundRunner
from gui.dialogs.prompter import Prompter, QtPrompter
from gui.no_wheel import no_wheel
from gui.output_folder import output_folder, remember_output
from gui.pdf_pages import PdfPages
from gui.pdf_view import PdfView
from gui.report_output import print_pdf, write_pdf
from gui.save_target import choose_save_target, saved_pdf_text

MODES = (("identified", "Identified"), ("deidentified", "De-identified"))
PDF_FILTER = "PDF files (*.pdf);;All files (*)"
ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 1.25, 0.25, 6.0
Key = QKeySequence.StandardKey


PREFERRED_SIZE = QSize(900, 1000)
SCREEN_SHARE = 0.9  # of the screen's free height, at most


def fitted_size(available: QRect) -> QSize:
    """The preferred size, less tall on a low screen (1024x768: the status row with its
    'Saved …' confirmation stays on the screen)."""
    return QSize(PREFERRED_SIZE.width(),
                 min(PREFERRED_SIZE.height(), int(available.height() * SCREEN_SHARE)))


class ReportPreviewDialog(QDialog):
    """One case's PDF: mode, zoom, pages, Print…, Save as PDF…. Reused for every print."""

    pdf_shown = Signal(int)  # page count, once a new PDF is on screen
    output_done = Signal(str)  # what was printed or saved, or why not
    saved = Signal(str)  # a PDF was saved: what the main window's status bar says

    def __init__(self, casebook: Casebook, runner: BackgroundRunner, prompter: Prompter,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.casebook = casebook
        self.runner = runner
        self.prompter = QtPrompter(self) if isinstance(prompter, QtPrompter) else prompter
        self.case: Case | None = None
        self.pdf: bytes | None = None
        self.options: ReportOptions | None = None
        self._request = 0  # results of an older request are dropped
        self.document = PdfPages()
        self._build()
        self._connect()
        self._show_state(busy=False, text="")

    # -- composition -----------------------------------------------------------------------
    def _build(self) -> None:
        self.setWindowTitle("Print preview")
        self.resize(fitted_size(self.screen().availableGeometry()))
        self.view = PdfView(self)
        self.view.setAccessibleName("PDF preview")
        self.view.setDocument(self.document)
        self.mode_box = QComboBox()
        self.mode_box.setAccessibleName("PDF mode")
        for key, label in MODES:
            self.mode_box.addItem(label, key)
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page")
        self.page_box.setKeyboardTracking(False)
        no_wheel(self.mode_box, self.page_box)  # scrolling past never changes the view
        self.page_count_label = QLabel("of 0")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.status_label = QLabel()
        self.acts = self._make_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.addWidget(self._toolbar())
        layout.addWidget(self.view, 1)
        layout.addLayout(self._status_row())

    def _make_actions(self) -> dict[str, QAction]:
        specs = {"zoom_in": ("Zoom &in", (Key.ZoomIn, "Ctrl+=")),
                 "zoom_out": ("Zoom &out", (Key.ZoomOut,)),
                 "fit_width": ("&Fit width", ("Ctrl+0",)),
                 "previous_page": ("&Previous page", ("PgUp",)),
                 "next_page": ("&Next page", ("PgDown",)),
                 "print": ("&Print…", (Key.Print,)),
                 "save": ("&Save as PDF…", (Key.Save, "Ctrl+Shift+S"))}
        actions = {}
        for name, (text, keys) in specs.items():
            action = QAction(text, self)
            shortcuts = [QKeySequence(k) for k in keys]
            action.setShortcuts(list(dict.fromkeys(s for s in shortcuts if not s.isEmpty())))
            action.setToolTip(f"{text.replace('&', '')} ({shortcuts[0].toString()})")
            self.addAction(action)
            actions[name] = action
        return actions

    def _toolbar(self) -> QToolBar:
        bar = QToolBar()
        mode_label = QLabel("&Mode: ")
        mode_label.setBuddy(self.mode_box)
        page_label = QLabel(" Pa&ge ")
        page_label.setBuddy(self.page_box)
        a = self.acts
        items: list[Any] = [mode_label, self.mode_box, None, a["zoom_out"], a["zoom_in"],
                            a["fit_width"], None, a["previous_page"], page_label, self.page_box,
                            self.page_count_label, a["next_page"], None, a["print"], a["save"]]
        for item in items:
            if item is None:
                bar.addSeparator()
            elif isinstance(item, QAction):
                bar.addAction(item)
            else:
                bar.addWidget(item)
        return bar

    def _status_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(8, 0, 8, 0)
        row.addWidget(self.busy_bar)
        row.addWidget(self.status_label, 1)
        return row

    def _connect(self) -> None:
        a = self.acts
        a["zoom_in"].triggered.connect(lambda: self.zoom_by(ZOOM_STEP))
        a["zoom_out"].triggered.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        a["fit_width"].triggered.connect(self.fit_width)
        a["previous_page"].triggered.connect(lambda: self.go_to_page(self.current_page() - 1))
        a["next_page"].triggered.connect(lambda: self.go_to_page(self.current_page() + 1))
        a["print"].triggered.connect(self.print_document)
        a["save"].triggered.connect(self.save_document)
        self.mode_box.currentIndexChanged.connect(lambda _index: self.regenerate())
        self.page_box.valueChanged.connect(lambda number: self.go_to_page(number - 1))
        self.view.currentPageChanged.connect(self._on_page_changed)

    # -- the PDF ---------------------------------------------------------------------------
    def show_case(self, case: Case) -> None:
        """Preview ``case`` (as edited) in the default mode of the settings."""
        self.case = case
        self.setWindowTitle(f"Print preview — {case.title}")
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex(self.mode_box.findData(
            self.casebook.settings.default_pdf_mode))
        self.mode_box.blockSignals(False)
        self.show()
        self.raise_()
        self.activateWindow()
        self.regenerate()

    def mode(self) -> str:
        return str(self.mode_box.currentData())

    def regenerate(self) -> None:
        if self.case is None:
            return
        self._request += 1
        self._unload()
        options = report_options(self.mode() == "deidentified", self.casebook.audit, self.case)
        if options.deidentified:
            self._look_for_identifiers(self._request, self.case, options)
        else:
            self._render(self._request, self.case, options)

    def _look_for_identifiers(self, request: int, case: Case, options: ReportOptions) -> None:
        self._show_state(busy=True, text="Looking for identifiers in the texts…")
        self._start(request, lambda _progress: unconfirmed_hits(case, options),
                    lambda hits: self._on_hits(request, case, options, hits))

    def _on_hits(self, request: int, case: Case, options: ReportOptions,
                 hits: list[Hit]) -> None:
        if hits and not self.prompter.confirm_identifier_hits(hits):
            self._show_state(busy=False, text="Cancelled: no de-identified PDF was made. "
                             "Choose a mode to try again.")
            return
        self._render(request, case, options)

    def _render(self, request: int, case: Case, options: ReportOptions) -> None:
        self._show_state(busy=True, text="Preparing the PDF…")
        self._start(request, lambda _progress: render_case_pdf(case, options),
                    lambda data: self._on_rendered(options, data))

    def _start(self, request: int, work: Callable[[Any], Any],
               on_done: Callable[[Any], None]) -> None:
        """Run ``work`` in the background; ``on_done`` only if no newer request came since."""
        def done(result: Any) -> None:
            if request == self._request:
                on_done(result)

        def failed(message: str) -> None:
            if request == self._request:
                self._show_state(busy=False, text="The PDF could not be made.")
                self.prompter.error(message)

        self.runner.start(work, on_done=done, on_failed=failed)

    def _on_rendered(self, options: ReportOptions, data: bytes) -> None:
        try:
            self.document.load(data)
        except CasebookError as exc:
            self.view.documentChanged()
            self._show_state(busy=False, text="The PDF could not be shown.")
            self.prompter.error(str(exc))
            return
        self.view.documentChanged()
        self.pdf, self.options = data, options
        count = self.document.pageCount()
        self.page_box.setRange(1, max(count, 1))
        self.page_count_label.setText(f"of {count}")
        label = "De-identified" if options.deidentified else "Identified"
        self._show_state(busy=False, text=f"{label} PDF, {count} page(s).")
        self.pdf_shown.emit(count)

    def _unload(self) -> None:
        self.pdf = self.options = None
        self.document.close()
        self.view.documentChanged()
        self.page_box.setRange(0, 0)
        self.page_count_label.setText("of 0")

    def _show_state(self, *, busy: bool, text: str) -> None:
        self.busy_bar.setVisible(busy)
        self.status_label.setText(text)
        ready = not busy and self.pdf is not None
        self.acts["print"].setEnabled(ready)
        self.acts["save"].setEnabled(ready)

    # -- zoom and pages --------------------------------------------------------------------
    def zoom_by(self, factor: float) -> None:
        current = self.effective_zoom()
        self.view.setZoomFactor(min(max(current * factor, ZOOM_MIN), ZOOM_MAX))
        self.view.setZoomMode(PdfView.ZoomMode.Custom)

    def effective_zoom(self) -> float:
        """The zoom on screen (in fit-width mode, the viewport's width over the page's)."""
        return self.view.effective_zoom()

    def fit_width(self) -> None:
        self.view.setZoomMode(PdfView.ZoomMode.FitToWidth)

    def current_page(self) -> int:
        return self.view.currentPage()

    def go_to_page(self, index: int) -> None:
        count = self.document.pageCount()
        if count and 0 <= index < count and index != self.current_page():
            self.view.jump(index)

    def _on_page_changed(self, index: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)

    # -- output ----------------------------------------------------------------------------
    def _may_output(self) -> bool:
        """An identified PDF needs a stored case to attach its audit entry to."""
        if self.options is None or self.case is None:
            return False
        if needs_audit(self.options) and not can_audit(self.case):
            self.prompter.info(NOT_SAVED_YET)
            self.output_done.emit("not saved yet")
            return False
        return True

    def print_document(self) -> None:
        data, case, options = self.pdf, self.case, self.options
        if not self._may_output() or data is None or case is None or options is None:
            return
        printer = self.prompter.choose_printer(self.document.pageCount())
        if printer is None:
            return
        self._show_state(busy=True, text="Printing…")
        audit = self.casebook.audit

        def print_and_record(progress: Callable[[int, int], None]) -> tuple[int, str | None]:
            """Printed, then audited here: the entry is written even when the window closes
            before the task's completion slot runs (which then does not run)."""
            pages = print_pdf(data, printer, progress)
            return pages, _record(audit, PRINTED, case, options, f"printed, {pages} page(s)")

        self.runner.start(print_and_record, on_done=lambda done: self._on_printed(*done),
                          on_failed=self._on_output_failed)

    def _on_printed(self, pages: int, problem: str | None) -> None:
        if problem is not None:
            self._audit_failed("printed", problem)
        self._finish_output(f"Printed {pages} page(s).")

    def save_document(self) -> None:
        if not self._may_output():
            return
        assert self.case is not None and self.options is not None and self.pdf is not None
        # the dialog opens where the last output went (the kit's folder too), not the home
        target = choose_save_target(self.prompter, "Save the case summary as PDF",
                                    str(output_folder(self.casebook)
                                        / file_name(self.case, self.options)),
                                    self.casebook.paths.root, PDF_FILTER)
        if target is None:
            return
        try:
            write_pdf(target, self.pdf)
        except OutputError as exc:
            self.prompter.error(f"The PDF was not saved: {exc}")
            return
        remember_output(self.casebook, target)  # once written there: never a full disk's
        self._audit(SAVED, self.case, self.options, f"saved as {target.name}")
        message = saved_pdf_text(target, "identified" if needs_audit(self.options)
                                 else "de-identified")
        self._finish_output(message)
        self.saved.emit(message)

    def _audit(self, action: str, case: Case, options: ReportOptions, detail: str) -> None:
        problem = _record(self.casebook.audit, action, case, options, detail)
        if problem is not None:
            self._audit_failed(detail.split(",")[0], problem)

    def _audit_failed(self, done: str, problem: str) -> None:
        self.prompter.error(f"The PDF was {done}, but its audit entry could not be written: "
                            f"{problem}")

    def _on_output_failed(self, message: str) -> None:
        self._show_state(busy=False, text="Printing failed.")
        self.prompter.error(message)
        self.output_done.emit(message)

    def _finish_output(self, message: str) -> None:
        self._show_state(busy=False, text=message)
        self.output_done.emit(message)

    def done(self, result: int) -> None:
        self._request += 1  # a PDF still being made is not shown, nor its questions asked
        super().done(result)


def _record(audit: AuditService, action: str, case: Case, options: ReportOptions,
            detail: str) -> str | None:
    """The audit entry of an identified PDF output (none for a de-identified one); what went
    wrong writing it, or None."""
    if not needs_audit(options):
        return None
    try:
        record_identified_output(audit, action, case.case_id, case.version, detail)
    except CasebookError as exc:
        return str(exc)
    return None
