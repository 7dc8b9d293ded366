"""Background work with a progress dialog (ARCHITECTURE decision 9).

``run_with_progress`` starts a task on the window's BackgroundRunner and shows a modal progress
dialog until it ends (``TaskProgress``: with a Cancel button for work that can be undone
cleanly, see ``CancelRequest``); ``run_and_wait`` does the same before any window exists (the
start-up restore, the search index rebuild) and returns the result or raises the task's error,
never before the task has ended, even when the app quits meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SIGNAL, SLOT, QCoreApplication, QEventLoop, QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

from core.errors import CasebookError
from core.logs import get_logger
from gui.background import BackgroundRunner, Progress, Task, Work

log = get_logger("gui.progress")

SHOW_AFTER_MS = 400  # quick work finishes without a dialog flashing up
CANCELLING = "Cancelling…"
FINISHING = "Finishing — nearly done"  # past the work's point of no return: Cancel is too late
WAIT_STEP_S = 0.05  # after a quit, how often run_and_wait looks at events while a task ends
QUICK_WAIT_S = 0.3  # wait_visibly: a wait this short shows nothing


class _ProgressDialog(QProgressDialog):
    """Never shows over a window that was closed since it was made: its delayed show
    (SHOW_AFTER_MS) after a quit would be a window that cancels Qt's quit on the last window
    closed, leaving the app running with nothing on screen."""

    def __init__(self, label: str, parent: QWidget | None, reset_when_full: bool,
                 cancellable: bool = False, steady: bool = False):
        super().__init__(label, "", 0, 0, parent)
        self._steady = steady  # no Cancel, and neither Escape nor its close button hides it
        self._window_was_open = parent is not None and parent.isVisible()
        self._reset_when_full = reset_when_full
        self._bar = QProgressBar(self)
        self.setBar(self._bar)
        self.cancel_button: QPushButton | None = None
        self.request: CancelRequest | None = None  # what Cancel sets (``TaskProgress.show``)
        if cancellable:
            # Cancel asks the work to stop: the dialog stays ("Cancelling…") until the task
            # has ended, instead of Qt's cancel(), which hides it at once
            QObject.disconnect(self, SIGNAL("canceled()"), self, SLOT("cancel()"))
            self.cancel_button = QPushButton("Cancel")
            self.setCancelButton(None)  # the constructor's button and its Escape shortcut:
            self.setCancelButton(self.cancel_button)  # two would make Escape ambiguous
            self.canceled.connect(self._cancelling)
        else:
            self.setCancelButton(None)

    def _cancelling(self) -> None:
        """Cancel pressed: "Cancelling…" until the work has stopped, or "Finishing — nearly
        done" when it has passed its point of no return (``CancelRequest.set`` refused)."""
        refused = self.request is not None and not self.request.set()
        self.setLabelText(FINISHING if refused else CANCELLING)
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)

    def finishing(self) -> None:
        """The work passed its point of no return: Cancel (and Escape) can no longer stop it."""
        if self.labelText() != CANCELLING:
            self.setLabelText(FINISHING)
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)

    def reject(self) -> None:
        """Escape: Cancel, when there is one (the dialog stays until the task ends)."""
        if self.cancel_button is None:
            if not self._steady:
                super().reject()
        elif self.cancel_button.isEnabled():
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The dialog's own close button: Cancel, when there is one; any other close (the app
        quitting) asks nothing of the work (a quit waits for it to end, ``MainWindow``)."""
        if self.cancel_button is None:
            if self._steady and event.spontaneous():
                event.ignore()
            else:
                super().closeEvent(event)
        elif event.spontaneous():
            event.ignore()
            if self.cancel_button.isEnabled():
                self.canceled.emit()
        else:  # closed: neither QProgressDialog's (it emits canceled) nor QDialog's (it rejects)
            QWidget.closeEvent(self, event)

    def report(self, done: int, total: int) -> None:
        """Move the bar on, without QProgressDialog.setValue: on a modal dialog once shown,
        that processes events, so the task's next reports, its completion slot and any
        message it opens would run inside this one (the work runs on another thread: the
        event loop is not blocked, nothing needs processing here). The dialog shows by its
        timer (SHOW_AFTER_MS), started in ``progress_dialog``."""
        self.setMaximum(max(total, 1))
        self._bar.setValue(done)
        if self.request is not None and self.request.is_final():
            self.finishing()  # it stays until the task ends: that is what it says
        elif self._reset_when_full and done >= self.maximum():
            self.reset()  # Qt's auto-reset (it stops the show timer too)

    def setVisible(self, visible: bool) -> None:
        parent = self.parentWidget()
        if visible and self._window_was_open and parent is not None and parent.isHidden():
            return  # its window was closed meanwhile (the app is quitting)
        super().setVisible(visible)


def progress_dialog(parent: QWidget | None, label: str, *, reset_when_full: bool = False,
                    cancellable: bool = False, steady: bool = False) -> _ProgressDialog:
    """A busy indicator, without a Cancel button unless ``cancellable`` (work that stops at
    its next progress report with nothing kept: ``CancelRequest``). ``reset_when_full``:
    Qt's auto-reset when the bar is full (the exports and the kit keep it). ``steady``: not
    hidden by Escape or its close button (``wait_visibly``)."""
    dialog = _ProgressDialog(label, parent, reset_when_full, cancellable, steady)
    dialog.setWindowTitle("Casebook")
    dialog.setWindowModality(Qt.WindowModality.WindowModal if parent
                             else Qt.WindowModality.ApplicationModal)
    # Qt's show timer, started by the constructor at its 4 s default, is restarted at
    # SHOW_AFTER_MS only while the value is at the minimum (a new bar's value is below it), so
    # a task that reports no progress would show its dialog only after 4 s. setValue(minimum)
    # before the dialog has ever shown just starts that timer: it processes no events (Qt
    # does so only in a shown modal dialog's setValue), so nothing re-enters here.
    dialog.setValue(dialog.minimum())
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)  # see _ProgressDialog.report
    return dialog


class Cancelled(CasebookError):
    """The user pressed Cancel: raised from the work's progress report (``CancelRequest``), so
    inside its transaction or temporary output, which it undoes as any error does."""


class CancelRequest:
    """The Cancel of one task: set on the UI thread by the dialog's Cancel (or a quit, for
    ``run_and_wait``), read on the worker thread by the task's progress reports (``checked``),
    which then raise ``error()``. ``spare_complete``: see ``checked``."""

    def __init__(self, error: Callable[[], CasebookError] = lambda: Cancelled("Cancelled."),
                 *, spare_complete: bool = True) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()  # a Cancel and the point of no return: one comes first
        self._final = False
        self.error = error
        self.spare_complete = spare_complete

    def set(self) -> bool:
        """Ask the work to stop; False (nothing asked) once it has passed its point of no
        return: it ends as it would."""
        with self._lock:
            if self._final:
                return False
            self._event.set()
            return True

    def is_set(self) -> bool:
        return self._event.is_set()

    def is_final(self) -> bool:
        """The work has passed its point of no return (``checked``): Cancel comes too late."""
        return self._final

    def checked(self, progress: Progress) -> Progress:
        """``progress``, raising ``error()`` once the request is set. With ``spare_complete``
        a report of the work complete (done >= total) is its point of no return, made while
        it can still undo everything (an import reports it inside its last transaction, an
        export or kit inside its temporary output): it raises when Cancel came before it;
        otherwise no Cancel after it is asked (``set`` returns False) and no report raises."""
        def report(done: int, total: int) -> None:
            with self._lock:
                if self._event.is_set() and not self._final:
                    raise self.error()
                if done >= total and self.spare_complete:
                    self._final = True
            progress(done, total)

        return report


def with_cancel(cancel: CancelRequest | None, progress: Progress) -> Progress:
    """``progress`` checked by ``cancel`` (``CancelRequest.checked``); as it is without one
    (a dialog shown without a Cancel button)."""
    return cancel.checked(progress) if cancel else progress


class TaskProgress(QObject):
    """The progress dialog of a controller's one task at a time (an import, an export, a kit):
    shown when the task starts, moved on by its progress, closed when it ends. A QObject child
    of the window, so a task's progress signal is dropped with it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.parent_widget = parent
        self.dialog: _ProgressDialog | None = None

    def show(self, label: str, *, cancellable: bool = False) -> CancelRequest | None:
        """Show the dialog; with ``cancellable``, a Cancel button and the request it sets (the
        task checks it in its progress reports: ``CancelRequest.checked``)."""
        self.dialog = progress_dialog(self.parent_widget, label, reset_when_full=True,
                                      cancellable=cancellable)
        if not cancellable:
            return None
        request = CancelRequest()
        self.dialog.request = request  # its Cancel sets it, or says it is too late
        return request

    def update(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.report(done, total)

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()  # reset() hides only with auto-close (off): it stayed on
            self.dialog.deleteLater()  # screen until deleted, after the task's message
            self.dialog = None


def run_with_progress(runner: BackgroundRunner, parent: QWidget | None, label: str, work: Work,
                      on_done: Callable[[Any], None],
                      on_failed: Callable[[str], None]) -> Task:
    """Run ``work`` in the background; the dialog closes before ``on_done``/``on_failed``."""
    dialog = progress_dialog(parent, label)

    def close() -> None:
        dialog.reset()
        dialog.hide()  # as TaskProgress.close
        dialog.deleteLater()

    def done(result: Any) -> None:
        close()
        on_done(result)

    def failed(message: str) -> None:
        close()
        on_failed(message)

    return runner.start(work, on_progress=dialog.report, on_done=done, on_failed=failed)


class Interrupted(CasebookError):
    """A ``stop_on_quit`` task stopped because the app was quitting (nothing it did is kept:
    it raised from its progress report, inside its transaction). ``finished``: the task ran
    to its end all the same (what it did is kept; ``result`` is what it returned)."""

    def __init__(self, message: str, finished: bool = False, result: Any = None):
        super().__init__(message)
        self.finished = finished
        self.result = result


def run_and_wait(label: str, work: Work, parent: QWidget | None = None, *,
                 stop_on_quit: bool = False) -> Any:
    """Run ``work`` off the UI thread while the event loop keeps the dialog alive; return its
    result, or raise its exception.

    Never returns before the task has ended, even when the app quits meanwhile (a quit ends
    the nested event loop too): the folder must not be closed under a running worker. Events
    are still processed while it waits. A ``stop_on_quit`` task is then asked to stop: its
    next progress report raises ``Interrupted``; and however it ends (stopped, done or refused
    with a CasebookError), this raises ``Interrupted``, so the caller goes no further (no
    dialog after the quit), with ``finished`` set when the task had in fact run to its
    end."""
    runner = BackgroundRunner()
    loop = QEventLoop()
    results: list[Any] = []
    over: list[bool] = []  # the task's completion slot has run
    stop = CancelRequest(lambda: Interrupted("Stopped: Casebook is closing."),
                         spare_complete=False)

    def guarded(progress: Progress) -> Any:
        if stop_on_quit and stop.is_set():  # the quit came before the task started
            raise stop.error()
        return work(stop.checked(progress) if stop_on_quit else progress)

    def on_done(result: Any) -> None:
        results.append(result)
        finish()

    def finish(*_message: str) -> None:
        over.append(True)
        loop.quit()

    task = run_with_progress(runner, parent, label, guarded, on_done, finish)
    loop.exec()  # the task's signals are queued to this thread: none is missed before exec()
    quitting = not over
    if quitting:  # the loop was ended by a quit before the task did
        log.info("quitting while '%s' runs: %s", label,
                 "stopping it" if stop_on_quit else "waiting for it to end")
        if stop_on_quit:
            stop.set()
        while not over:
            task.ended.wait(WAIT_STEP_S)
            QCoreApplication.processEvents()  # delivers the completion signal
    error = task.error
    if stop_on_quit and quitting and (error is None or isinstance(error, CasebookError)):
        if error is not None and not isinstance(error, Interrupted):
            log.info("'%s' ended as Casebook quit: %s", label, error)
        if error is None and results:  # it ran to its end: what it did is kept
            raise Interrupted("Casebook is closing.", finished=True, result=results[0])
        raise Interrupted("Stopped: Casebook is closing.")
    if error is not None:
        raise error
    return results[0]


def wait_visibly(ended: threading.Event, label: str, parent: QWidget | None) -> None:
    """Wait on the UI thread for work already running off it (``ended``): a figure's file being
    stripped and stored as its case is left, which the leaving must wait for. A short wait
    (``QUICK_WAIT_S``) shows nothing; a longer one shows ``label`` in a modal busy dialog at
    once, and the window keeps painting: events are processed, but not the user's input (a
    click meant for the list would open a case in the middle of leaving this one; it waits,
    as it would in a frozen window). While the dialog shows, its window cannot be closed.
    Before, the window froze for as long as the file took (seconds for a large scan)."""
    if ended.wait(QUICK_WAIT_S):
        return
    dialog = progress_dialog(parent, label, steady=True)
    dialog.show()
    try:
        while not ended.wait(WAIT_STEP_S):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    finally:
        dialog.close()
        dialog.deleteLater()
