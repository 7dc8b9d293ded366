"""casebook.log keeps no patient text from background work that ends after the window closed
(stranger test, a data manager quitting with a search in the list): the background helper
logged the task's whole result, so a search for a patient's name, its hits' titles and
snippets were written to the log in clear (`query='Li Mei' ... hits=[CaseHit(... title=...`).
The log now gives the result's type and its numbers only. A task failing after the close
logged its message ("'mei*' is too broad…" quotes the search), and an unexpected error its
message and traceback text: now their type, and for an unexpected one the code it went
through (file, line, function), found in review of 5a6bb24."""

from __future__ import annotations

import re
import threading

import pytest
from PySide6.QtWidgets import QApplication

from core.model import Case
from core.search.query import QueryError
from tests.gui.conftest import press

NAME = "Li Mei"
TITLE = "Li Mei, marrow relapse after blinatumomab"
NAME_WORDS = re.compile(r"\b(li|mei)\b", re.IGNORECASE)


def _search_held_past_the_close(qtbot, window, casebook, monkeypatch, text, fail=None) -> str:
    """``text`` typed in the filter box; its search held until the window closed, then run
    (or ``fail``ing with the error it makes); casebook.log read."""
    model = window.case_model
    real = model.search_service.search
    started, release = threading.Event(), threading.Event()

    def held_search(typed, *args, **kwargs):
        if typed.strip() == text:  # the patient's name searched for: held until the close
            started.set()
            release.wait(10)
            if fail is not None:
                raise fail(typed)
        return real(typed, *args, **kwargs)

    monkeypatch.setattr(model.search_service, "search", held_search)
    press(qtbot, window, "Ctrl+F")
    qtbot.keyClicks(window.case_list.filter_box, text)
    qtbot.waitUntil(started.is_set, timeout=10000)
    threading.Timer(0.3, release.set).start()  # the close waits for the search, then it ends
    assert window.close()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    QApplication.processEvents()  # the search's outcome arrives after the close
    return casebook.paths.log_file.read_text(encoding="utf-8")


def test_a_search_ending_after_the_close_logs_no_query_and_no_title(
        qtbot, window, casebook, monkeypatch):
    casebook.cases.import_cases([Case(case_id="SYN-LOG-00001", case_report={"title": TITLE})])
    assert casebook.search.search(NAME).total == 1  # the name finds the case
    log = _search_held_past_the_close(qtbot, window, casebook, monkeypatch, NAME)
    assert "ended after the window was closed: SearchResult(total=1" in log
    assert NAME_WORDS.search(log) is None, NAME_WORDS.search(log)
    assert "blinatumomab" not in log and "marrow relapse" not in log


def test_a_search_failing_after_the_close_logs_its_type_not_its_words(
        qtbot, window, casebook, monkeypatch):
    def too_broad(typed):  # as core.search.expansion says it
        return QueryError(f"'{typed}' is too broad: it starts too many words")

    log = _search_held_past_the_close(qtbot, window, casebook, monkeypatch, "mei*", too_broad)
    assert "failed after the window was closed: QueryError" in log
    assert "too broad" not in log
    assert NAME_WORDS.search(log) is None, NAME_WORDS.search(log)


@pytest.mark.expected_errors("a search failing with an unexpected error, on purpose")
def test_an_unexpected_failure_logs_its_type_and_places_not_its_text(
        qtbot, window, casebook, monkeypatch):
    def broken(typed):
        return RuntimeError(f"no index row for {typed!r}")

    log = _search_held_past_the_close(qtbot, window, casebook, monkeypatch, NAME, broken)
    line = next(line for line in log.splitlines() if " ERROR " in line)
    assert "failed: RuntimeError at tests/gui/test_log_keeps_no_text.py:" in line
    assert "in held_search" in line  # where it failed, for the developer
    assert "failed after the window was closed: RuntimeError" in log
    assert NAME_WORDS.search(log) is None, NAME_WORDS.search(log)
    assert "no index row" not in log and "Traceback" not in log


def test_the_log_tells_a_full_disk_from_a_locked_database_without_their_text():
    """Review of 3d44c44: 'database or disk is full' and 'database is locked' logged alike
    (the type only), and a full disk as a bare OSError. The codes hold no user text."""
    import errno
    import sqlite3

    from gui.background import _where

    full = OSError(errno.ENOSPC, "No space left on device", "/home/li.mei/Documents/x.pdf")
    assert _where(full).startswith("OSError [ENOSPC]") and "li.mei" not in _where(full)
    try:
        sqlite3.connect(":memory:").execute("SELECT * FROM 'Li Mei'")  # no such table
    except sqlite3.OperationalError as exc:
        said = _where(exc)
    else:
        raise AssertionError("no error")
    assert said.startswith("sqlite3.OperationalError [SQLITE_ERROR]"), said
    assert "Mei" not in said
