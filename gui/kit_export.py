"""Case › Submission kit…: the dialog, the folder check, the kit written off the UI thread with
a progress dialog (its Cancel leaves no folder: the kit is written into a temporary one), and
the message at the end (what was written, an "Open folder" button)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from core.kit import CHECKLIST_DOCX, CHECKLIST_PDF, MANUSCRIPT, SUMMARY, KitReport, build_kit
from core.report.options import masked_words
from core.services import Casebook
from gui.background import BackgroundRunner, Progress, Task
from gui.case_session import CaseSession
from gui.dialogs.prompter import Prompter
from gui.dialogs.submission_kit import SubmissionKitDialog, kit_done_box
from gui.message_box import MessageBox
from gui.output_folder import output_folder, remember_output
from gui.progress import Cancelled, TaskProgress, with_cancel
from gui.save_target import checked_typed_target

SAVE_FIRST = ("The kit is written from the saved case, and this case has unsaved changes. "
              "Save it first (Ctrl+S), then choose Case › Submission kit… again.")
CANCELLED = "Submission kit cancelled: nothing was written."
NEVER_SAVED = ("This case has never been saved, so there is no stored case to write a kit "
               "of. Save it first (Ctrl+S).")


def kit_base_folder(casebook: Casebook) -> Path:
    """Where the dialog suggests the kit's folder (``<case id>-kit`` inside it): where the
    last output went (the PDF just saved in Documents); it was always the home folder."""
    return output_folder(casebook)


def kit_file(name: str) -> bool:
    """``name`` is a file a submission kit holds."""
    return name in (MANUSCRIPT, SUMMARY, CHECKLIST_DOCX, CHECKLIST_PDF) or \
        re.fullmatch(r"Figure\d+\.tiff", name) is not None


def open_folder(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class SubmissionKits(QObject):
    """``done(message)`` is emitted when a kit ends (written, refused or failed)."""

    done = Signal(str)

    def __init__(self, casebook: Casebook, runner: BackgroundRunner, prompter: Prompter,
                 session: CaseSession, parent: QWidget,
                 opener: Callable[[Path], None] = open_folder):
        super().__init__(parent)
        self.casebook = casebook
        self.runner = runner
        self.prompter = prompter
        self.session = session
        self.parent_widget = parent
        self.opener = opener
        self.dialog: SubmissionKitDialog | None = None
        self.done_box: MessageBox | None = None
        self.task: Task | None = None
        self._progress = TaskProgress(parent)

    def open(self) -> None:
        base = self.session.base if self.session.is_open() else None
        if base is None:
            return
        if not base.version:
            self.prompter.info(NEVER_SAVED)
            return
        if self.session.is_dirty():
            self.prompter.info(SAVE_FIRST)
            return
        dialog = SubmissionKitDialog(base.case_id, kit_base_folder(self.casebook),
                                     self.parent_widget)
        dialog.chosen.connect(lambda path, deid: self._on_chosen(base.case_id, path, deid))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog = dialog
        dialog.show()

    def _on_chosen(self, case_id: str, path: Path, deidentified: bool) -> None:
        # a folder that holds files is replaced only when the user says so
        checked = checked_typed_target(self.prompter, path, self.casebook.paths.root,
                                       kind="folder", what="the kit", ours=kit_file,
                                       base=kit_base_folder(self.casebook))
        if checked is None:  # refused (a message said why), or No: the dialog stays open
            return
        target, force = checked
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog.deleteLater()
            self.dialog = None
        casebook = self.casebook
        # Cancel: the next progress report raises Cancelled inside the kit's temporary folder
        cancel = self._progress.show("Writing the submission kit…", cancellable=True)

        def work(progress: Progress) -> KitReport:
            report = with_cancel(cancel, progress)
            return build_kit(casebook, case_id, target, deidentified=deidentified, force=force,
                             on_progress=lambda done, total, _what: report(done, total))

        self.task = self.runner.start(work, on_done=self._on_done, on_failed=self._on_failed,
                                      on_progress=self._progress.update)

    def _on_done(self, report: KitReport) -> None:
        self._progress.close()
        # the folder holding the kit's folder is the next output's start, once written there
        remember_output(self.casebook, report.folder.parent)
        details = "\n".join(report.written)
        extra = [f"Left out: {why}" for why in report.left_out]
        extra += [f"Renumbered: {what}" for what in report.renumbered]
        extra += [f"Still to do: {note}" for note in report.notes]
        if report.masked:
            extra.insert(0, f"{masked_words(report.masked)}.")
        if extra:
            details += "\n\n" + "\n".join(extra)
        message = f"Wrote {len(report.written)} file(s) to {report.folder}."
        box, open_button = kit_done_box(message, details, self.parent_widget)
        open_button.clicked.connect(lambda: self.opener(report.folder))
        box.finished.connect(lambda _result: self._forget_box(box))
        self.done_box = box
        box.show()
        self.done.emit(message)

    def _forget_box(self, box: MessageBox) -> None:
        if self.done_box is box:
            self.done_box = None
        box.deleteLater()

    def _on_failed(self, message: str) -> None:
        self._progress.close()
        if isinstance(self.task.error if self.task else None, Cancelled):
            self.done.emit(CANCELLED)  # a folder it replaces is as it was
            return
        self.prompter.error(f"The submission kit could not be written: {message}")
        self.done.emit(message)
