"""A progress dialog shows after SHOW_AFTER_MS (~400 ms) even when its task reports no
progress (Qt's own default would be 4 s), and a task that ends before then shows none. Once
shown, its progress reports run nothing inside them (a shown modal QProgressDialog's setValue
processes events)."""

from __future__ import annotations

import inspect
import os
import threading
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from gui.background import BackgroundRunner
from gui.progress import SHOW_AFTER_MS, TaskProgress, run_with_progress


class _Shown(QObject):
    """Records every progress dialog shown while it is installed on the app."""

    def __init__(self) -> None:
        super().__init__()
        self.at: list[float] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QProgressDialog):
            self.at.append(time.monotonic())
        return False


def _window(qtbot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _watch() -> _Shown:
    shown = _Shown()
    QApplication.instance().installEventFilter(shown)
    return shown


def _visible_dialogs(window: QWidget) -> list[QProgressDialog]:
    return [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_a_silent_long_task_shows_its_dialog_after_about_400_ms(qtbot):
    window = _window(qtbot)
    shown = _watch()
    release = threading.Event()
    ended: list[object] = []
    runner = BackgroundRunner()
    try:
        started = time.monotonic()
        run_with_progress(runner, window, "Working…", lambda _progress: release.wait(30),
                          ended.append, ended.append)
        qtbot.waitUntil(lambda: bool(_visible_dialogs(window)), timeout=1500)
        assert shown.at and shown.at[0] - started >= SHOW_AFTER_MS / 1000 * 0.8
        assert not ended  # the task is still held: the dialog shows while it runs
    finally:
        release.set()
        qtbot.waitUntil(lambda: bool(ended), timeout=10000)
        QApplication.instance().removeEventFilter(shown)
    qtbot.waitUntil(lambda: not _visible_dialogs(window), timeout=2000)
    assert ended == [True]


def test_a_silent_long_controller_task_shows_its_dialog_too(qtbot):
    window = _window(qtbot)
    progress = TaskProgress(window)
    progress.show("Exporting…")
    qtbot.waitUntil(lambda: bool(_visible_dialogs(window)), timeout=1500)
    progress.close()
    qtbot.waitUntil(lambda: not _visible_dialogs(window), timeout=2000)


def test_a_quick_task_never_shows_a_dialog(qtbot):
    window = _window(qtbot)
    shown = _watch()
    ended: list[object] = []
    runner = BackgroundRunner()
    try:
        run_with_progress(runner, window, "Working…", lambda _progress: "quick",
                          ended.append, ended.append)
        qtbot.waitUntil(lambda: bool(ended), timeout=5000)
        qtbot.wait(SHOW_AFTER_MS + 400)  # past the moment a still-pending show would happen
    finally:
        QApplication.instance().removeEventFilter(shown)
    assert ended == ["quick"]
    assert shown.at == []


def _inside_a_progress_report() -> bool:
    """Whether a progress report's slot (gui/progress.py) is on the stack: a shown modal
    QProgressDialog's setValue processes events, running other slots inside it."""
    return any(frame.function in ("on_progress", "update", "report")
               and frame.filename.endswith(os.path.join("gui", "progress.py"))
               for frame in inspect.stack())


def _reporting_once_shown(shown: threading.Event):
    """Work that waits until its dialog shows, then reports 50 steps."""
    def work(progress) -> str:
        assert shown.wait(10)
        for done in range(1, 51):
            progress(done, 50)
        return "done"
    return work


def test_progress_reports_on_a_shown_dialog_run_nothing_inside_them(qtbot):
    window = _window(qtbot)
    shown = threading.Event()
    ended: list[bool] = []
    runner = BackgroundRunner()
    work = _reporting_once_shown(shown)

    def on_done(_result: object) -> None:
        ended.append(_inside_a_progress_report())

    run_with_progress(runner, window, "Working…", work, on_done, ended.append)
    qtbot.waitUntil(lambda: bool(_visible_dialogs(window)), timeout=1500)
    shown.set()
    qtbot.waitUntil(lambda: bool(ended), timeout=10000)
    assert ended == [False]


def test_a_controllers_progress_reports_run_nothing_inside_them(qtbot):
    window = _window(qtbot)
    progress = TaskProgress(window)
    shown = threading.Event()
    ended: list[bool] = []
    runner = BackgroundRunner()
    work = _reporting_once_shown(shown)

    def on_done(_result: object) -> None:
        progress.close()
        ended.append(_inside_a_progress_report())

    progress.show("Exporting…")
    runner.start(work, on_progress=progress.update, on_done=on_done)
    qtbot.waitUntil(lambda: bool(_visible_dialogs(window)), timeout=1500)
    shown.set()
    qtbot.waitUntil(lambda: bool(ended), timeout=10000)
    assert ended == [False]
