"""Which of the main window's actions apply now (the open case, its status, the selection in
the list, the undo stack) and the status bar's save state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.formatting import counted, status_label

if TYPE_CHECKING:
    from gui.main_window import MainWindow

LOCK_TIP = "Lock (sign) a complete case"  # as gui.actions gives it
BANNER_LOCK_TIP = "Lock (sign) this complete case"  # as gui.case_banner gives it
UNDO_TIP = "Undo the last change"  # as gui.actions gives it


def update_actions(window: MainWindow) -> None:
    """Enable what applies to the open case, the selection and the undo stack."""
    a, s = window.commands, window.session
    is_open = s.is_open()
    status: str | None = s.base.status if s.base else None
    selected = bool(window.case_list.selected_ids())
    in_trash = window.case_list.showing_trash()
    for action in (a.save, a.print, a.close_case, a.history, a.submission_kit):
        action.setEnabled(is_open)
    if s.trashed:  # a case in the trash changes nothing until it is restored
        status = "trashed"
    if window.status_flow.busy:  # a status change is being stored: a second click waits
        status = "busy"  # for it, then meets these disabled (gui.status_flow)
    a.mark_complete.setEnabled(status == "draft")
    blocked = lock_blockers(window) if status == "complete" else 0
    a.lock.setEnabled(status == "complete" and not blocked)
    show_lock_tip(window, blocked)
    a.unlock.setEnabled(status in ("complete", "locked"))
    editable = is_open and not s.read_only()  # a locked case until "Amend…"
    a.amend.setEnabled(status == "locked" and not s.amending())
    window.case_banner.amend_button.setEnabled(status != "busy")
    window.case_banner.lock_button.setEnabled(status != "busy" and not blocked)
    typed = window.editor.undo_takes_back_typing() if editable else None
    a.undo.setEnabled(editable and (typed is not None or window.editor.undo_stack.canUndo()))
    tip = UNDO_TIP if typed is None else f"Take back what is typed in the open {typed} cell"
    a.undo.setToolTip(tip)
    a.undo.setStatusTip(tip)
    a.redo.setEnabled(editable and window.editor.undo_stack.canRedo())
    a.open.setEnabled(selected)
    # any selection: a wrong count reaches compare_selected, which says what it needs
    a.compare.setEnabled(selected)
    # Export (the toolbar's): the selected cases, else the open one; typing in the search
    # box clears the selection with the rows it replaces, and Export greyed out while a case
    # was open and cases were listed. With neither, it says to select some (gui.transfer).
    a.export_selected.setEnabled(bool(cases_to_export(window)) or window.case_model.total > 0)
    a.save_pdfs.setEnabled(selected and not window.pdf_batches.running)  # one batch at a time
    a.trash.setEnabled(selected and not in_trash)
    a.restore.setEnabled(selected and in_trash)
    show_save_state(window)


def cases_to_export(window: MainWindow) -> list[str]:
    """The cases Export writes: those selected in the list, else the open case if it is
    stored (a new case not saved yet has nothing to export)."""
    selected = window.case_list.selected_ids()
    base = window.session.base
    if selected or base is None or not base.version or window.session.trashed:
        return selected
    return [base.case_id]


def export_cases(window: MainWindow) -> None:
    """Export (the toolbar's): ``cases_to_export``. The open case with unsaved changes among
    them is written as stored: asked first, since the file would not hold what is on screen."""
    ids = cases_to_export(window)
    session = window.session
    open_id = session.base.case_id if session.base is not None else None
    if open_id in ids and session.is_dirty() and not window.transfers.prompter.confirm(
            "Export cases", f"{open_id} has unsaved changes: the export holds its saved "
            "version, without them.\n\nExport anyway? (No: save with Ctrl+S first, then "
            "export.)"):
        return
    window.transfers.export(ids)


def lock_blockers(window: MainWindow) -> int:
    """How many problems stop the open complete case from being locked, as the Problems
    panel's last evaluation of the edit found them (Lock saves the edit first, and refuses a
    case with errors): no evaluation runs here, at every keystroke."""
    count = getattr(window.editor, "blocking_count", None)  # a test's stand-in may have none
    return count() if count is not None else 0


def show_lock_tip(window: MainWindow, blocked: int) -> None:
    """Lock's tooltip and status tip say why it is disabled (the banner's button too), counted
    and worded as the banner and the Problems panel say it ('1 error, 0 warnings'), and what
    to do: Undo only when there is an edit to take back (gui.unstored_advice)."""
    tip = LOCK_TIP
    if blocked:  # (imported here: the window's first paint loads no model, issue 20)
        from gui.editor.problem_counts import problem_counts
        from gui.unstored_advice import lock_fix, unstored_state

        where = getattr(window.editor, "problems_where", None)  # a stand-in may have none
        problems = where() if where is not None else "Problems"  # with its key while hidden
        ctx = getattr(window.editor, "ctx", None)
        counts = problem_counts(ctx) if ctx is not None else None
        count = counts.words() if counts is not None else counted(blocked, "problem")
        to_do = counts.to_do() if counts is not None else "correct them"
        unstored = unstored_state(window.session)
        others = counts is not None and (counts.errors > unstored.count or bool(counts.required))
        fix = lock_fix(unstored, to_do, window.session.is_dirty(), others)
        tip = f"Lock is unavailable: {count} (see {problems}); {fix}."
    window.commands.lock.setToolTip(tip)
    window.commands.lock.setStatusTip(tip)
    window.case_banner.lock_button.setToolTip(tip if blocked else BANNER_LOCK_TIP)


def show_save_state(window: MainWindow) -> None:
    """The window's modified mark and the status bar's case, status, version and state."""
    base = window.session.base
    dirty = window.session.is_dirty()
    window.setWindowModified(dirty)
    if base is None:
        window.save_state_label.setText("No case open")
        return
    state = "Unsaved changes" if dirty else "Saved" if base.version else "New, not saved"
    window.save_state_label.setText(f"{base.case_id} · {status_label(base.status)} · "
                                    f"v{base.version} · {state}")
