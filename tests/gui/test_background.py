"""The background helper: results, progress and failures come back on the UI thread."""

from __future__ import annotations

import threading

import pytest

from core.errors import StorageError
from gui.background import BackgroundRunner


def run(qtbot, work):
    """Start ``work``; wait for its end; return what the completion slots received."""
    runner = BackgroundRunner()
    ui_thread = threading.get_ident()
    got: dict[str, list] = {"progress": [], "done": [], "failed": []}
    task = runner.start(
        work,
        on_progress=lambda d, t: got["progress"].append((d, t, threading.get_ident() == ui_thread)),
        on_done=lambda result: got["done"].append((result, threading.get_ident() == ui_thread)),
        on_failed=lambda message: got["failed"].append(message))
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    return got, task


def test_result_and_progress_arrive_on_the_ui_thread(qtbot):
    def work(progress):
        progress(1, 2)
        return threading.get_ident()

    got, _task = run(qtbot, work)
    assert got["progress"] == [(1, 2, True)]
    [(worker_thread, on_ui_thread)] = got["done"]
    assert on_ui_thread and worker_thread != threading.get_ident()


def test_expected_failures_keep_their_message(qtbot):
    def work(_progress):
        raise StorageError("The disk is full: nothing was saved.")

    got, task = run(qtbot, work)
    assert got["failed"] == ["The disk is full: nothing was saved."]
    assert isinstance(task.error, StorageError)


@pytest.mark.expected_errors("a failing background task is logged")
def test_unexpected_failures_become_a_plain_message(qtbot):
    def work(_progress):
        raise KeyError("x")

    got, _task = run(qtbot, work)
    assert got["failed"][0].startswith("Unexpected error: KeyError")
    assert "Traceback" not in got["failed"][0]


@pytest.mark.parametrize("fails", [False, True])
def test_work_ending_after_the_app_closed_prints_no_traceback(qtbot, caplog, fails):
    """The app closed (SIGTERM 6 s after start) while a task ran: its signals object was
    deleted, and the task's end printed 'RuntimeError: Signal source has been deleted' with a
    traceback on stderr. It is logged as an outcome nobody is shown."""
    import logging

    import shiboken6

    from gui.background import Task

    def work(_progress):
        if fails:
            raise StorageError("the disk is full")
        return 42

    task = Task(work)
    shiboken6.delete(task.signals)  # as the app's end deletes it
    with caplog.at_level(logging.INFO, logger="casebook"):
        task.run()  # raised RuntimeError
    assert task.ended.is_set()
    assert "ended after the app closed" in caplog.text
