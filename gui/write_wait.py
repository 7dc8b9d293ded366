"""Writes of the UI thread while a background write holds the database's writer lock (Move to
trash or Restore of a thousand cases holds it ~1 s, an import longer): waiting on the lock
would freeze the window, so the autosave is tried again a moment later, and Save (Ctrl+S)
says it waits in the status bar and saves once the lock is free. A short write (the search
index after a save, a draft) is waited for, up to ``SHORT_WAIT``: the window is not frozen
for long, and a save then runs at once, as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from core.services import Casebook

if TYPE_CHECKING:
    from gui.case_session import CaseSession

SHORT_WAIT = 0.15  # seconds: longer reads as a frozen window
RETRY_MS = 250
WAITING = ("Waiting for the cases being written in the background (moved to or from the trash, "
           "imported) to finish: {} is saved right after.")


def busy(casebook: Casebook) -> Callable[[], bool]:
    """Whether another thread still writes after a short wait."""
    return lambda: casebook.ctx.db.writing_elsewhere(SHORT_WAIT)


class WhenFree(QObject):
    """``run``: ``action`` now, or as soon as no other thread writes (tried every
    ``RETRY_MS``); run again while it waits, the action still runs once. ``waiting``: said
    when the action has to wait (once)."""

    def __init__(self, casebook: Casebook, action: Callable[[], object],
                 parent: QObject | None = None, waiting: Callable[[], None] | None = None):
        super().__init__(parent)
        self.busy = busy(casebook)
        self.action = action
        self.waiting = waiting
        self.retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self.retry.timeout.connect(self._again)

    def run(self) -> None:
        if self.retry.isActive():  # already waiting: it runs once
            return
        if self.busy():
            if self.waiting:
                self.waiting()
            self.retry.start()
            return
        self.action()

    def _again(self) -> None:
        if self.busy():
            self.retry.start()
            return
        self.action()


class QueuedSave(QObject):
    """File › Save (Ctrl+S): the session's save, queued while a background write runs; the
    queued save is dropped when another case was opened meanwhile (its question saved or
    discarded the first one's changes)."""

    def __init__(self, session: CaseSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.case_id: str | None = None  # the case a queued save is for
        self.when_free = WhenFree(session.casebook, self._save, self, self._waiting)

    def run(self) -> None:
        if not self.when_free.retry.isActive():
            self.case_id = self.session.case_id()
        self.when_free.run()

    def _waiting(self) -> None:
        if self.session.is_open():
            self.session.message.emit(WAITING.format(self.case_id or "the new case"))

    def _save(self) -> None:
        if self.session.case_id() == self.case_id:
            self.session.save()
