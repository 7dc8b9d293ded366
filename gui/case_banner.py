"""The banner above the editor of a complete or locked case: its status, who and when; a
locked case's fields are read-only until "Amend…" (the banner's button or Case › Amend…)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from core.errors import CasebookError
from core.logs import get_logger
from core.model import Case
from core.reasons import shortened
from core.services.audit import AuditRow, AuditService
from gui.background import BackgroundRunner
from gui.case_session import CaseSession
from gui.editor.problem_counts import ProblemCounts, problem_counts
from gui.formatting import local_time
from gui.style_flags import restyle
from gui.unstored_advice import Unstored, banner_unsaved_advice, unstored_state

log = get_logger("gui.banner")
BANNER_REASON = 100  # characters of the amendment's reason shown in the banner
STYLE = """
CaseBanner { background: #e8f1e4; border-bottom: 1px solid #a9c79b; }
CaseBanner[status="locked"] { background: #e6ecf5; border-bottom: 1px solid #9fb3d1; }
CaseBanner[status="amending"] { background: #fff4e0; border-bottom: 1px solid #e8c98a; }
CaseBanner[status="complete_problems"] { background: #fff4e0; border-bottom: 1px solid #e8c98a; }
CaseBanner[status="trashed"] { background: #f3e6e6; border-bottom: 1px solid #c99a9a; }
CaseBanner QLabel { color: #1f2a1b; }
"""


class CaseBanner(QFrame):
    amend_requested = Signal()
    lock_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("CaseBanner")
        self.setStyleSheet(STYLE)
        self.setAccessibleName("Case status")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.amend_button = QPushButton("&Amend…")
        self.amend_button.setToolTip("Change this locked case: give a reason, edit, save")
        self.amend_button.clicked.connect(self.amend_requested)
        self.lock_button = QPushButton("Loc&k…")
        self.lock_button.setToolTip("Lock (sign) this complete case")
        self.lock_button.clicked.connect(self.lock_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.lock_button)
        layout.addWidget(self.amend_button)
        self.hide()

    def show_status(self, case: Case | None, completed: AuditRow | None,
                    amend_reason: str | None, unsaved_problems: int = 0,
                    trashed: bool = False, stored_problems: int = 0,
                    problems: str = "Problems", counts: ProblemCounts | None = None,
                    unstored: Unstored | None = None, edits_block: bool = True) -> None:
        """``unsaved_problems``: errors in the unsaved edit of a complete case (it claims no
        ✓ over them: saving them makes the case a draft again). ``trashed``: the case is in
        the trash (read-only, whatever its status). ``stored_problems``: what blocks
        'complete' in the stored, unchanged complete case (imported so, or the rules changed
        since): no ✓, and Lock is disabled. ``problems``: where the problems are listed
        (``CaseEditor.problems_where``: with its key while the panel is hidden). ``counts``:
        what the Problems panel counts, said in its words ("1 error, 1 warning"), not
        "1 problem" beside a panel that says "1 error, 1 warning". ``unstored``: the fields
        whose typed text was not stored, and whether that is the only change (then Save
        stores nothing and there is nothing to undo); ``edits_block``: the changes the case
        can store bring errors (saving them makes it a draft)."""
        if case is not None and trashed:
            self._show("trashed", "In the trash — File › Restore from trash to edit it. "
                                  "The fields are read-only.")
            return
        if case is None or case.status == "draft":
            self.hide()
            return
        done = (f"marked complete by {completed.user} on {local_time(completed.ts)}"
                if completed else "marked complete")
        if case.status == "complete" and stored_problems:  # the rules changed since, say
            count = counts.words() if counts is not None else _problems(stored_problems)
            state, text = "complete_problems", (
                f"Complete, but it cannot be locked: {count} (see {problems}); "
                f"{counts.to_do() if counts is not None else 'correct them'}, then Save. "
                f"It was {done}.")
        elif case.status == "complete" and unsaved_problems:
            count = counts.words() if counts is not None else _problems(unsaved_problems)
            advice = banner_unsaved_advice(unstored or Unstored("", 0, False), edits_block)
            state, text = "complete_problems", (
                f"Complete — unsaved changes: {count} (see {problems}). {advice} "
                f"It was {done}.")
        elif case.status == "complete":
            state, text = "complete", (f"✓ Complete: {done}. Lock… signs it; a change that "
                                       "brings errors makes it a draft again.")
        else:
            signed = f"Locked: signed by {case.locked_by or '?'} on " \
                     f"{local_time(case.locked_at) or '?'} ({done})."
            if amend_reason is None:
                state, text = "locked", (f"{signed} The fields are read-only; choose Amend… "
                                         "to change them (with a reason).")
            else:  # a long reason is cut here, whole in the tooltip: the form keeps its room
                state, text = "amending", (f"{signed} Amending, reason: "
                                           f"“{shortened(amend_reason, BANNER_REASON)}”. "
                                           "Save records the changes as an amendment.")
        self._show(state, text, f"Reason: {amend_reason}" if state == "amending" else "")

    def _show(self, state: str, text: str, tooltip: str = "") -> None:
        self.message.setText(text)
        self.message.setToolTip(tooltip)
        self.lock_button.setVisible(state == "complete")
        self.amend_button.setVisible(state == "locked")
        restyle(self, "status", state)  # only when it changes (refreshed after each check)
        self.show()


class CaseStatusView(QObject):
    """Keeps the banner and the editor's read-only state in step with the open case. Who
    marked the case complete is read from the audit trail off the UI thread: the banner shows
    at once (the read-only state too) and gains 'by ... on ...' when the row arrives."""

    def __init__(self, session: CaseSession, audit: AuditService, banner: CaseBanner,
                 parent: QObject | None = None, runner: BackgroundRunner | None = None):
        super().__init__(parent)
        self.session, self.audit, self.banner = session, audit, banner
        self.runner = runner or BackgroundRunner(self)
        self._completed: AuditRow | None = None
        self._completed_of: str | None = None  # the case id of _completed
        self._asked = 0  # the latest read: an older one's answer is dropped
        session.opened.connect(self._reload)
        session.saved.connect(self._reload)
        session.closed.connect(self.refresh)
        session.state_changed.connect(self.refresh)
        for name in ("problems_changed", "problems_shown"):  # shown: "(see Problems: key)"
            signal = getattr(session.editor, name, None)
            if signal is not None:  # the real editor (a test's stand-in may have none)
                signal.connect(self.refresh)

    def _reload(self, case: Case) -> None:
        """Who marked the case complete, and when (read once per version, not per keystroke,
        on a worker thread; the same case keeps its last row meanwhile)."""
        self._asked += 1
        if self._completed_of != case.case_id:
            self._completed, self._completed_of = None, None
        if case.status != "draft" and case.version:
            asked, audit, case_id = self._asked, self.audit, case.case_id
            self.runner.start(lambda _progress: _last_completed(audit, case_id),
                              on_done=lambda row: self._on_read(asked, case_id, row))
        self.refresh()

    def _on_read(self, asked: int, case_id: str, row: AuditRow | None) -> None:
        if asked != self._asked:
            return  # another case (or version) was opened meanwhile
        self._completed, self._completed_of = row, case_id
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        session.editor.set_read_only(session.read_only())
        error_count = getattr(session.editor, "error_count", None)
        blocking_count = getattr(session.editor, "blocking_count", None)
        dirty = session.is_dirty()
        problems = error_count() if error_count is not None and dirty else 0
        stored = blocking_count() if blocking_count is not None and not dirty else 0
        where = getattr(session.editor, "problems_where", None)
        ctx = getattr(session.editor, "ctx", None)  # (a test's stand-in may have none)
        unstored = unstored_state(session)
        # what blocks 'complete' in the changes Save can store: not the text it cannot
        edits_block = blocking_count is None or blocking_count() > unstored.count
        self.banner.show_status(session.base, self._completed, session.amend_reason(), problems,
                                getattr(session, "trashed", False), stored,
                                where() if where is not None else "Problems",
                                problem_counts(ctx) if ctx is not None else None,
                                unstored, edits_block)


def _problems(count: int) -> str:
    return f"{count} problem{'' if count == 1 else 's'}"


def _last_completed(audit: AuditService, case_id: str) -> AuditRow | None:
    """The audit row of the case's last 'marked complete' (None when it cannot be read)."""
    try:
        rows = audit.entries(case_id, ("complete",))
    except CasebookError:
        log.exception("could not read when %s was marked complete", case_id)
        rows = []
    return rows[-1] if rows else None
