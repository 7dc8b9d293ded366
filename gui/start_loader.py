"""The second step of the start (issue 20): after the window's first paint, a thread imports
SQLAlchemy, pydantic, the services and the window's parts (Python code only: no widget, no
database), while the UI thread goes on answering the user; then ``then`` runs on the UI thread
(it opens the services and hands the window over: ``gui.app.second_step``)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from core.logs import get_logger

# What MainWindow.attach and the app's second step import (the services come with them)
MODULES = ("gui.window_parts", "gui.editor", "gui.dialogs.restore_offer", "gui.progress",
           "gui.dialogs.preferences")
NOT_PAINTED_MS = 1000  # a window never painted (minimised at start) loads all the same
log = get_logger("gui")


class ServiceLoader(QObject):
    imported = Signal()  # emitted by the thread, delivered on the UI thread

    def __init__(self, then: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self.then = then
        self.worker: threading.Thread | None = None
        self.imported.connect(self._on_imported)
        self._viewport: QWidget | None = None

    def start_after_first_paint(self, viewport: QWidget) -> None:
        self._viewport = viewport
        viewport.installEventFilter(self)
        QTimer.singleShot(NOT_PAINTED_MS, self.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._viewport and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.start)  # after this paint has been done
        return False

    def start(self) -> None:
        if self.worker is None:
            self.worker = threading.Thread(target=self._import, name="casebook-start",
                                           daemon=True)
            self.worker.start()

    def _import(self) -> None:
        try:
            for name in MODULES:
                importlib.import_module(name)
        except BaseException:  # noqa: BLE001 - the UI thread imports again and reports it
            log.exception("importing the services in the background failed")
        finally:
            self.imported.emit()

    def _on_imported(self) -> None:
        self.then()

    def wait(self) -> None:
        """At exit: a window closed before the services were ready leaves no thread behind."""
        if self.worker is not None:
            self.worker.join()
