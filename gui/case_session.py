"""The case being edited: open, new, save, discard, close, autosave and crash recovery (the
steps of leaving a case are in gui.session_leaving, the recovery offered at start-up in
gui.session_recovery).

"Never lose typing" lives here: a draft is autosaved ``AUTOSAVE_MS`` after the editor's last
change (and, while typing goes on without a pause, at most ``AUTOSAVE_CAP_MS`` after the first
unsaved change) and before any question; leaving a changed case asks Save / Discard / Cancel; a
failed save keeps the edit in the editor and in the drafts table.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from core.errors import CasebookError
from core.logs import get_logger
from core.model import Case
from core.services import Casebook
from core.services.added_files import EditedFiles
from core.services.amend_check import AmendmentRefused
from core.services.changes import same_content
from core.services.drafts import Draft
from gui.amend_reason import amendment_reason
from gui.dialogs.prompter import Prompter
from gui.editor_like import EditorLike
from gui.formatting import local_time
from gui.session_drafts import SessionDrafts
from gui.session_leaving import release_case, take_back_files
from gui.session_messages import (
    amendment_refused_text,
    as_shown,
    draft_name,
    save_failed_text,
    saved_except_text,
)
from gui.session_recovery import load_draft, offer_recovery
from gui.session_unstored import UnstoredWatch
from gui.write_wait import WhenFree

log = get_logger("gui.session")
# A crash (kill -9, power) loses what was typed since the last draft: 3 s of it before. A
# draft of reference case 1 is written in ~10 ms (model dump and one SQLite upsert, measured
# 2026-12-07), so it is written on the UI thread, at most twice a second while typing goes on.
AUTOSAVE_MS = 500       # after the last change
AUTOSAVE_CAP_MS = 1000  # at most after the first unsaved change, typing without a pause


class CaseSession(QObject):
    """Owns the editor's case: ``base`` is the stored version the edit started from."""

    opened = Signal(object)      # Case
    saved = Signal(object)       # Case, after a save or status change
    closed = Signal()
    state_changed = Signal()     # dirty / clean / autosaved
    message = Signal(str)
    working = Signal(str)        # said at once, before work that keeps the window busy
    long_message = Signal(str, str)  # a line for the status bar, the whole wording (tooltip)

    def __init__(self, casebook: Casebook, editor: EditorLike, prompter: Prompter,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.casebook = casebook
        self.editor = editor
        self.prompter = prompter
        self.edit_ctx = getattr(editor, "ctx", None)  # the real editor's Figures section
        if self.edit_ctx is not None:  # stores files in the data folder's file store
            self.edit_ctx.files = casebook.ctx.files
        self.base: Case | None = None
        self._recovered = False      # editor holds a recovered draft: unsaved by definition
        self.leaving = False  # release() runs (it may process events: a figure's file stored)
        self._draft_written = False
        self._amend_reason: str | None = None  # given with "Amend…": a locked case is editable
        self.trashed = False  # the open case is in the trash: read-only until restored
        # the fields the last "Saved …, except" named, followed as they are corrected
        self._unstored_watch = UnstoredWatch(editor, self.message.emit, self.long_message.emit)
        self.drafts = SessionDrafts(casebook)
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)  # every change
        self._deadline = QTimer(self, singleShot=True, interval=AUTOSAVE_CAP_MS)  # caps it
        # the timers' autosave does not wait on a background write (it would freeze the
        # window): it is tried again once the write is done
        timed = WhenFree(casebook, self.autosave, self)
        self._timer.timeout.connect(timed.run)
        self._deadline.timeout.connect(timed.run)
        editor.changed.connect(self._on_editor_changed)
        editor.dirty_changed.connect(self._on_dirty_changed)
        if self.edit_ctx is not None:  # a field left: its text is judged now
            self.edit_ctx.field_committed.connect(lambda _path: self._unstored_watch.check(True))

    # -- state -----------------------------------------------------------------------------
    def is_open(self) -> bool:
        return self.base is not None

    def is_dirty(self) -> bool:
        return self.is_open() and (self._recovered or self.editor.is_dirty())

    def case_id(self) -> str | None:
        return self.base.case_id if self.base else None

    def read_only(self) -> bool:
        """A locked case reads as read-only until "Amend…" gives a reason (until the save);
        a case in the trash until it is restored."""
        return self.base is not None and (self.trashed or (
            self.base.status == "locked" and not self.amending()))

    def amending(self) -> bool:
        return self._amend_reason is not None

    def amend_reason(self) -> str | None:
        return self._amend_reason

    def restored(self) -> None:
        """The open case left the trash (File › Restore from trash): editable again."""
        self.trashed = False
        self.state_changed.emit()

    def start_amendment(self, reason: str) -> None:
        """The locked case becomes editable; its next save is an amendment with ``reason``."""
        self._amend_reason = reason
        self.state_changed.emit()

    def autosave_pending(self) -> bool:
        return self._timer.isActive() or self._deadline.isActive()

    def _stop_autosave(self) -> None:
        self._timer.stop()
        self._deadline.stop()

    # -- moving between cases --------------------------------------------------------------
    def open_case(self, case_id: str) -> bool:
        if self.case_id() == case_id:
            return True
        try:  # a case that cannot be opened (purged by another window, say) is said at once:
            case = self.casebook.cases.open_case(case_id)  # the open one's edits are not
        except CasebookError as exc:  # asked about nor discarded for nothing
            self.prompter.error(str(exc))
            return False
        keep_draft = self.drafts.wanted(case_id, self.prompter)
        if keep_draft is None:  # Cancel: nothing opened, the kept changes stay for later
            return False
        asks = self.is_dirty()  # the question may stay open a while
        if not self.release():
            return False
        if asks:
            try:  # read again: it may have been saved elsewhere while the question was open
                case = self.casebook.cases.open_case(case_id)
            except CasebookError as exc:  # gone meanwhile: the case left (its edits
                self.prompter.error(str(exc))  # discarded or saved) is closed, not shown,
                self._closed()  # nor asked about again
                return False
        draft = self.drafts.of(case_id)
        if draft is not None and not keep_draft:
            self.drafts.discard(draft.key)
            draft = None
        load_draft(self, case, draft)  # merged when the case was saved since the edit
        return True

    def new_case(self) -> bool:
        if not self.release():
            return False
        self._load(Case(), None)
        return True

    def close_case(self) -> bool:
        if not self.release():
            return False
        self._closed()
        return True

    def _closed(self) -> None:
        """After the case was released (saved, discarded or unchanged): no case is open."""
        self.base = None
        self._reset_flags()
        self.closed.emit()

    def release(self) -> bool:
        """Free to leave the case? Asks Save / Discard / Cancel when it has unsaved changes
        (a figure whose file was still being stored is one: it is added first; so is text
        still in the field being typed in, e.g. a date, which is kept on leaving the field).
        ``leaving`` while it runs: a quit or close arriving meanwhile waits for its end."""
        self.leaving = True
        try:
            return release_case(self)
        finally:
            self.leaving = False

    def _load(self, case: Case, draft: Draft | None) -> None:
        """``case`` in the editor; a recovered ``draft`` of a stored case goes over it as one
        undo step (Ctrl+Z: the stored values again); a new case's draft is loaded as it is."""
        self._stop_autosave()
        over_stored = draft is not None and bool(case.version)
        self.editor.load_case(draft.case if draft and not over_stored else case)
        if self.edit_ctx is not None:  # the files this editing stores, from now on
            self.edit_ctx.session_files = EditedFiles(self.casebook.ctx.files,
                                                      self.casebook.ctx.db)
        self.base = case
        self.trashed = bool(case.version) and self._in_trash(case.case_id)
        self._reset_flags()
        self._recovered = self._draft_written = draft is not None
        self.opened.emit(case)  # the window shows the case (its title) before it is changed
        if draft is not None and over_stored:  # with '4O' back in Age at Day 0, marked not
            if self.editor.recover(draft.case, draft.unstored):  # stored: one undo step
                self._recovered = False  # the step says it: undone, the case is as stored
                self._stop_autosave()  # the draft holds this already
        elif draft and draft.unstored:
            self.editor.restore_typed(draft.unstored)
        if draft:
            when = local_time(draft.saved_at)  # as the recovery dialog shows it; short
            # enough to read whole beside the save state at 1024 px (it lost "then Save.")
            self.message.emit(f"Recovered {draft_name(draft)} (autosaved {when}): check it, "
                              "then Save.")
        self.state_changed.emit()

    def _reset_flags(self) -> None:
        self._stop_autosave()
        self._recovered = self._draft_written = False
        self._amend_reason = None
        self._unstored_watch.reset()

    def _in_trash(self, case_id: str) -> bool:
        try:
            return self.casebook.cases.is_trashed(case_id)
        except CasebookError:  # not known: the save says it if the case is in the trash
            log.exception("could not read whether %s is in the trash", case_id)
            return False

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> bool:
        base = self.base
        if base is None:  # no case open
            return False
        if self.trashed:  # read-only: nothing was typed; say why nothing is saved
            self.message.emit(f"{base.case_id} is in the trash: File › Restore from trash "
                              "to edit and save it.")
            return False
        self.editor.commit_pending()
        try:
            case = self.editor.current_case()
        except ValueError as exc:  # the editor's contract is a valid Case; say it plainly
            log.exception("the editor could not build the case")
            self.prompter.error(f"The case cannot be saved as it stands: {exc}")
            return False
        if base.status == "locked" and base.version and same_content(base, case):
            self._nothing_to_save(base)  # no reason asked: no amendment would be stored
            return True
        reason = self._reason_for_save(case)
        if base.status == "locked" and reason is None:
            return False
        try:
            stored = self.casebook.cases.save_case(case, reason=reason)
        except AmendmentRefused as exc:  # the edit stays, as below; the errors are listed
            self._refused(case, exc)
            return False
        except CasebookError as exc:  # conflict, storage, status: the edit stays everywhere
            kept = self._keep_draft(case)
            self.prompter.error(save_failed_text(exc, kept))
            return False
        if reason is not None and stored.version == base.version:
            self._nothing_to_save(base)  # never claim an amendment that was not stored
            return True
        self._after_save(stored)
        what = f"{stored.case_id} (version {stored.version})"
        if reason is not None:
            what = f"the amendment to {what}, reason “{reason}”"
        unstored = self.editor.unstored_by_path()
        if unstored:  # stays visible, listed in Problems; the case stays marked changed
            self.long_message.emit(*saved_except_text(what, unstored,
                                                      self.editor.problems_where(),
                                                      self.editor.path_words))
            self._unstored_watch.reset(set(unstored))
        else:
            self.message.emit(f"Saved {what}.")
        return True

    def _refused(self, case: Case, exc: AmendmentRefused) -> None:
        """An amendment adding errors: nothing stored, the edit stays in the form (and as a
        draft), the amendment open with its reason; the field the user chooses is shown."""
        self._keep_draft(case)
        words = self.editor.path_words
        path = self.prompter.show_reasons(amendment_refused_text(exc),
                                          as_shown(exc.blockers, words), "Amendment not saved")
        self.message.emit(amendment_refused_text(exc, short=True, label=words,
                                                 problems=self.editor.problems_where()))
        if path:
            self.editor.focus_path(path)

    def _reason_for_save(self, case: Case) -> str | None:
        """The amendment's reason (``amend_reason.amendment_reason``); kept once given."""
        base = self.base
        if base is None or base.status != "locked":
            return None
        asked = amendment_reason(self.casebook, self.prompter, base, case, self._amend_reason)
        if asked is not None:
            self._amend_reason = asked
        return asked

    def _nothing_to_save(self, base: Case) -> None:
        """A locked case saved as stored: nothing is written; an amendment under way stays
        open with its reason, for the change still to come."""
        if self._draft_written:
            self.drafts.discard(base.case_id)
        self._stop_autosave()
        self._recovered = self._draft_written = False
        self.editor.mark_saved(base)
        kept = " (still amending: change a field, then Save)" if self.amending() else ""
        self.message.emit(f"Nothing to save: {base.case_id} is as stored, so no amendment was "
                          f"recorded{kept}.")
        self.state_changed.emit()

    def _after_save(self, stored: Case) -> None:
        if self._draft_written:
            self.drafts.discard(stored.case_id)  # a no-change save leaves the draft behind
        self.editor.mark_saved(stored)
        self.base = stored
        self._reset_flags()
        self.saved.emit(stored)
        self.state_changed.emit()

    def status_changed(self, stored: Case) -> None:
        """A status change stored a new version of the (unchanged) case."""
        self._after_save(stored)

    def status_changed_keeping_edits(self, stored: Case) -> None:
        """A status change stored without the editor's changes (Unlock over a refused
        amendment): they stay in the form, unsaved, and in the draft (of the new version)."""
        self.editor.mark_saved(stored, keep_edits=True)
        self.base = stored
        self._amend_reason = None
        self.saved.emit(stored)
        self.autosave()
        self.state_changed.emit()

    def discard(self) -> None:
        """Forget the unsaved changes: the draft goes, then the figure files only they used;
        cases and audit are untouched."""
        if self.base is not None:
            self.drafts.discard(self.base.case_id)
        take_back_files(self)
        self._reset_flags()
        self.state_changed.emit()

    # -- autosave and recovery -------------------------------------------------------------
    def autosave(self) -> None:
        self._stop_autosave()
        if not self.is_dirty():
            self.drop_draft()
            return
        try:
            case = self.editor.current_case()
            self.casebook.drafts.save_draft(case, unstored=self.editor.unstored_typed(),
                                            base=self.base)
        except (CasebookError, ValueError) as exc:
            log.exception("autosave failed")
            self.message.emit(f"Autosave failed: {exc}")
            return
        self._draft_written = True
        self.state_changed.emit()

    def drop_draft(self) -> None:
        """The editor holds the stored case again (Escape took the typing back, Undo the
        changes): the draft written meanwhile goes, a crash now has nothing to offer."""
        if self._draft_written and self.base is not None and not self.is_dirty():
            self.drafts.discard(self.base.case_id)
            self._draft_written = False

    def _keep_draft(self, case: Case) -> bool:
        kept = self.drafts.keep(case, self.editor.unstored_typed(), self.base)
        self._draft_written = self._draft_written or kept
        return kept

    def shutdown(self) -> None:
        """Closing without questions (quit command, SIGTERM): keep unsaved work as a draft
        (with the figures whose files were still being stored)."""
        self.leaving = True  # as release(): another quit meanwhile waits for its end
        try:
            self.editor.finish_storing()
            self.autosave()
        finally:
            self.leaving = False

    def offer_recovery(self) -> None:
        """At start-up: offer the drafts a crash left behind (gui.session_recovery)."""
        offer_recovery(self)

    # -- typing ----------------------------------------------------------------------------
    def _on_dirty_changed(self, _dirty: bool) -> None:
        """A field the last "Saved …, except" message named was corrected (or broken again):
        that message is stale, a new one says what is still not stored (gui.session_unstored)."""
        self.state_changed.emit()
        self._unstored_watch.check()

    def _on_editor_changed(self) -> None:
        if not self.is_open():
            return
        self._timer.start()
        if not self._deadline.isActive():
            self._deadline.start()
        self.state_changed.emit()
