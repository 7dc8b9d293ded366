"""Case status workflow: mark complete (refused with the reasons, each naming its field, and
nothing stored), lock (sign), amend a locked case (with a reason), unlock or reopen.

Storing a status change takes seconds on a loaded machine (on the UI thread: the session's
case and editor change with it), so while it runs the window says so at once: a busy cursor, a
status bar message ("Locking case…") and the status actions disabled, so that a second click
does nothing twice (``busy``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication

from core.errors import Blocker, CasebookError, StatusError
from core.logs import get_logger
from core.model import Case
from core.services import Casebook
from core.services.amend_check import AmendmentRefused, refuse_added_blockers
from core.services.cases import REFUSED
from core.services.reason_rules import case_identifiers
from core.services.signing import signer_problem
from core.settings import save_settings
from gui.case_session import CaseSession
from gui.dialogs.prompter import Prompter
from gui.editor_like import EditorLike
from gui.formatting import local_time
from gui.session_messages import as_shown, field_names

log = get_logger("gui")


class StatusFlow:
    def __init__(self, casebook: Casebook, session: CaseSession, prompter: Prompter):
        self.casebook = casebook
        self.session = session
        self.prompter = prompter
        self.busy = False  # a status change is being stored: the status actions do nothing

    def mark_complete(self) -> bool:
        """Checks the case as edited; refused with the reasons (nothing stored). Unsaved
        changes are saved with the completion, in one step, after "Save and mark complete"."""
        if self.busy or not self.session.is_open():
            return False
        base = self._base()
        if base.status != "draft":
            self.prompter.info(f"The case is already {base.status}.")
            return False
        editor = self.session.editor
        editor.commit_pending()  # the field being typed in counts as an edit
        try:
            case = editor.current_case()
        except ValueError as exc:
            self.prompter.error(f"The case cannot be marked complete as it stands: {exc}")
            return False
        reasons = [*_not_stored(editor), *self.casebook.cases.completion_blockers(case)]
        if reasons:
            self._refused(reasons)
            return False
        changed = self.session.is_dirty() or base.version == 0
        if changed and not self.prompter.confirm_save_and_complete(case.title):
            return False
        try:
            with self._working("Marking case complete…"):
                if changed:
                    stored = self.casebook.cases.complete_case(case)
                else:
                    stored = self.casebook.cases.set_status(base.case_id, "complete",
                                                            base.version)
                # the id and version before the title, which a narrow window cuts short
                self._changed(stored, f"Marked complete: {stored.case_id}, version "
                                      f"{stored.version}: “{stored.title}”.")
        except StatusError as exc:
            self._refused(exc.blockers, str(exc))
            return False
        except CasebookError as exc:
            self.prompter.error(str(exc))
            return False
        return True

    def lock(self) -> bool:
        if not self._saved_first("locked"):
            return False
        base = self._base()
        if base.status != "complete":
            self.prompter.info("Only a complete case can be locked. Mark it complete first.")
            return False
        reasons = self.casebook.cases.completion_blockers(base)  # before the question: a
        if reasons:  # complete case may hold errors (the rules changed since); never signed
            self._refused(reasons, REFUSED["locked"])
            return False
        question = (f"Lock “{base.title}”? You sign it now, by name; any later change needs "
                    "a reason and is recorded as an amendment.")
        values = case_identifiers([base])  # a signature must not name the patient
        account = self.casebook.ctx.user
        signer = self.prompter.ask_signer("Lock case", question,
                                          self.casebook.settings.signer_name, account,
                                          lambda name: signer_problem(name, values))
        if signer is None:
            return False
        self._remember_signer(signer)
        return self._set_status("locked", None, "Locking case…", lambda stored: (
            f"Locked: {stored.case_id}, signed by {stored.locked_by}: “{stored.title}”."),
            signer=signer)  # who signed before the title, which a narrow window cuts short

    def _remember_signer(self, signer: str) -> None:
        """The next lock on this workstation suggests the name (the settings file); one that
        cannot be written only loses the suggestion."""
        settings = self.casebook.settings
        if settings.signer_name == signer:
            return
        settings.signer_name = signer
        try:
            save_settings(self.casebook.paths.settings_file, settings)
        except OSError:
            log.warning("the signer's name could not be kept for the next lock", exc_info=True)

    def amend(self) -> bool:
        """A locked case becomes editable after a reason is given; the save records it."""
        if (self.busy or not self.session.is_open() or self._base().status != "locked"
                or self.session.trashed):
            return False
        if self.session.amending():
            return True
        base = self._base()
        when = f" on {local_time(base.locked_at)}" if base.locked_at else ""
        reason = self.prompter.ask_reason(
            "Amend a locked case",
            f"“{base.title}” was locked by {base.locked_by or 'someone'}{when}. Changing it "
            "records an amendment in the audit trail and in the PDF.\nReason for the change:",
            self.casebook.reason_check([base.case_id], self._edited()))
        if reason is None:
            return False
        self.session.start_amendment(reason)
        self.session.message.emit(f"Amending {base.case_id}: change the fields, then Save "
                                  "(the amendment is recorded with your reason).")
        return True

    def unlock(self) -> bool:
        """Locked -> draft with a reason; complete -> draft (reopen). Pending edits are saved
        first, except an amendment that the save would refuse (it brings errors a locked case
        cannot take): Unlock then offers to leave it unsaved in the form, the draft's changes."""
        keep_edits = self._unlock_over_errors()
        if keep_edits is None:  # not unlocked: the amendment stays open, the status bar says
            return False
        if not keep_edits and not self._saved_first("unlocked"):
            return False
        base = self._base()
        if base.status == "draft":
            self.prompter.info("The case is not locked or complete.")
            return False
        reason = None
        if base.status == "locked":
            reason = self.prompter.ask_reason(
                "Unlock case", "Why are you unlocking this case? The reason is kept in the "
                "audit trail.", self.casebook.reason_check([base.case_id]))
            if reason is None:
                return False
        working = "Unlocking case…" if base.status == "locked" else "Reopening case…"
        return self._set_status("draft", reason, working, lambda stored: (
            f"{stored.case_id} is a draft again; your changes are in the form, not saved: "
            "Save stores them." if keep_edits else
            f"{stored.case_id} is a draft again: “{stored.title}”."), keep_edits)

    def _unlock_over_errors(self) -> bool | None:
        """False: no amendment holding new errors is open (Unlock saves the edits first, as
        before). Else whether the user unlocks without saving them (True) or not (None: the
        case stays locked, the amendment open, and the status bar says what to do)."""
        if self.busy or not self.session.is_open() or self._base().status != "locked":
            return False
        if not self.session.amending():
            return False
        self.session.editor.commit_pending()  # the field being typed in counts as an edit
        if not self.session.is_dirty():
            return False
        errors = self._added_errors()
        if not errors:
            return False
        paths = list(dict.fromkeys(b.path for b in errors if b.path))
        where = f" (at {field_names(paths, self.session.editor.path_words)})" if paths else ""
        todo = (f"undo the changes (Ctrl+Z) or correct the errors{where} listed in Problems, "
                "then Unlock")
        if self.prompter.confirm("Unlock case", (
                f"Your changes to “{self._base().title}” cannot be saved to the locked case: "
                f"they bring errors that block 'complete'{where}.\n\nUnlock without saving "
                "them? The case becomes a draft, which may hold errors; your changes stay in "
                "the form (and as an autosaved draft), not saved: Save stores them in the "
                f"draft.\n\nNo keeps the case locked and your changes in the form: {todo}.")):
            return True
        self.session.message.emit(f"Not unlocked: {todo}.")
        return None

    def _added_errors(self) -> list[Blocker]:
        """The errors the open amendment would bring into the locked case (the save's check,
        run without saving); none when the editor cannot build the case (the save says it)."""
        try:
            case = self.session.editor.current_case()
            refuse_added_blockers(self._base, case, self.casebook.cases.completion_blockers)
        except ValueError:
            return []
        except AmendmentRefused as exc:
            return list(exc.blockers)
        return []

    def _edited(self) -> list[Case]:
        """The open case as the editor holds it when that is not what is stored (a recovered
        draft): a reason must not name the patient as the amendment will store it either."""
        if not self.session.is_dirty():
            return []
        try:
            return [self.session.editor.current_case()]
        except ValueError:  # the save says what cannot be stored
            return []

    def _base(self) -> Case:
        assert self.session.base is not None
        return self.session.base

    def _saved_first(self, done: str) -> bool:
        """Lock and unlock apply to the stored case: save pending edits (or a new case) first.
        Text typed in a field that the case could not hold stops them, with the field named,
        whether or not anything else was changed: a signature must not cover a value other
        than the one on the screen."""
        if self.busy or not self.session.is_open():
            return False
        editor = self.session.editor
        editor.commit_pending()  # the field being typed in counts as an edit
        if (self.session.is_dirty() or self._base().version == 0) and not self.session.save():
            return False
        typed = _not_stored(editor)
        if typed:
            self._refused(typed, f"The case cannot be {done} while a field holds text that "
                                 "was not stored. Correct it, or undo the typing:")
            return False
        return True

    def _set_status(self, status: str, reason: str | None, working: str,
                    done: Callable[[Case], str], keep_edits: bool = False,
                    signer: str | None = None) -> bool:
        """Store ``status``, saying ``working`` meanwhile, then ``done(stored)``;
        ``keep_edits``: the editor's unsaved changes stay (see ``unlock``); ``signer``: who
        signs a lock."""
        base = self._base()
        try:
            with self._working(working):
                stored = self.casebook.cases.set_status(base.case_id, status, base.version,
                                                        reason, signer)
                self._changed(stored, done(stored), keep_edits)
            return True
        except StatusError as exc:
            if exc.reasons:
                self._refused(exc.blockers, str(exc))
            else:
                self.prompter.error(str(exc))
        except CasebookError as exc:
            self.prompter.error(str(exc))
        return False

    @contextmanager
    def _working(self, text: str) -> Iterator[None]:
        """``busy`` while the change is stored and shown: the status actions disabled (see
        gui.action_state), ``text`` in the status bar and a busy cursor, painted before the
        work starts (it keeps the event loop busy). A click meanwhile waits in the queue
        (user input is not processed here) and then meets disabled actions. The cursor is
        back before any refusal or error is shown."""
        self.busy = True
        self.session.state_changed.emit()
        self.session.working.emit(text)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        try:
            yield
        except BaseException:
            self.session.message.emit("")  # "Locking case…" must not stay after a refusal
            raise
        finally:
            QApplication.restoreOverrideCursor()
            self.busy = False
            self.session.state_changed.emit()

    def _refused(self, reasons: Sequence[str | Blocker],
                 message: str = REFUSED["complete"]) -> None:
        """Show the reasons; the one the user chooses is shown in the editor."""
        path = self.prompter.show_reasons(message, as_shown(reasons,
                                                            self.session.editor.path_words))
        if path:
            self.session.editor.focus_path(path)

    def _changed(self, stored: Case, text: str, keep_edits: bool = False) -> None:
        if keep_edits:
            self.session.status_changed_keeping_edits(stored)
        else:
            self.session.status_changed(stored)
        self.session.message.emit(text)


def _not_stored(editor: EditorLike) -> list[Blocker]:
    """A reason for each field holding typed text the case could not store."""
    return [Blocker(path, f"{text} (not stored)")
            for path, text in editor.unstored_by_path().items()]
