"""Move to trash on many locked cases: after the reason, the app trashed them one by one on
the UI thread, a transaction and a whole-case load each (~300 cases: 1.5 s, 1,000: ~5 s with
the window frozen), and a refusal half-way left the first ones trashed. They now go in one
transaction in the background, with a progress dialog, the window answering meanwhile; a
failure moves none and says so. Restore from trash does the same."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from core.errors import StatusError
from core.model import Case
from core.store import repository as repo
from tests.core.test_reason_rules import stored
from tests.gui.conftest import audit_rows
from tests.gui.test_trash_locked import trash_written, trashed_ids

COUNT = 300
REASON = "Signed twice by mistake"


def locked_cases() -> list[Case]:
    return [Case(case_id=f"SYN-B{i:04d}", status="locked",
                 case_report={"title": f"Case {i:04d}"},
                 patient={"name": f"Patient Number{i}", "record_number": f"MRN-B{i:04d}"})
            for i in range(COUNT)]


class Watch:
    """Holds the first write of a case until the window has shown its progress dialog and
    answered a timer on the UI thread meanwhile; notes which thread wrote."""

    def __init__(self, monkeypatch):
        self.threads: set[bool] = set()  # on the UI thread?
        self.started = threading.Event()
        self.answered = threading.Event()
        self.labels: list[str] = []
        self.fail_at: int | None = None
        self.written = 0
        set_trashed = repo.set_trashed

        def watched(conn, case_id, when, now):
            self.threads.add(threading.current_thread() is threading.main_thread())
            if self.written == 0:
                self.started.set()
                self.answered.wait(10)
            if self.written == self.fail_at:
                raise StatusError("The disk is full.")
            set_trashed(conn, case_id, when, now)
            self.written += 1

        monkeypatch.setattr(repo, "set_trashed", watched)
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        modal = QApplication.activeModalWidget()
        if self.started.is_set() and isinstance(modal, QProgressDialog) and modal.isVisible():
            self.labels.append(modal.labelText())
            self.answered.set()

    def reset(self) -> None:
        self.started.clear()
        self.answered.clear()
        self.written = 0


def select_all_and(qtbot, window, key) -> None:
    table = window.case_list.table
    table.setFocus()
    table.selectAll()
    qtbot.keyClick(table, key)


def test_many_locked_cases_go_to_the_trash_in_the_background(qtbot, casebook, window,
                                                            prompter, monkeypatch):
    casebook.cases.import_cases(locked_cases())
    ids = {f"SYN-B{i:04d}" for i in range(COUNT)}
    window.case_model.reload()
    watch = Watch(monkeypatch)
    prompter.script("ask_reason", REASON)
    select_all_and(qtbot, window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: trashed_ids(casebook) == ids, timeout=20000)
    trash_written(qtbot, window)
    assert watch.threads == {False}  # every case written off the UI thread
    assert watch.answered.is_set() and watch.labels[0] == "Moving to the trash…"
    assert window.case_model.total == 0 and window.case_model.rowCount() == 0
    assert window.statusBar().currentMessage().startswith(f"Moved {COUNT} cases to the trash")
    assert all([(r["action"], r["reason"]) for r in audit_rows(casebook, case_id)][-1] ==
               ("trash", REASON) for case_id in ids)
    assert not prompter.calls("error")

    watch.reset()  # Restore from trash: the same, in the background
    qtbot.mouseClick(window.case_list.trash_toggle, Qt.MouseButton.LeftButton)  # Show trash
    qtbot.waitUntil(lambda: window.case_model.total == COUNT)
    table = window.case_list.table
    table.setFocus()
    table.selectAll()
    window.commands.restore.trigger()
    trash_written(qtbot, window)
    assert watch.threads == {False} and watch.labels[-1] == "Restoring from the trash…"
    assert trashed_ids(casebook) == set()
    assert window.case_model.total == 0  # the trash is empty now
    assert window.statusBar().currentMessage() == f"Restored {COUNT} cases from the trash."


@pytest.mark.expected_errors("a write failing half-way: the message box it shows")
def test_a_failure_half_way_moves_none_and_says_so(qtbot, casebook, window, prompter,
                                                    monkeypatch):
    casebook.cases.import_cases(locked_cases())
    window.case_model.reload()
    before = stored(casebook)
    watch = Watch(monkeypatch)
    watch.fail_at = COUNT // 2
    prompter.script("ask_reason", REASON)
    select_all_and(qtbot, window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(prompter.calls("error")), timeout=20000)
    trash_written(qtbot, window)
    assert watch.written == COUNT // 2  # half were written, then rolled back
    [(message,)] = prompter.calls("error")
    assert message == "No case was moved to the trash: The disk is full."
    assert stored(casebook) == before  # no case trashed, no audit entry
    assert window.case_model.total == COUNT
