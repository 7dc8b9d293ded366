"""Moving many cases to the trash writes them in one transaction in the background, holding the
database's writer lock (~0.9 s for 1,000 cases here). The autosave and Save (Ctrl+S) of the
open case waited on it on the UI thread, the window frozen meanwhile (a review). Now the
autosave is tried again once the write is done, and Ctrl+S says it waits and saves after."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QItemSelectionModel

from core.model import Case
from core.store import repository as repo
from tests.gui.conftest import open_from_list, press, type_title
from tests.gui.test_trash_locked import trash_written

IDS = [f"SYN-W{i:03d}" for i in range(12)]


def trash_the_others_held(qtbot, casebook, window, monkeypatch) -> threading.Event:
    """SYN-W000 open; Delete on the others, their write held until the event is set."""
    casebook.cases.import_cases([Case(case_id=i, case_report={"title": f"T{i}"}) for i in IDS])
    window.case_model.reload()
    open_from_list(qtbot, window, IDS[0])
    qtbot.waitUntil(lambda: window.session.case_id() == IDS[0])
    go = threading.Event()
    write = repo.set_trashed

    def held(conn, case_id, when, now):
        go.wait(4)
        write(conn, case_id, when, now)

    monkeypatch.setattr(repo, "set_trashed", held)
    type_title(qtbot, window, "Typed before the trash")
    table = window.case_list.table
    table.clearSelection()
    selection = table.selectionModel()
    for case_id in IDS[1:]:
        row = window.case_model.row_of(case_id)
        selection.select(window.case_model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    window.commands.trash.trigger()  # File › Move to trash
    qtbot.waitUntil(lambda: window.casebook.ctx.db.writing_elsewhere())
    return go


def test_the_autosave_does_not_wait_for_the_trash(qtbot, casebook, window, prompter,
                                                  monkeypatch):
    go = trash_the_others_held(qtbot, casebook, window, monkeypatch)
    started = time.monotonic()
    qtbot.wait(1500)  # the autosave falls due (1 s) while the trash still writes
    assert time.monotonic() - started < 2.5  # the window was not frozen on the lock
    assert not casebook.drafts.list_drafts()
    go.set()
    trash_written(qtbot, window)
    qtbot.waitUntil(lambda: bool(casebook.drafts.list_drafts()))  # written once it is done
    draft = casebook.drafts.list_drafts()[0]
    assert (draft.key, draft.case.case_report.title) == (IDS[0], "Typed before the trash")
    assert all(casebook.cases.is_trashed(i) for i in IDS[1:])
    assert not prompter.calls("error")


def test_save_waits_for_the_trash_and_saves_after_it(qtbot, casebook, window, prompter,
                                                     monkeypatch):
    go = trash_the_others_held(qtbot, casebook, window, monkeypatch)
    window.editor.focus_path("case_report.title")
    started = time.monotonic()
    press(qtbot, window, "Ctrl+S")
    assert time.monotonic() - started < 1  # not frozen on the lock
    assert window.statusBar().currentMessage().startswith("Waiting for the cases being written")
    assert casebook.cases.open_case(IDS[0]).version == 1  # not yet
    go.set()
    trash_written(qtbot, window)
    qtbot.waitUntil(lambda: casebook.cases.open_case(IDS[0]).version == 2)
    assert casebook.cases.open_case(IDS[0]).case_report.title == "Typed before the trash"
    assert not window.session.is_dirty()
    assert all(casebook.cases.is_trashed(i) for i in IDS[1:])
    assert not prompter.calls("error")
