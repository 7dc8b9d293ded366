"""File › Move to trash and Restore from trash, on the cases selected in the list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from core.model import Case
from gui.background import Progress
from gui.progress import run_with_progress

if TYPE_CHECKING:
    from gui.main_window import MainWindow

READING = "trashReadingLocked"  # window property: a trash or restore is reading its locked
# cases, or writing (a second Delete meanwhile does nothing)


def move_to_trash(window: MainWindow) -> None:
    """The selected cases to the trash; the open one among them is closed first (its unsaved
    changes asked about), or nothing is moved. Locked ones need a reason, which must not name
    their patients: their identifiers are read in the background first (~0.2 ms a case, so
    a thousand would freeze the window in the dialog's check), with a busy indicator."""
    ids = window.case_list.selected_ids()
    if not ids or window.property(READING):  # a second Delete while the first one reads
        return
    locked = window.casebook.cases.locked_ids(ids)
    if not locked:
        _trash(window, ids, locked, None)
        return

    def read(_progress: Progress) -> frozenset[str]:
        return window.casebook.reason_identifiers(locked)

    def done(identifiers: frozenset[str]) -> None:
        window.setProperty(READING, False)
        edited = _edited(window, locked)  # as it is now, typed into while the cases were read
        _ask_and_trash(window, ids, locked, window.casebook.identifiers_check(identifiers,
                                                                              edited))

    def failed(message: str) -> None:
        window.setProperty(READING, False)
        window.prompter.error(message)

    window.setProperty(READING, True)
    run_with_progress(window.runner, window, "Reading the locked cases…", read, done, failed)


def _ask_and_trash(window: MainWindow, ids: list[str], locked: list[str],
                   check: Callable[[str], str | None]) -> None:
    # signed-off cases leave the list only with a reason, kept in the audit trail
    which = (f"Case {locked[0]} is locked" if len(locked) == 1 else
             f"{len(locked)} of the selected cases are locked")
    reason = window.prompter.ask_reason(
        "Move a locked case to the trash",
        f"{which} (signed off). Moving it to the trash is recorded in the audit trail with "
        "your reason; File › Restore from trash brings it back.\nReason:", check)
    if reason is not None:
        _trash(window, ids, locked, reason)


def _trash(window: MainWindow, ids: list[str], locked: list[str], reason: str | None) -> None:
    if window.session.case_id() in ids and not window.session.close_case():
        return

    def work(progress: Progress) -> None:
        window.casebook.cases.trash_cases(ids, reason,
                                          on_progress=progress)

    _apply(window, ids, "Moving to the trash…", work, "Moved {} to the trash (Show trash "
           "lists it, File › Restore from trash brings it back).",
           "No case was moved to the trash: {}", lambda: _open_one_trashed(window, ids))


def _open_one_trashed(window: MainWindow, ids: list[str]) -> str:
    """A case of ``ids`` opened while they were being moved (before the progress dialog
    blocks the window) is in the trash now: read-only, as one opened from the trash, so that
    no Save or Lock is refused over it. What was typed into it meanwhile stays in the form
    and is kept as a draft, offered again when the case is restored and opened."""
    session = window.session
    open_id = session.case_id()
    if session.trashed or open_id not in ids or open_id is None \
            or not window.casebook.cases.is_trashed(open_id):
        return ""
    session.editor.commit_pending()  # text still in the field being typed in
    dirty = session.is_dirty()
    session.autosave()
    session.trashed = True
    session.state_changed.emit()  # banner, read-only form, actions
    kept = " (your unsaved changes are kept as a draft)" if dirty else ""
    return f" {open_id}, open, is read-only in the trash{kept}."


def _edited(window: MainWindow, ids: list[str]) -> list[Case]:
    """The open case among ``ids`` as edited and unsaved (an amendment under way): saved at
    the Save / Discard question before the trash, it must not make the reason name the
    patient, which the trash would then refuse with the case closed and the reason lost."""
    session = window.session
    if session.case_id() not in ids or not session.is_dirty():
        return []
    try:
        return [session.editor.current_case()]
    except ValueError:  # the save at the question says what cannot be stored
        return []


def restore_from_trash(window: MainWindow) -> None:
    ids = window.case_list.selected_ids()
    if not ids or window.property(READING):
        return

    def work(progress: Progress) -> None:
        window.casebook.cases.restore_cases(ids, on_progress=progress)

    def restored() -> str:
        open_id = window.session.case_id()
        if window.session.trashed and open_id in ids and open_id is not None \
                and not window.casebook.cases.is_trashed(open_id):
            window.session.restored()  # the open case is editable again
        return ""

    _apply(window, ids, "Restoring from the trash…", work, "Restored {} from the trash.",
           "No case was restored: {}", restored)


def _apply(window: MainWindow, ids: list[str], label: str, work: Callable[[Progress], None],
           done: str, refused: str, after: Callable[[], str] | None = None) -> None:
    """``work`` (one transaction for all of ``ids``: all or none) in the background, with a
    progress dialog when it takes a moment (~0.6 ms a case, so a thousand would freeze the
    window); then the list is read again and the status bar names what was done: the case,
    or how many. A refusal or failure moved none, which the message box says."""
    def finished(_result: object) -> None:
        window.setProperty(READING, False)
        window.case_model.reload()
        said = after() if after else ""  # what became of the open case, if anything
        what = f"case {ids[0]}" if len(ids) == 1 else f"{len(ids)} cases"
        window.statusBar().showMessage(done.format(what) + said, 8000)

    def failed(message: str) -> None:
        window.setProperty(READING, False)
        window.case_model.reload()
        window.prompter.error(refused.format(message))

    window.setProperty(READING, True)
    run_with_progress(window.runner, window, label, work, finished, failed)
