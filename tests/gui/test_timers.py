"""Test timers end with their test: a poller a test leaves running (a function it passed to
QTimer.singleShot that schedules itself again, waiting for "another dialog may follow") went
on through every later test, and answered their dialogs. It rejected the reason dialog of the
many-locked-cases trash test whenever it looked first, so that test timed out with nothing
trashed, in whole-suite runs only (the poller's test ran earlier in the same process)."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from tests.gui.timers import TestTimers


def test_a_poller_left_running_stops_when_its_test_ends(qtbot, monkeypatch):
    timers = TestTimers(monkeypatch)  # as the autouse fixture does for each test
    calls = []

    def poll():  # as a test's dialog poller: looks again and again
        calls.append(1)
        QTimer.singleShot(5, poll)

    QTimer.singleShot(0, poll)
    qtbot.waitUntil(lambda: len(calls) >= 3)
    timers.end()  # the test is over
    after_end = len(calls)
    qtbot.wait(100)
    assert len(calls) <= after_end + 1  # at most the call already due when it ended


def test_the_app_s_own_timers_are_left_alone(qtbot, monkeypatch):
    timers = TestTimers(monkeypatch)
    fired = []

    def later():
        fired.append(1)

    later.__module__ = "gui.background"  # as a function of the app's
    timers.end()
    QTimer.singleShot(0, later)
    qtbot.waitUntil(lambda: fired == [1])
