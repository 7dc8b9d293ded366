"""JSON import and export, run in the background with a progress dialog and its Cancel
button (an import is undone whole, an export leaves no file: ``gui.progress.CancelRequest``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from core.errors import InvalidData
from core.io.consent_notice import warning_lines
from core.io.dataset_mark import CANNOT_REPLACE, HASHED_IDS
from core.io.import_coding import coded_text
from core.model.case import UNTITLED
from core.services import Casebook
from core.services.cases import ReasonNeeded
from core.services.import_files import (
    broken_references_text,
    cleaned_files_text,
    missing_images_text,
)
from core.services.import_status import demoted_text
from core.services.interchange import ImportMode, ImportReport, without_image_text
from core.services.listing import ListQuery
from core.services.reason_rules import ReasonRefused, override_reasons_text
from gui.background import BackgroundRunner, Progress, Task
from gui.dialogs.prompter import Prompter
from gui.progress import Cancelled, TaskProgress, with_cancel
from gui.save_target import choose_save_target, written_text

IMPORT_CANCELLED = "Import cancelled: nothing was imported."
EXPORT_CANCELLED = "Export cancelled: no file was written."
# Casebook JSON, or a dataset export in Casebook's layout (issue 18): a CSV .zip or a workbook
IMPORT_FILTER = ("Casebook JSON or dataset (*.json *.zip *.xlsx);;Casebook JSON (*.json);;"
                 "CSV dataset (*.zip);;Excel dataset (*.xlsx);;All files (*)")


def only_id_collisions(error: BaseException | None) -> int:
    """How many problems say 'this id exists already', if those are the only problems."""
    if not isinstance(error, InvalidData) or not error.problems:
        return 0
    collisions = [p for p in error.problems if p.path == "case_id" and "exists" in p.message]
    return len(collisions) if len(collisions) == len(error.problems) else 0


def hashed_ids_only(error: BaseException | None) -> bool:
    """Whether the import was refused only because a dataset's case ids are keyed hashes
    (``core.io.dataset_mark.HASHED_IDS``): importing it as new gives its cases new ids."""
    return isinstance(error, InvalidData) and bool(error.problems) and all(
        p.path == "case_id" and p.message == HASHED_IDS for p in error.problems)


HASHED_QUESTION = ("This dataset was exported with hashed case ids (de-identified): its "
                   "cases have no Casebook id to keep.\n\nImport every case under a new id?")


HASHED_ALONE = ("\n\nImport that dataset on its own (File › Import…) to be asked whether to "
                "give its cases new ids.")


def deidentified_sources(error: BaseException | None) -> list[str]:
    """The files (each once) of the colliding cases that come from a de-identified dataset:
    those cannot replace the stored cases (``core.io.dataset_mark``)."""
    if not isinstance(error, InvalidData):
        return []
    return list(dict.fromkeys(p.file for p in error.problems
                              if p.path == "case_id" and CANNOT_REPLACE in p.message))


def cannot_replace_text(sources: list[str], files: int) -> str:
    """Why the import question offers no Replace ("" when it may)."""
    if not sources:
        return ""
    which = "This is a de-identified dataset" if files == 1 else \
        f"{', '.join(Path(s).name for s in sources)} " + \
        ("is a de-identified dataset" if len(sources) == 1 else "are de-identified datasets")
    return (f"{which}: it cannot replace stored cases (its dates, identifiers or free text were "
            "shifted or left out, and would overwrite the recorded ones). To bring its values "
            "in as they are, import it into a new, empty data folder.")


def collided_ids(error: BaseException | None) -> list[str]:
    """The ids (each once, in file order) of the cases that exist here already."""
    if not isinstance(error, InvalidData):
        return []
    ids = (p.case for p in error.problems if p.path == "case_id" and p.case)
    return list(dict.fromkeys(ids))


SHOWN_EXISTING = 10  # cases named in the question about cases already here


def existing_cases_text(titles: Callable[[str], str], ids: list[str],
                        shown: int = SHOWN_EXISTING) -> list[str]:
    """'SEED-C1-CAO2023 — its stored title' for the first ``shown`` ids, then 'and N more'."""
    lines = [f"{case_id} — {titles(case_id)}" for case_id in ids[:shown]]
    if len(ids) > shown:
        lines.append(f"and {len(ids) - shown} more")
    return lines


def renamed_text(renamed: list[tuple[str, str]], shown: int = 10) -> list[str]:
    """'SYN-2023-4 was here already: imported as HC-EYD24E8W.' for each case given a new id."""
    lines = [f"{old} was here already: imported as {new}." for old, new in renamed[:shown]]
    if len(renamed) > shown:
        lines.append(f"… and {len(renamed) - shown} more case(s) given a new id.")
    return lines


class Transfers(QObject):
    """Import and export actions. ``done(message)`` is emitted when a transfer ends."""

    done = Signal(str)
    imported = Signal()

    def __init__(self, casebook: Casebook, runner: BackgroundRunner, prompter: Prompter,
                 parent: QWidget):
        super().__init__(parent)
        self.casebook = casebook
        self.runner = runner
        self.prompter = prompter
        self.parent_widget = parent
        self.task: Task | None = None
        self._progress = TaskProgress(parent)
        # the locked cases' question and the reason given, while a Replace with it runs:
        # refused (it names a patient as the files hold it), the question is asked again
        self._replacing: tuple[ReasonNeeded, str] | None = None

    # -- import ----------------------------------------------------------------------------
    def import_json(self) -> None:
        paths = self.prompter.choose_open_files("Import cases", IMPORT_FILTER)
        if paths:
            self._run_import(paths, "refuse")

    def import_folder(self) -> None:
        """A CSV dataset exported as a folder (a file dialog picks files or folders, not both)."""
        folder = self.prompter.choose_folder("Import a CSV dataset folder")
        if folder:
            self._run_import([folder], "refuse")

    def _run_import(self, paths: list[Path], mode: ImportMode, reason: str | None = None) -> None:
        def work(progress: Progress) -> ImportReport:
            return self.casebook.interchange.import_files(paths, mode, on_progress=progress,
                                                          reason=reason)

        self._start("Importing cases…", work, self._on_imported,
                    lambda message: self._on_import_failed(message, paths))

    def _on_imported(self, report: ImportReport) -> None:
        self._replacing = None
        self.imported.emit()
        text = f"Imported {report.imported} case(s)"
        if report.replaced:
            text += f", replaced {report.replaced}"
        if report.unchanged:
            text += f", {report.unchanged} unchanged (left as they were)"
        coded = coded_text(report.coded)
        lines = [*([coded] if coded else []), *renamed_text(report.renamed),
                 *cleaned_files_text(report.cleaned),
                 *missing_images_text(report.missing, report.missing_count),
                 *broken_references_text(report.references, report.references_count),
                 *demoted_text(report.demoted, report.demoted_count),
                 *override_reasons_text(report.override_reasons,
                                        report.override_reasons_count),
                 *report.older]
        self._finish("\n".join([text + f" from {report.files} file(s).", *lines]), show=True)

    def _on_import_failed(self, message: str, paths: list[Path]) -> None:
        error = self.task.error if self.task else None
        existing = only_id_collisions(error)
        self._progress.close()
        if isinstance(error, Cancelled):  # the import was undone whole
            self._finish(IMPORT_CANCELLED, show=False)
            return
        if isinstance(error, ReasonNeeded):
            self._ask_amendment_reason(error, paths)
            return
        replacing, self._replacing = self._replacing, None
        if isinstance(error, ReasonRefused) and replacing is not None:
            needed, given = replacing
            self._ask_amendment_reason(needed, paths, f"The reason “{given}” was not used: "
                                                      f"{error}")
            return
        if hashed_ids_only(error) and len(paths) == 1:  # the command line's --as-new, asked;
            # with other files chosen beside it, their cases would lose their ids too
            if self.prompter.confirm("Import as new cases", HASHED_QUESTION):
                self._run_import(paths, "as_new")
            else:
                self._finish("Import cancelled; nothing was written.", show=False)
            return
        if not existing:
            self._fail(message + (HASHED_ALONE if hashed_ids_only(error) else ""))
            return
        ids = collided_ids(error)
        titles = self._stored_titles(ids[:SHOWN_EXISTING])
        named = existing_cases_text(lambda case_id: titles.get(case_id, "(no longer here)"),
                                    ids, SHOWN_EXISTING)
        # a de-identified dataset would be refused: no Replace, and the question says why
        why_not = cannot_replace_text(deidentified_sources(error), len(paths))
        choice = self.prompter.choose_import_mode(existing, named, why_not)
        if choice == "cancel":
            self._finish("Import cancelled; nothing was written.", show=False)
            return
        # Import as new: the cases whose id is taken get new ids, the others keep theirs
        self._run_import(paths, "as_new_if_taken" if choice == "as_new" else choice)

    def _stored_titles(self, ids: list[str]) -> dict[str, str]:
        """The stored titles of ``ids`` from the list's summary rows (in the trash too), not
        by opening each case (parsed whole, and pushing the open case's copy out of the
        store's small cache); an id gone since the import looked is not in it."""
        found: dict[str, str] = {}
        for trashed in (False, True):
            for row in self.casebook.cases.list_cases(
                    ListQuery(limit=len(ids), ids=tuple(ids), trashed=trashed)):
                found[row.case_id] = row.title or UNTITLED
        return found

    def _ask_amendment_reason(self, error: ReasonNeeded, paths: list[Path],
                              refused: str = "") -> None:
        """Replacing locked cases is an amendment: ask why, or cancel. The dialog checks the
        reason against the identifiers the import will check it against (of every case it
        replaces, as stored and as in the files: ``error.identifiers``), so the user is not
        asked twice. ``refused``: why the reason given before was refused all the same (a
        stored case changed meanwhile), said first."""
        shown = ", ".join(error.case_ids[:5]) + (", …" if len(error.case_ids) > 5 else "")
        reason = self.prompter.ask_reason(
            "Replace locked cases",
            (f"{refused}\n" if refused else "")
            + f"{len(error.case_ids)} of these cases are locked ({shown}).\nReplacing them is "
            "an amendment, recorded in the audit trail. Why are they replaced?",
            self.casebook.identifiers_check(error.identifiers))
        if reason is None:
            self._finish("Import cancelled; nothing was written.", show=False)
            return
        self._replacing = (error, reason)
        self._run_import(paths, "replace", reason)

    # -- export ----------------------------------------------------------------------------
    def export(self, case_ids: list[str] | None) -> None:
        """Export the given cases, or every case when ``case_ids`` is None."""
        if case_ids == []:
            self.prompter.info("Select the cases to export in the list first.")
            return
        suggested = f"{case_ids[0]}.casebook.json" if case_ids and len(case_ids) == 1 \
            else "cases.casebook.json"
        path = choose_save_target(self.prompter, "Export cases to JSON", suggested,
                                  self.casebook.paths.root)
        if path is None:
            return

        without_image: list[str] = []
        no_consent: list[str] = []

        def work(progress: Progress) -> int:  # the dialog asked about replacing the file
            return self.casebook.interchange.export_cases(path, case_ids, force=True,
                                                          on_progress=progress,
                                                          without_image=without_image,
                                                          no_consent=no_consent)

        self._start("Exporting cases…", work,
                    lambda count: self._finish("\n".join([
                        f"Exported {count} case(s) to {written_text(path)}.",
                        *without_image_text(without_image),
                        *warning_lines(no_consent, count, "json")]), show=True),
                    self._on_export_failed)

    def _on_export_failed(self, message: str) -> None:
        if isinstance(self.task.error if self.task else None, Cancelled):
            self._finish(EXPORT_CANCELLED, show=False)  # the temporary file is removed
            return
        self._fail(message)

    # -- plumbing --------------------------------------------------------------------------
    def _start(self, label: str, work: Callable[[Progress], Any],
               on_done: Callable[[Any], None], on_failed: Callable[[str], None]) -> None:
        # Cancel: the work raises Cancelled at its next progress report, inside the import's
        # transaction (its committed chunks are undone) or the export's temporary file
        cancel = self._progress.show(label, cancellable=True)

        def cancellable(progress: Progress) -> Any:
            return work(with_cancel(cancel, progress))

        self.task = self.runner.start(cancellable, on_done=on_done, on_failed=on_failed,
                                      on_progress=self._on_progress)

    def _on_progress(self, done: int, total: int) -> None:
        self._progress.update(done, total)

    def _finish(self, message: str, show: bool) -> None:
        self._progress.close()
        if show:
            self.prompter.info(message)
        self.done.emit(message)

    def _fail(self, message: str) -> None:
        self._progress.close()
        self.prompter.error(message)
        self.done.emit(message)
