"""A case opened while a selection is being moved to the trash (in the 400 ms before the
progress dialog blocks the window) stayed editable once the trash finished, though the
database had it in the trash: every Save, Complete or Lock was then refused (a review). Now it
turns read-only in the trash when the move finishes, with what was typed kept as a draft."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.model import Case
from core.store import repository as repo
from gui import progress
from tests.gui.conftest import draft_keys, focus_field, press, type_title
from tests.gui.editor.keyboard import Typist
from tests.gui.test_trash_locked import select, trash_written


def _open_one_while_moving(qtbot, casebook, window, monkeypatch) -> tuple[threading.Event, str]:
    """Move 20 cases to the trash, and open one of them before the move is written (until
    the returned event is set); the case opened."""
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
    return go, opened


def _restore(qtbot, window, opened: str) -> None:
    """Show trash, select the case, File › Restore from trash."""
    window.case_list.trash_toggle.setChecked(True)  # "Show trash"
    qtbot.waitUntil(lambda: window.case_model.row_of(opened) >= 0)
    select(window, opened)
    window.commands.restore.trigger()
    trash_written(qtbot, window)
    assert not window.editor.is_read_only()


def test_a_case_opened_during_the_trash_is_read_only_in_the_trash_after_it(
        qtbot, casebook, window, prompter, monkeypatch):
    go, opened = _open_one_while_moving(qtbot, casebook, window, monkeypatch)
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

    _restore(qtbot, window, opened)  # the typing can be saved
    press(qtbot, window, "Ctrl+S")  # right after, or once a background write is done
    qtbot.waitUntil(lambda: casebook.cases.open_case(opened).case_report.title
                    == "Typed while it was moved")
    assert not prompter.calls("error")


def _moved(qtbot, window, go: threading.Event, dialog: bool) -> None:
    """Let the move be written, the progress dialog shown first (over the window, which
    loses the focus) or not (a quick move: the field keeps the cursor)."""
    if dialog:
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    go.set()
    trash_written(qtbot, window)
    assert window.session.trashed and window.editor.is_read_only()
    window.activateWindow()  # after the dialog: the user clicks into the window
    qtbot.waitUntil(window.isActiveWindow)


def _draft_of(casebook, case_id: str) -> Case:
    return next(d for d in casebook.drafts.list_drafts() if d.key == case_id).case


@pytest.mark.parametrize("dialog", [False, True], ids=["quick", "dialog"])
def test_a_date_typed_without_leaving_the_field_is_kept_when_the_case_turns_read_only(
        qtbot, casebook, window, prompter, monkeypatch, dialog):
    """A date is stored when its field is left, and a read-only form stores nothing: the
    date typed before the case turns read-only is in the case and the draft, and is saved
    after Restore (tests/gui/editor/test_read_only_commits_typing.py: the editor's part)."""
    if not dialog:
        monkeypatch.setattr(progress, "SHOW_AFTER_MS", 60_000)
    go, opened = _open_one_while_moving(qtbot, casebook, window, monkeypatch)
    field = focus_field(window, "case_report.day0")
    qtbot.keyClicks(field, "2023-04-18")  # no Tab: the cursor stays in the field
    _moved(qtbot, window, go, dialog)

    assert field.text() == "2023-04-18" and field.isReadOnly()
    assert str(window.editor.current_case().case_report.day0) == "2023-04-18"
    assert str(_draft_of(casebook, opened).case_report.day0) == "2023-04-18"
    _restore(qtbot, window, opened)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: str(casebook.cases.open_case(opened).case_report.day0)
                    == "2023-04-18")
    assert not prompter.calls("error")


@pytest.mark.parametrize("dialog", [False, True], ids=["quick", "dialog"])
def test_a_half_typed_table_cell_is_kept_and_closed_when_the_case_turns_read_only(
        qtbot, casebook, window, prompter, monkeypatch, dialog):
    if not dialog:
        monkeypatch.setattr(progress, "SHOW_AFTER_MS", 60_000)
    go, opened = _open_one_while_moving(qtbot, casebook, window, monkeypatch)
    panel = Typist(qtbot, window.editor).go_to_section("Labs").tables["labs"]
    view = panel.view
    view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")  # Add row
    view.setCurrentIndex(view.view_index(0, panel.table_model.column_of("day")))
    for char in "2023-09-25":
        qtbot.keyClicks(QApplication.focusWidget(), char)
    assert view.state() == view.State.EditingState
    _moved(qtbot, window, go, dialog)

    # closed as Tab closes it (with no dialog, it stayed open, read-only, over the cell)
    assert view.state() != view.State.EditingState
    assert view.currentIndex().data() == "2023-09-25"
    assert str(window.editor.current_case().labs[0].day) == "2023-09-25"
    assert str(_draft_of(casebook, opened).labs[0].day) == "2023-09-25"
    _restore(qtbot, window, opened)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: [str(lab.day) for lab in casebook.cases.open_case(opened).labs]
                    == ["2023-09-25"])
    assert not prompter.calls("error")
