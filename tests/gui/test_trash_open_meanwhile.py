"""A case opened while a selection is being moved to the trash (in the 400 ms before the
progress dialog blocks the window) stayed editable once the trash finished, though the
database had it in the trash: every Save, Complete or Lock was then refused (a review). Now it
turns read-only in the trash when the move finishes, with what was typed kept as a draft."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from core.model import Case
from core.store import repository as repo
from tests.gui.conftest import draft_keys, press, type_title
from tests.gui.test_trash_locked import select, trash_written


def test_a_case_opened_during_the_trash_is_read_only_in_the_trash_after_it(
        qtbot, casebook, window, prompter, monkeypatch):
    ids = [f"SYN-R{i:03d}" for i in range(20)]
    casebook.cases.import_cases([Case(case_id=i, case_report={"title": f"C{i}"}) for i in ids])
    window.case_model.reload()
    go = threading.Event()
    write = repo.set_trashed

    def held(conn, case_id, when, now):  # the trash writes until the test lets it go on
        go.wait(10)
        write(conn, case_id, when, now)

    monkeypatch.setattr(repo, "set_trashed", held)
    table = window.case_list.table
    table.setFocus()
    table.selectAll()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    qtbot.wait(50)  # before the progress dialog: the user opens one of the selected cases
    table.clearSelection()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.case_id() is not None)
    opened = window.session.case_id()
    assert opened in ids and not window.editor.is_read_only()
    type_title(qtbot, window, "Typed while it was moved")
    go.set()
    trash_written(qtbot, window)

    assert casebook.cases.is_trashed(opened)
    assert window.session.trashed and window.session.read_only()
    assert window.editor.is_read_only()
    assert "In the trash" in window.case_banner.message.text()
    assert not window.commands.mark_complete.isEnabled()
    assert not window.commands.lock.isEnabled()
    assert f"{opened}, open, is read-only in the trash" in window.statusBar().currentMessage()
    assert opened in draft_keys(casebook)  # what was typed is kept
    draft = next(d for d in casebook.drafts.list_drafts() if d.key == opened)
    assert draft.case.case_report.title == "Typed while it was moved"
    window.activateWindow()  # the progress dialog had it: the user clicks into the window
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, window, "Ctrl+S")  # says why nothing is saved; no error box
    qtbot.waitUntil(lambda: "is in the trash: File › Restore from trash to edit and save it"
                    in window.statusBar().currentMessage())
    assert not prompter.calls("error")

    window.case_list.trash_toggle.setChecked(True)  # "Show trash"
    qtbot.waitUntil(lambda: window.case_model.row_of(opened) >= 0)
    select(window, opened)
    window.commands.restore.trigger()  # File › Restore from trash: the typing can be saved
    trash_written(qtbot, window)
    assert not window.editor.is_read_only()
    press(qtbot, window, "Ctrl+S")  # right after, or once a background write is done
    qtbot.waitUntil(lambda: casebook.cases.open_case(opened).case_report.title
                    == "Typed while it was moved")
    assert not prompter.calls("error")
