"""Moving many locked cases to the trash: the reason dialog's check loaded every selected
case whole on the UI thread (~4 ms a case) each time OK was clicked, so a thousand froze the
window for seconds. Their identifiers are now read in the background first, with a busy
indicator, while the window keeps answering; the dialog's check reads nothing, and still
refuses a reason naming any of their patients."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QProgressDialog
from pytestqt.exceptions import TimeoutError as QtTimeout

from core.model import Case
from core.services.reason_rules import NAMES_PATIENT
from core.store import repository as repo
from gui.dialogs.status_dialogs import ReasonDialog
from tests.core.test_reason_rules import stored
from tests.gui.conftest import audit_rows
from tests.gui.test_reason_names_patient import RealReasonDialog
from tests.gui.test_trash_locked import trash_written, trashed_ids

COUNT = 40


def locked_cases() -> list[Case]:
    return [Case(case_id=f"SYN-L{i:05d}", status="locked",
                 case_report={"title": f"Case {i:05d}"},
                 patient={"name": f"Patient Number{i}", "record_number": f"MRN-{i:05d}"})
            for i in range(COUNT)]


def test_trashing_many_locked_cases_reads_them_in_the_background(
        qtbot, casebook, make_window, monkeypatch):
    casebook.cases.import_cases(locked_cases())
    ids = [f"SYN-L{i:05d}" for i in range(COUNT)]
    window = make_window(prompter=RealReasonDialog())
    window.case_model.reload()
    reads: list[tuple[str, bool, bool]] = []  # (what, on the UI thread, dialog open)
    in_dialog = [False]
    documents, load_case = repo.load_documents, repo.load_case

    def read_documents(conn, case_ids):
        reads.append(("documents", _on_ui_thread(), in_dialog[0]))
        time.sleep(0.8)  # as a large selection takes: the window says it is busy
        return documents(conn, case_ids)

    def read_case(conn, case_id):
        reads.append(("case", _on_ui_thread(), in_dialog[0]))
        return load_case(conn, case_id)

    monkeypatch.setattr(repo, "load_documents", read_documents)
    monkeypatch.setattr(repo, "load_case", read_case)
    before = stored(casebook)
    busy: list[tuple[str, bool]] = []
    seen = []
    polled: list[str] = []
    stages = _stages(monkeypatch, window)

    def user():
        modal = QApplication.activeModalWidget()
        polled.append(type(modal).__name__)
        if isinstance(modal, QProgressDialog):
            busy.append((modal.labelText(), modal.isVisible()))
        if not isinstance(modal, ReasonDialog):  # not shown yet: look again (the window
            QTimer.singleShot(20, user)  # answers meanwhile)
            return
        in_dialog[0] = True
        ok = modal.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.keyClicks(modal.field, "Signed twice, see patient number39")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen.append((modal.isVisible(), modal.problem.text(), modal.field.text(),
                     stored(casebook) == before))
        modal.field.selectAll()
        qtbot.keyClicks(modal.field, "Signed twice by mistake")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        in_dialog[0] = False

    table = window.case_list.table
    _active(qtbot, window)  # Delete is a window shortcut: dead while another window is active
    table.setFocus()
    table.selectAll()
    QTimer.singleShot(0, user)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    try:
        qtbot.waitUntil(lambda: set(ids) <= trashed_ids(casebook), timeout=30000)
    except QtTimeout as exc:  # which step never came: what to look at
        raise AssertionError(repr(dict(
            stages=stages, reads=reads, modal_seen=sorted(set(polled)), seen=seen,
            active=QApplication.activeWindow(), modal=QApplication.activeModalWidget(),
            reading=window.property("trashReadingLocked")))) from exc
    trash_written(qtbot, window)  # committed in the background, then told on the UI thread
    assert ("Reading the locked cases…", True) in busy
    assert [r for r in reads if r[2]] == []  # the dialog's check read nothing
    assert reads[0] == ("documents", False, False)  # read once, in the background
    [(visible, problem, typed, unchanged)] = seen
    assert visible and unchanged
    assert problem == NAMES_PATIENT
    assert typed == "Signed twice, see patient number39"
    assert all(audit_rows(casebook, case_id)[-1]["reason"] == "Signed twice by mistake"
               for case_id in ids)
    assert window.statusBar().currentMessage().startswith(f"Moved {COUNT} cases to the trash")


def _stages(monkeypatch, window) -> list[tuple[float, str]]:
    """What the app did, and when: said when the test times out (it did, in whole-suite
    runs only, with nothing trashed: a poller another test left running had answered the
    reason dialog, see tests/gui/test_timers.py)."""
    import gui.window_wiring as wiring

    stages: list[tuple[float, str]] = []
    began = time.perf_counter()

    def note(what: str) -> None:
        stages.append((round(time.perf_counter() - began, 3), what))

    trash, runner_start = wiring.move_to_trash, window.runner.start
    cases_trash = window.casebook.cases.trash_cases

    def move_to_trash(w):
        note(f"Delete: {len(w.case_list.selected_ids())} selected, "
             f"reading={w.property('trashReadingLocked')}")
        return trash(w)

    def start(work, **kwargs):
        note(f"task {getattr(work, '__qualname__', work)}")
        task = runner_start(work, **kwargs)
        task.signals.finished.connect(lambda _r: note("task finished"))
        task.signals.failed.connect(lambda message: note(f"task failed: {message}"))
        return task

    def trash_cases(*args, **kwargs):
        note("trash_cases")
        try:
            return cases_trash(*args, **kwargs)
        finally:
            note("trash_cases ended")

    monkeypatch.setattr(wiring, "move_to_trash", move_to_trash)
    monkeypatch.setattr(window.runner, "start", start)
    monkeypatch.setattr(window.casebook.cases, "trash_cases", trash_cases)
    return stages


def _active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _on_ui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_delete_again_while_they_are_read_asks_once(qtbot, casebook, window, prompter,
                                                    monkeypatch):
    casebook.cases.import_cases(locked_cases())
    window.case_model.reload()
    documents = repo.load_documents

    def slow(conn, case_ids):
        time.sleep(0.6)
        return documents(conn, case_ids)

    monkeypatch.setattr(repo, "load_documents", slow)
    prompter.script("ask_reason", "Signed twice by mistake")
    table = window.case_list.table
    _active(qtbot, window)
    table.setFocus()
    table.selectAll()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # impatient: the window still answers keys
    qtbot.waitUntil(lambda: {f"SYN-L{i:05d}" for i in range(COUNT)} <= trashed_ids(casebook))
    qtbot.wait(900)  # a second read would have ended by now
    assert len(prompter.calls("ask_reason")) == 1
    assert not prompter.calls("error")
    assert [row["action"] for row in audit_rows(casebook, "SYN-L00000")][-1] == "trash"
    assert sum(row["action"] == "trash" for row in audit_rows(casebook, "SYN-L00000")) == 1
