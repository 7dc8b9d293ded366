"""File › Export dataset…: the export dialog, the target check (a typed path that exists is
replaced only when the user says so), the identifier scan's question and the export itself,
run off the UI thread with a progress dialog and its Cancel button (the export's temporary
file or folder is removed: nothing is written)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from core.io.consent_notice import FILE_NAME as NOTICE_FILE
from core.io.deident import Hit, IdentifiersFound, hits_lead
from core.io.dictionary import FILE_NAME as DICTIONARY_FILE
from core.io.tables import tables
from core.model.editor_sections import section_path
from core.report.options import kind_words
from core.services import Casebook
from core.services.datasets import DatasetService, ExportResult, found_ids
from core.services.interchange import without_image_text
from core.services.values import QueryError
from gui.background import BackgroundRunner, Progress, Task
from gui.dialogs.export_dataset import ExportChoice, ExportDatasetDialog
from gui.dialogs.prompter import Prompter
from gui.progress import Cancelled, TaskProgress, with_cancel
from gui.save_target import (
    checked_save_target,
    checked_typed_target,
    choose_save_target,
    written_text,
)

SHOWN_HITS = 15
CANCELLED = "Export cancelled: nothing was written."
NOT_CONFIRMED = ("Nothing was written. The export dialog is open again, as you left it: leave "
                 "out the free text, or remove the identifiers from the cases.")
RARE_STOPPED = ("Nothing was written. The export dialog is open again, as you left it: clear "
                "the subdivision of the case(s) with a rare combination (rule V60), or confirm "
                "it in Problems, then export again.")


class DatasetExports(QObject):
    """``done(message)`` is emitted when an export ends (written, refused or cancelled)."""

    done = Signal(str)

    def __init__(self, casebook: Casebook, runner: BackgroundRunner, prompter: Prompter,
                 selected: Callable[[], list[str]], search_text: Callable[[], str],
                 parent: QWidget):
        super().__init__(parent)
        self.casebook = casebook
        self.service = DatasetService(casebook.interchange)
        self.runner = runner
        self.prompter = prompter
        self.selected = selected
        self.search_text = search_text
        self.parent_widget = parent
        self.dialog: ExportDatasetDialog | None = None
        self.dialog_asked: Path | None = None  # the file the save dialog asked to replace
        self.task: Task | None = None
        self._progress = TaskProgress(parent)
        self._counting = False

    def open(self) -> None:
        """Show the dialog (not modal to the code: the export starts from its Export button),
        once the cases the search finds are counted on a worker thread."""
        text = self.search_text()
        if not text:
            self._show(None)
            return
        if self._counting:
            return  # the dialog opens when the count arrives
        search = self.casebook.search

        def count(_progress: Progress) -> int | None:
            try:
                return search.count(text, as_you_type=True)
            except QueryError:  # a query the search refuses finds nothing to export
                return None

        self._counting = True
        self.runner.start(count, on_done=self._show, on_failed=lambda _m: self._show(None))

    def _show(self, found: int | None) -> None:
        self._counting = False
        self._drop_dialog()  # one kept from an export refused before
        dialog = ExportDatasetDialog(len(self.selected()), found, self.parent_widget)
        dialog.choose_path.connect(lambda: self._choose_path(dialog))
        dialog.chosen.connect(self._on_chosen)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog = dialog
        dialog.show()

    def _choose_path(self, dialog: ExportDatasetDialog) -> None:
        suggested = {"csv": "casebook-dataset.zip", "fhir": "cases.fhir.json",
                     "xlsx": "casebook-dataset.xlsx", "odm": "cases.odm.xml"}.get(
            dialog.format(), "cases.casebook.json")
        chosen = choose_save_target(self.prompter, "Export dataset to", suggested,
                                    self.casebook.paths.root, "All files (*)")
        if chosen:
            self.dialog_asked = chosen
            dialog.set_path(chosen)

    def _on_chosen(self, choice: ExportChoice) -> None:
        target = self._checked(choice)
        if target is None:  # refused (a message said why), or No: the dialog stays open
            return
        path, force = target
        if self.dialog is not None:  # kept as chosen: shown again when the user answers No
            self.dialog.hide()  # to the identifiers found (it closed: all chosen again)
        ids = self.selected() if choice.cases == "selected" else None
        self._run(choice, (path, force), ids, [])

    def _checked(self, choice: ExportChoice) -> tuple[Path, bool] | None:
        """The path and whether it replaces what is there. A file chosen in the save dialog
        was asked about there; a typed path, and a CSV folder (no save dialog asks about a
        folder), is asked about here, naming what it holds."""
        root = self.casebook.paths.root
        folder = choice.format == "csv" and choice.path.suffix.lower() != ".zip"
        if not folder and choice.path == self.dialog_asked:
            path = checked_save_target(self.prompter, choice.path, root)
            return None if path is None else (path, True)
        return checked_typed_target(self.prompter, choice.path, root,
                                    kind="folder" if folder else "file", what="the export",
                                    ours=dataset_file)

    def _run(self, choice: ExportChoice, target: tuple[Path, bool], ids: list[str] | None,
             confirmed: list[Hit]) -> None:
        """``target``: the path and whether it replaces what is there (the user said so)."""
        path, force = target
        service, search, text = self.service, self.casebook.search, self.search_text()

        # Cancel: the next progress report raises Cancelled inside the temporary output
        cancel = self._progress.show("Exporting the dataset…", cancellable=True)

        def work(progress: Progress) -> ExportResult:
            case_ids = found_ids(search, text) if choice.cases == "search" else ids
            return service.export(path, choice.format, case_ids, choice.options, force=force,
                                  confirmed=confirmed,
                                  on_progress=with_cancel(cancel, progress))

        self.task = self.runner.start(
            work, on_done=self._on_done,
            on_failed=lambda message: self._on_failed(message, choice, target, ids, confirmed),
            on_progress=self._progress.update)

    def _drop_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _on_done(self, result: ExportResult) -> None:
        self._progress.close()
        self._drop_dialog()
        message = "\n".join([f"Exported {result.cases} case(s) to {written_text(result.path)}.",
                             *result.rare_note(),
                             *without_image_text(list(result.without_image)),
                             *result.consent_warning()])
        self.prompter.info(message)
        self.done.emit(message)

    def _on_failed(self, message: str, choice: ExportChoice, target: tuple[Path, bool],
                   ids: list[str] | None, confirmed: list[Hit]) -> None:
        self._progress.close()
        error = self.task.error if self.task else None
        if isinstance(error, Cancelled):
            self._drop_dialog()
            self.done.emit(CANCELLED)
            return
        if isinstance(error, IdentifiersFound):
            if any(h.rare for h in error.hits):  # rule V60: the safe choice is the default
                answer = self.prompter.choose_rare_export(_hits_title(error.hits),
                                                          _rare_text(error.hits))
                if answer == "leave_out":  # the free text's hits, if any, are asked next
                    options = replace(choice.options, drop_rare_subdivision=True)
                    self._run(replace(choice, options=options), target, ids, confirmed)
                    return
                if answer == "as_is":
                    self._run(choice, target, ids, [*confirmed, *error.hits])
                    return
            elif self.prompter.confirm(_hits_title(error.hits),
                                       _hits_text(error.hits, error.options.drop_text)):
                self._run(choice, target, ids, [*confirmed, *error.hits])
                return
            if self.dialog is not None:
                self.dialog.show()
            self.done.emit(RARE_STOPPED if all(h.rare for h in error.hits) else NOT_CONFIRMED)
            return
        self._drop_dialog()
        self.prompter.error(message)
        self.done.emit(message)


def dataset_file(name: str) -> bool:
    """``name`` is a file a CSV dataset folder holds (a table, the dictionary, the notice)."""
    return name in (DICTIONARY_FILE, NOTICE_FILE) or any(name == f"{t.name}.csv"
                                                          for t in tables())


def _hits_title(hits: Sequence[Hit]) -> str:
    return "Rare combination in the export" if all(h.rare for h in hits) else \
        "Identifiers in the free text"


def _hits_text(hits: Sequence[Hit], text_dropped: bool) -> str:
    shown = "\n".join(f"• {h.case_id}, {h.place or section_path(h.path)}: {kind_words(h.kind)} “{h.text}”"
                      for h in hits[:SHOWN_HITS])
    more = f"\n… and {len(hits) - SHOWN_HITS} more" if len(hits) > SHOWN_HITS else ""
    # never the advice to tick an option that is ticked (rare combinations, rule V60, are
    # asked by ``_rare_text``)
    otherwise = ("remove them from the cases" if text_dropped else
                 "remove them from the cases, or leave out the free text")
    return (f"{hits_lead(hits)}:\n{shown}{more}\n\nExport them as they are? "
            f"(Otherwise {otherwise}.)")


def _rare_text(hits: Sequence[Hit]) -> str:
    """The question for rare combinations (rule V60), with any hits in the free text."""
    shown = "\n".join(f"• {h.case_id}, {h.place or section_path(h.path)}: {kind_words(h.kind)} “{h.text}”"
                       for h in hits[:SHOWN_HITS])
    more = f"\n… and {len(hits) - SHOWN_HITS} more" if len(hits) > SHOWN_HITS else ""
    text = ("\n\nThe possible identifiers in the free text are asked about next."
            if any(not h.rare for h in hits) else "")
    return (f"{hits_lead(hits)}:\n{shown}{more}\n\n"
            "Leave out the subdivision: the export leaves it out of those cases, as the "
            "de-identified PDF does (the country stays).\n"
            "Export as is: the subdivision goes into the export.\n"
            "Stop: nothing is written (clear the subdivision, or confirm the rare combination "
            f"in the case's Problems with a reason).{text}")
