"""casebook.log keeps no patient text from a search that ends after the window closed
(stranger test, a data manager quitting with a search in the list): the background helper
logged the task's whole result, so a search for a patient's name, its hits' titles and
snippets were written to the log in clear (`query='Li Mei' ... hits=[CaseHit(... title=...`).
The log now gives the result's type and its numbers only."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press

NAME = "Li Mei"


def test_a_search_ending_after_the_close_logs_no_query_and_no_title(
        qtbot, window, casebook, monkeypatch):
    model = window.case_model
    real = model.search_service.search
    started, release = threading.Event(), threading.Event()

    def held_search(text, *args, **kwargs):
        if NAME in text:  # the patient's name searched for: held until the window closed
            started.set()
            release.wait(10)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(model.search_service, "search", held_search)
    box = window.case_list.filter_box
    press(qtbot, window, "Ctrl+F")
    qtbot.keyClicks(box, NAME)
    qtbot.waitUntil(started.is_set, timeout=10000)

    threading.Timer(0.3, release.set).start()  # the close waits for the search, then it ends
    assert window.close()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    QApplication.processEvents()  # the search's result arrives after the close
    log = casebook.paths.log_file.read_text(encoding="utf-8")
    assert "ended after the window was closed: SearchResult(total=0" in log
    assert NAME not in log
