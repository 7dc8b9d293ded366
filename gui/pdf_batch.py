"""File › Save PDFs of selected cases…: one PDF case summary per case selected in the list,
into a new folder inside the folder chosen, off the UI thread with a progress dialog whose
Cancel (Escape too) stops between two PDFs and leaves none (``core.services.pdf_batch``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from core.io.outputs import OutputError, check_output_path
from core.report.options import masked_words
from core.services import Casebook
from core.services.pdf_batch import PdfBatch, new_folder, save_pdfs
from gui.background import BackgroundRunner, Progress, Task
from gui.dialogs.prompter import Prompter
from gui.output_folder import output_folder, remember_output
from gui.progress import Cancelled, CancelRequest, TaskProgress, with_cancel
from gui.save_target import saved_pdf_text

SELECT_FIRST = "Select the cases to save as PDFs in the list first."
SAVE_FIRST = ("The PDFs are made from the saved cases, and {case_id} (open) has unsaved changes "
              "its PDF would not show. Save it first (Ctrl+S), then choose File › Save PDFs of "
              "selected cases… again.")
FAILED_SHOWN = 10


def cancelled_text(made: int, total: int) -> str:
    return (f"Save PDFs cancelled: no PDF was saved ({made} of {total} made, removed; "
            f"{total - made} not made).")


class PdfBatches(QObject):
    """``done(message)`` is emitted when a batch ends (saved, cancelled or failed);
    ``running_changed`` when one starts or ends: one batch at a time (two would both take the
    same new folder name, as the first one's folder exists only once it is complete)."""

    done = Signal(str)
    running_changed = Signal()

    def __init__(self, casebook: Casebook, runner: BackgroundRunner, prompter: Prompter,
                 selected: Callable[[], list[str]], parent: QWidget,
                 unsaved_open: Callable[[], str | None] = lambda: None):
        super().__init__(parent)
        self.casebook = casebook
        self.runner = runner
        self.prompter = prompter
        self.selected = selected
        self.unsaved_open = unsaved_open  # the open case's id while it has unsaved changes
        self.task: Task | None = None
        self._progress = TaskProgress(parent)
        self._made = 0  # PDFs made so far (set on the worker thread, read once it ended)
        self._total = 0
        self._kind = "identified"
        self._cancel: CancelRequest | None = None
        self._chosen: Path | None = None  # the folder chosen for the batch running
        self.running = False

    def save_selected(self) -> None:
        if self.running:  # the action is disabled meanwhile
            return
        case_ids = self.selected()
        if not case_ids:
            self.prompter.info(SELECT_FIRST)
            return
        open_id = self.unsaved_open()
        if open_id in case_ids:  # its PDF left out the edits just made, and said nothing
            self.prompter.info(SAVE_FIRST.format(case_id=open_id))
            return
        # opens where the last output went (Save as PDF…, Submission kit…), not where the
        # last file of any kind was chosen (an import's folder)
        chosen = self.prompter.choose_folder("Save the PDFs in a new folder inside…",
                                             str(output_folder(self.casebook)))
        if chosen is None:
            return
        deidentified = self.casebook.settings.default_pdf_mode == "deidentified"
        name = f"case summaries{' de-identified' if deidentified else ''} {date.today()}"
        try:
            folder = check_output_path(new_folder(chosen, name), self.casebook.paths.root,
                                       force=False, kind="folder")
        except OutputError as exc:
            self.prompter.error(str(exc))
            return
        self._chosen = chosen  # the next output's dialog opens there once a PDF is written
        self._start(case_ids, folder, deidentified)

    def _start(self, case_ids: list[str], folder: Path, deidentified: bool) -> None:
        casebook, total = self.casebook, len(case_ids)
        self._made, self._total = 0, total
        self._kind = "de-identified" if deidentified else "identified"
        self._set_running(True)
        # Cancel: the next PDF's progress report raises Cancelled inside the temporary folder
        cancel = self._cancel = self._progress.show(f"Saving {total} PDF(s)…", cancellable=True)

        def work(progress: Progress) -> PdfBatch:
            report = with_cancel(cancel, progress)

            def each(done: int, total: int) -> None:
                self._made = done  # made, even when this report stops the batch
                report(done, total)

            return save_pdfs(casebook, case_ids, folder, deidentified=deidentified,
                             progress=each)

        self.task = self.runner.start(work, on_done=self._on_done,
                                      on_failed=lambda message: self._on_failed(message, total),
                                      on_progress=self._progress.update)

    def stopped_for_quit(self, *, asked: bool) -> bool:
        """A batch running at a quit is stopped (between two PDFs, none kept, as its Cancel)
        once the user agrees (``asked``; a forced close stops it unasked), rather than waited
        for to its end. False: the user keeps working, the batch goes on."""
        if not self.running:
            return True
        if asked and not self.prompter.confirm(
                "Quit while saving PDFs",
                f"The PDFs are still being saved ({self._made} of {self._total} made). Quit "
                "now? The batch stops and none of its PDFs is kept; you can save them again "
                "later."):
            return False
        if self._cancel is not None:
            self._cancel.set()
        return True

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.running_changed.emit()

    def _on_done(self, batch: PdfBatch) -> None:
        self._progress.close()
        self._set_running(False)
        if batch.written and self._chosen is not None:
            remember_output(self.casebook, self._chosen)
        masked = [hit for _, hits in batch.masked for hit in hits]
        if len(batch.written) == 1 and not batch.failed:  # one case's PDF: as Print › Save
            self.done.emit(saved_pdf_text(batch.written[0], self._kind, masked))
            return
        lines = [f"Saved {len(batch.written)} {self._kind} PDF(s) to {batch.folder}."]
        if masked:  # V60's subdivision is left out, not "found in the texts"
            lines.append(f"{masked_words(masked)}.")
        if batch.failed:
            lines.append(f"{len(batch.failed)} could not be made:")
            lines += [f"  {case_id}: {why}"
                      for case_id, why in list(batch.failed.items())[:FAILED_SHOWN]]
        message = "\n".join(lines)
        if batch.failed:
            self.prompter.error(message)
        else:
            self.prompter.info(message)
        self.done.emit(f"Saved {len(batch.written)} {self._kind} PDF(s) to "
                       f"'{batch.folder.name}'.")

    def _on_failed(self, message: str, total: int) -> None:
        self._progress.close()
        self._set_running(False)
        if isinstance(self.task.error if self.task else None, Cancelled):
            self.done.emit(cancelled_text(self._made, total))  # the folder was not made
            return
        self.prompter.error(f"The PDFs could not be saved: {message}")
        self.done.emit(message)
