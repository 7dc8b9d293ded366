"""Case status workflow: mark complete (refused with the rules' reasons), lock (sign), unlock or
reopen (a locked case needs a reason)."""

from __future__ import annotations

from core.errors import CasebookError, StatusError
from core.model import Case
from core.services import Casebook
from gui.case_session import CaseSession
from gui.dialogs.prompter import Prompter


class StatusFlow:
    def __init__(self, casebook: Casebook, session: CaseSession, prompter: Prompter):
        self.casebook = casebook
        self.session = session
        self.prompter = prompter

    def mark_complete(self) -> bool:
        if not self._saved_first():
            return False
        if self._base().status != "draft":
            self.prompter.info(f"The case is already {self._base().status}.")
            return False
        return self._set_status("complete")

    def lock(self) -> bool:
        if not self._saved_first():
            return False
        base = self._base()
        if base.status != "complete":
            self.prompter.info("Only a complete case can be locked. Mark it complete first.")
            return False
        question = (f"Lock “{base.title}”? It is signed by {self.casebook.ctx.user} now; any "
                    "later change needs a reason and is recorded as an amendment.")
        if not self.prompter.confirm("Lock case", question):
            return False
        return self._set_status("locked")

    def unlock(self) -> bool:
        """Locked -> draft with a reason; complete -> draft (reopen)."""
        if not self._saved_first():
            return False
        base = self._base()
        if base.status == "draft":
            self.prompter.info("The case is not locked or complete.")
            return False
        reason = None
        if base.status == "locked":
            reason = self.prompter.ask_reason(
                "Unlock case", "Why are you unlocking this case? The reason is kept in the "
                "audit trail.")
            if reason is None:
                return False
        return self._set_status("draft", reason)

    def _base(self) -> Case:
        assert self.session.base is not None
        return self.session.base

    def _saved_first(self) -> bool:
        """Status changes apply to the stored case: save pending edits (or a new case) first."""
        if not self.session.is_open():
            return False
        self.session.editor.commit_pending()  # the field being typed in counts as an edit
        if self.session.is_dirty() or self._base().version == 0:
            # typed text the case could not hold (named by the save's message) stops the change
            return self.session.save() and not self.session.editor.unstored_inputs()
        return True

    def _set_status(self, status: str, reason: str | None = None) -> bool:
        base = self._base()
        try:
            stored = self.casebook.cases.set_status(base.case_id, status, base.version, reason)
        except StatusError as exc:
            if exc.reasons:
                self.prompter.show_reasons(str(exc), exc.reasons)
            else:
                self.prompter.error(str(exc))
            return False
        except CasebookError as exc:
            self.prompter.error(str(exc))
            return False
        self.session.status_changed(stored)
        return True
