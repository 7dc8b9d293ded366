"""Runs the clinical evaluation after typing: on the UI thread while it is fast (a few ms for a
typical case), in a worker thread once it gets slow, so keystrokes never wait for it.

Only the newest request's result is applied; results from workers arrive through a signal.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

from gui.editor.feedback import Feedback, evaluate_document

DEBOUNCE_MS = 20
UI_THREAD_LIMIT_S = 0.030  # slower evaluations move to a worker


class _Done(QObject):
    finished = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, generation: int, doc: dict[str, Any], done: _Done) -> None:
        super().__init__()
        self.generation, self.doc, self.done = generation, doc, done

    def run(self) -> None:
        self.done.finished.emit(self.generation, evaluate_document(self.doc))


class FeedbackRunner(QObject):
    def __init__(self, document: Callable[[], dict[str, Any]],
                 apply: Callable[[Feedback], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document, self._apply = document, apply
        self._generation = 0
        self.last_seconds = 0.0
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run)
        self._done = _Done(self)
        self._done.finished.connect(self._on_finished)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

    def request(self) -> None:
        """Evaluate soon (coalescing a burst of keystrokes)."""
        self._timer.start()

    def run(self, *, force_sync: bool = False) -> None:
        self._timer.stop()
        self._generation += 1
        doc = self._document()
        if force_sync or self.last_seconds < UI_THREAD_LIMIT_S:
            self._on_finished(self._generation, evaluate_document(doc))
        else:
            self.pool.start(_Job(self._generation, copy.deepcopy(doc), self._done))

    def wait(self) -> None:
        """Finish pending work now (tests, and before reading derived values)."""
        if self._timer.isActive():
            self.run(force_sync=True)
        self.pool.waitForDone()
        QCoreApplication.processEvents()

    def _on_finished(self, generation: int, feedback: Feedback) -> None:
        self.last_seconds = feedback.seconds
        if generation == self._generation:
            self._apply(feedback)
