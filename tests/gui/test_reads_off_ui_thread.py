"""Reads that once ran on the UI thread run on a worker: File › Export dataset… counts the
cases the search finds, the case banner reads who marked the case complete. What the user sees
is the same: the dialog with its count, the banner with 'by ... on ...' (qtbot.waitUntil)."""

from __future__ import annotations

import threading

from tests.gui.conftest import open_from_list
from tests.gui.test_complete_lock import C1, reopened
from tests.gui.test_dataset_export import open_dialog


def _recording(owner, name: str, threads: list[threading.Thread]):
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)
    return wrapper


def test_export_dialog_counts_the_search_off_the_ui_thread(qtbot, stored_references,
                                                          make_window, monkeypatch):
    from tests.gui.test_search_panel import search_for

    window = make_window()
    search_for(qtbot, window, "blinatumomab sex:m")
    threads: list[threading.Thread] = []
    search = window.dataset_exports.casebook.search
    monkeypatch.setattr(search, "count", _recording(search, "count", threads))
    dialog = open_dialog(qtbot, window)
    assert "(1)" in dialog.found_cases.text() and dialog.found_cases.isEnabled()
    assert threads and threading.main_thread() not in threads


def test_a_refused_query_still_opens_after_the_count(qtbot, stored_references, make_window):
    from tests.gui.test_search_panel import search_for

    window = make_window()
    search_for(qtbot, window, "co* re* pa* le* di*")  # refused by the search's bounds
    dialog = open_dialog(qtbot, window)
    assert not dialog.found_cases.isEnabled() and dialog.all_cases.isChecked()


def test_banner_reads_the_audit_trail_off_the_ui_thread(qtbot, stored_references, casebook,
                                                         make_window, monkeypatch):
    case = reopened(casebook)
    casebook.cases.set_status(C1, "complete", case.version)  # an audit row 'complete'
    window = make_window()
    threads: list[threading.Thread] = []
    audit = window.case_status.audit
    monkeypatch.setattr(audit, "entries", _recording(audit, "entries", threads))
    open_from_list(qtbot, window, C1)
    banner = window.case_banner
    assert banner.isVisible() and "✓ Complete" in banner.message.text()
    qtbot.waitUntil(lambda: "marked complete by dr.test on" in banner.message.text())
    assert threads and threading.main_thread() not in threads
    assert banner.lock_button.isVisible() and not banner.amend_button.isVisible()
