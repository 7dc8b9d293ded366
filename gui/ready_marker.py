"""Start-up benchmark hook (``make bench``): with ``CASEBOOK_BENCH_READY_FILE`` set, the app
writes a small JSON marker there once the main window is shown and the case list has painted
its first page: ``{"ready": <time.time()>, "cpu": <process CPU seconds>, "cases": <total>,
"rows": <rows loaded>}``.

The benchmark measures from just before it starts the process to ``ready``; it then reads the
process's memory and ends it with SIGTERM. Without the variable nothing is installed.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

if TYPE_CHECKING:
    from gui.main_window import MainWindow

ENV_VAR = "CASEBOOK_BENCH_READY_FILE"


class _FirstPaint(QObject):
    """Writes the marker after the first paint of the case list (the viewport's rows)."""

    def __init__(self, window: MainWindow, target: Path) -> None:
        super().__init__(window)
        self.window, self.target = window, target
        self.viewport = window.case_list.table.viewport()
        self.viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.viewport and event.type() == QEvent.Type.Paint:
            self.viewport.removeEventFilter(self)
            QTimer.singleShot(0, self._write)  # after this paint has been done
        return False

    def _write(self) -> None:
        model = self.window.case_model
        marker = {"ready": time.time(), "cpu": time.process_time(), "cases": model.total,
                  "rows": model.rowCount()}
        partial = self.target.with_suffix(".part")
        partial.write_text(json.dumps(marker), encoding="utf-8")
        partial.replace(self.target)  # the benchmark never reads half a file


def watch_for_ready(window: MainWindow) -> None:
    """Install the marker writer when the benchmark asked for it (before ``window.show()``)."""
    target = os.environ.get(ENV_VAR)
    if target:
        _FirstPaint(window, Path(target))
