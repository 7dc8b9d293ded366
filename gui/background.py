"""The one helper for background work (ARCHITECTURE decision 9).

A worker function runs on a QThreadPool thread and may call only services (which open their
own database connections). It never touches widgets: it reports through a small signals object
whose slots run on the UI thread.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from core.errors import CasebookError
from core.log_privacy import where as _where  # type and places of an error, never its text
from core.logs import get_logger

log = get_logger("gui.background")

Progress = Callable[[int, int], None]
Work = Callable[[Progress], Any]


class TaskSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """Runs ``work(progress)``; emits finished(result) or failed(message).

    ``error`` keeps the exception, for completion slots that need its type or details;
    ``result``/``message`` the outcome, and ``ended`` is set once it is known, for a caller
    on the UI thread that must have it before the completion slot runs (``Storer.finish``).
    """

    def __init__(self, work: Work):
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.name = _name(work)
        self.signals = TaskSignals()
        self.error: BaseException | None = None
        self.result: Any = None
        self.message = ""
        self.ended = threading.Event()

    def run(self) -> None:
        try:
            self.result = self.work(self.signals.progress.emit)
        except CasebookError as exc:
            self.error, self.message = exc, str(exc)
            self._tell(self.signals.failed, self.message)
        except Exception as exc:  # noqa: BLE001 - a worker must never die silently
            log.error("%s failed: %s", self.name, _where(exc))
            self.error, self.message = exc, (f"Unexpected error: {exc.__class__.__name__}: "
                                             f"{exc}. Details are in the log file.")
            self._tell(self.signals.failed, self.message)
        else:
            self._tell(self.signals.finished, self.result)
        finally:
            self.ended.set()

    def _tell(self, signal: Any, value: object) -> None:
        """Emit the outcome, unless the app ended meanwhile (its objects deleted as the
        process exits: a traceback on stderr, 'Signal source has been deleted')."""
        try:
            signal.emit(value)
        except RuntimeError:
            if shiboken6.isValid(self.signals):
                raise
            log.info("%s ended after the app closed: its outcome is not shown", self.name)


class BackgroundRunner(QObject):
    """Starts tasks and keeps them alive until their completion slot has run."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def start(self, work: Work, *, on_done: Callable[[Any], None] | None = None,
              on_failed: Callable[[str], None] | None = None,
              on_progress: Progress | None = None) -> Task:
        """``on_done``/``on_failed`` run on the UI thread when the task ends, unless the app's
        window, open when the task started, was closed meanwhile: its close waited for the
        task, the app is quitting, so no message, question or error may follow (a dialog
        then would open with no window, and keep the app running). The outcome is logged (a
        failure as a warning)."""
        task = Task(work)
        closed = _closed_meanwhile(self)
        # Forget first, so the task no longer counts as running inside its completion slots.
        task.signals.finished.connect(lambda _result: self._forget(task))
        task.signals.failed.connect(lambda _message: self._forget(task))
        if on_progress:
            task.signals.progress.connect(lambda done, total: closed() or on_progress(done,
                                                                                    total))
        if on_done:
            task.signals.finished.connect(
                lambda result: on_done(result) if not closed() else
                log.info("%s ended after the window was closed: %s", _name(work),
                         _outline(result)))
        if on_failed:
            task.signals.failed.connect(
                lambda message: on_failed(message) if not closed() else
                _failed_after_close(task, _name(work), message))
        self._running.add(task)
        self.pool.start(task)
        return task

    def _forget(self, task: Task) -> None:
        self._running.discard(task)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every started task has ended (used at shutdown)."""
        return self.pool.waitForDone(msecs)


def _closed_meanwhile(owner: QObject) -> Callable[[], bool]:
    """Whether the outermost window above ``owner`` (the main window), open now, has been
    closed since (an owner without a shown window never counts as closed)."""
    widget: QObject | None = owner
    while widget is not None and not isinstance(widget, QWidget):
        widget = widget.parent()
    while isinstance(widget, QWidget) and widget.parentWidget() is not None:
        widget = widget.parentWidget()
    if not isinstance(widget, QWidget) or not widget.isVisible():
        return lambda: False
    window = widget
    return lambda: not shiboken6.isValid(window) or window.isHidden()


def _name(work: Work) -> str:
    return "background task " + getattr(work, "__qualname__", type(work).__name__)


def _outline(result: Any) -> str:
    """A task's result as the log gives it: its type and its numbers and flags, never its
    text. Its repr put a search's query and hits (a patient's name searched for, the cases'
    titles) or a PDF's bytes into casebook.log when the window closed first."""
    if result is None or isinstance(result, bool | int | float):
        return repr(result)
    if isinstance(result, bytes | bytearray | str | list | tuple | set | dict):
        return f"{type(result).__name__} of length {len(result)}"
    names: list[str] = []
    if dataclasses.is_dataclass(result):
        names = [f.name for f in dataclasses.fields(result)]
    else:  # a pydantic model, read by duck typing (this module imports no model library)
        names = list(getattr(type(result), "model_fields", None) or ())
    counts = [(name, getattr(result, name, None)) for name in names]
    shown = ", ".join(f"{name}={value!r}" for name, value in counts
                      if isinstance(value, bool | int | float))
    return f"{type(result).__name__}({shown})"


def _failed_after_close(task: Task, name: str, message: str) -> None:
    """Logged: a task stopped by its Cancel (a quit stops a PDF batch) ended as asked; a
    failure by its error's type, not its message, which may hold user text ("'mei*' is too
    broad…" quotes the search): an unexpected one's places are logged as it failed."""
    from gui.progress import Cancelled  # gui.progress builds on this module

    if isinstance(task.error, Cancelled):
        log.info("%s stopped after the window was closed, as asked", name)
    elif task.error is not None:  # its message may quote the words searched for: not logged
        log.warning("%s failed after the window was closed: %s", name,
                    type(task.error).__name__)
    else:
        log.warning("%s failed after the window was closed", name)
