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
