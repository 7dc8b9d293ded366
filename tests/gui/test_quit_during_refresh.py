"""A quit while work runs behind a progress dialog (``run_and_wait``): the nested event loop
ends with the app's, but the call still returns only once its task has ended, so nothing is
closed under a running worker. At start-up the search index rebuild is asked to stop (rolled
back: the index stays outdated and is rebuilt at the next start), the services are released
and the app ends cleanly (exit 0, no error, the folder's lock released)."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from core.lock import DataFolderLock
from core.paths import DataPaths
from core.search.index import INDEX_VERSION
from core.services import Casebook
from core.services.search import SearchService
from gui import app
from gui.main_window import MainWindow
from gui.progress import run_and_wait
from tests.core.search.test_index_version import old_index, stored_version

STOP_WAIT_S = 10  # how long the slowed rebuild waits to be told to stop


def in_app_exec(qapp, body) -> None:
    """``body()`` inside the application's own event loop, where a quit ends every loop (as
    in the app); that loop's end also resets Qt's quit for the next tests."""
    QTimer.singleShot(0, body)
    with safety_net():
        qapp.exec()
    # A quit still queued (Qt's quit when the last window closed) spent after the loop would
    # leave Qt quitting: every later event loop (qtbot.wait) would end at once, and queued
    # signals of later tests would never arrive. Spend it, then one loop resets Qt's quit.
    QApplication.processEvents()
    QTimer.singleShot(0, QApplication.quit)
    qapp.exec()


@contextmanager
def safety_net() -> Iterator[None]:
    """The app's loop ends within 30 s whatever happens (stopped after: no later test's)."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(QApplication.quit)
    timer.start(30_000)
    try:
        yield
    finally:
        timer.stop()


def test_run_and_wait_returns_only_once_its_task_has_ended_after_a_quit(qtbot, qapp):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    seen: list[object] = []

    def slow(_progress) -> int:
        time.sleep(0.8)
        seen.append("task ended")
        return 42

    def body() -> None:
        QTimer.singleShot(100, QApplication.quit)  # Ctrl+Q / the quit command meanwhile
        seen.append(run_and_wait("Working…", slow, window))

    in_app_exec(qapp, body)
    assert seen == ["task ended", 42]


def test_a_stoppable_task_is_stopped_by_a_quit(qtbot, qapp):
    from gui.progress import Interrupted

    reports: list[int] = []

    def long(progress) -> str:
        for step in range(200):
            progress(step, 200)
            reports.append(step)
            time.sleep(0.05)
        return "finished"

    def body() -> None:
        QTimer.singleShot(150, QApplication.quit)
        try:
            reports.append(run_and_wait("Working…", long, None, stop_on_quit=True))
        except Interrupted:
            reports.append(-1)

    in_app_exec(qapp, body)
    assert reports[-1] == -1 and 0 < len(reports) < 100  # stopped, long before its end


@pytest.fixture
def outdated(data_home) -> DataPaths:
    """An ordinary folder whose search index was built with another index version."""
    old_index(data_home)
    return DataPaths(data_home)


@pytest.mark.parametrize("how", ["quit command", "window closed"])
def test_a_quit_during_the_start_up_index_rebuild_ends_cleanly(qtbot, qapp, outdated,
                                                                monkeypatch, how):
    """The rebuild (slowed here) is running behind its progress dialog when the user quits:
    no error, the rebuild stops before the services close, the services are released (not
    attached, no backup), exit 0, the lock released, and the index still outdated."""
    events: list[str] = []
    started = threading.Event()
    real_reindex, real_close = SearchService.reindex, Casebook.close

    def slow_reindex(self, on_progress=None):
        def held(done: int, total: int) -> None:  # after the first batch, in the transaction
            started.set()
            for _ in range(int(STOP_WAIT_S / 0.05)):
                on_progress(done, total)  # raises once the quit asked the rebuild to stop
                time.sleep(0.05)

        try:
            return real_reindex(self, held)
        finally:
            events.append("rebuild ended")

    def quit_once_started() -> None:
        if not started.is_set():
            QTimer.singleShot(20, quit_once_started)
            return
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        events.append("quit")
        if how == "quit command":
            app.on_command(window, "quit")
        else:
            window.close()

    real_exec = QApplication.exec

    def exec_(qapp_) -> int:
        QTimer.singleShot(0, quit_once_started)
        with safety_net():
            return real_exec()

    monkeypatch.setattr(SearchService, "reindex", slow_reindex)
    monkeypatch.setattr(Casebook, "close", lambda self: events.append("closed")
                        or real_close(self))
    monkeypatch.setattr(QApplication, "exec", exec_)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        code = app.main(["--data-dir", str(outdated.root)])
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert code == 0
    assert events == ["quit", "rebuild ended", "closed"]  # closed once, after the worker
    log = outdated.log_file.read_text(encoding="utf-8")
    assert "the search index rebuild stopped" in log and "casebook-gui ready" not in log
    assert "closing them" in log  # release_services: nothing attached to the closed window
    assert not list(outdated.backups.glob("*.zip"))
    assert stored_version(outdated.root) == "0" != str(INDEX_VERSION)  # rebuilt next time
    DataFolderLock(outdated, app.GUI_KIND).acquire().release()  # main released it


def test_a_rebuild_that_committed_as_the_app_quit_is_logged_as_done(casebook, qtbot, qapp,
                                                                    caplog, monkeypatch):
    """The quit comes while the rebuild's last step runs (no progress report after it): it
    commits, and the log says so, not that it stopped and is done at the next start."""
    import logging

    from PySide6.QtCore import QMetaObject, Qt

    monkeypatch.setattr(SearchService, "index_outdated", lambda self: True)
    real = SearchService.reindex
    committed: list[int] = []

    def slow(self, on_progress=None):
        count = real(self, on_progress)  # committed
        committed.append(count)
        QMetaObject.invokeMethod(qapp, "quit", Qt.ConnectionType.QueuedConnection)
        time.sleep(0.5)  # the quit comes now, before the task's end reaches the UI thread
        return count

    monkeypatch.setattr(SearchService, "reindex", slow)

    def body() -> None:
        app.refresh_search_index(casebook)

    with caplog.at_level(logging.INFO):
        in_app_exec(qapp, body)
    messages = [r.getMessage() for r in caplog.records]
    assert committed == [casebook.cases.count_cases()]
    assert f"search index rebuilt ({committed[0]} cases) as Casebook quit" in messages
    assert not any("rebuild stopped" in m for m in messages)
