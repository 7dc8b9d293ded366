"""Opening a folder whose search index was built with another index version: the app rebuilds
it before the window opens, off the UI thread with a progress dialog, and the search box then
finds what the new facet indexes."""

from __future__ import annotations

import threading

import pytest

from core.paths import data_paths
from gui import app
from tests.core.search.test_index_version import FOUND, old_index
from tests.gui.test_search_panel import search_for, shown_ids


@pytest.fixture
def rebuilt(data_home):
    """The casebook as the app opens it, with what its index rebuild did."""
    old_index(data_home)
    casebook = app.open_services(data_paths(data_home))
    assert casebook is not None and casebook.search.index_outdated()  # left to the app
    seen: dict[str, list] = {"threads": [], "progress": []}
    real = casebook.search.reindex

    def reindex(on_progress=None):
        seen["threads"].append(threading.current_thread() is threading.main_thread())
        return real(lambda done, total: (seen["progress"].append((done, total)),
                                         on_progress(done, total)))

    casebook.search.reindex = reindex
    app.refresh_search_index(casebook)
    casebook.search.reindex = real
    yield casebook, seen
    casebook.close()


@pytest.fixture
def casebook(rebuilt):
    return rebuilt[0]


def test_the_app_rebuilds_an_outdated_index_off_the_ui_thread(qtbot, rebuilt, window):
    casebook, seen = rebuilt
    assert seen["threads"] == [False]  # the work ran on a worker thread
    assert seen["progress"][-1] == (7, 7)
    assert not casebook.search.index_outdated()
    search_for(qtbot, window, "cnsdx:CNS3a")
    assert shown_ids(window.case_model) == FOUND


def test_an_index_up_to_date_is_left_alone(qtbot, casebook, monkeypatch):
    monkeypatch.setattr(casebook.search, "reindex", lambda *_: pytest.fail("rebuilt again"))
    app.refresh_search_index(casebook)
