"""A disk that is full or a data folder that is read-only: the save fails with a plain message,
the edit stays in the editor (and in the drafts when they can still be written), and saving
again once the disk has room works."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from core.errors import StorageError
from tests.gui.conftest import draft_keys, press, type_title
from tests.sqlite_faults import SqliteFault

DISK_FULL = "The disk is full: nothing was saved. Free some space and save again."
KEPT_IN_DRAFT = ("Your changes are still in the editor and kept as an autosaved draft. Save "
                 "again once the problem is fixed.")


@pytest.fixture
def saved_case(qtbot, window, casebook):
    """A new case saved once as "Saved title", then edited to "Edited title" (not saved)."""
    window.commands.new.trigger()
    type_title(qtbot, window, "Saved title")
    press(qtbot, window, "Ctrl+S")
    case_id = window.session.case_id()
    type_title(qtbot, window, "Edited title")
    return case_id


def assert_edit_kept(window, casebook, case_id: str) -> None:
    assert window.editor.current_case().case_report.title == "Edited title"
    assert window.session.is_dirty() and window.isWindowModified()
    assert casebook.cases.open_case(case_id).title == "Saved title"


def save_again_works(qtbot, window, casebook, case_id: str) -> None:
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(case_id).title == "Edited title"
    assert not window.session.is_dirty() and case_id not in draft_keys(casebook)


@pytest.mark.expected_errors("a full disk makes the save fail with an error")
def test_disk_full_in_the_save_service(qtbot, saved_case, window, casebook, prompter,
                                       monkeypatch):
    def disk_full(*_args, **_kwargs):
        raise StorageError(DISK_FULL)

    monkeypatch.setattr(casebook.cases, "save_case", disk_full)
    press(qtbot, window, "Ctrl+S")
    assert prompter.calls("error") == [(f"{DISK_FULL}\n\n{KEPT_IN_DRAFT}",)]
    assert_edit_kept(window, casebook, saved_case)
    draft = next(d for d in casebook.drafts.list_drafts() if d.key == saved_case)
    assert draft.case.case_report.title == "Edited title"
    monkeypatch.undo()
    save_again_works(qtbot, window, casebook, saved_case)


@pytest.mark.expected_errors("a full disk makes the save fail with an error")
def test_disk_full_in_the_database_connection(qtbot, saved_case, window, casebook, prompter):
    fault = SqliteFault(casebook.ctx.db.engine, "cases", "database or disk is full",
                        ops=("INSERT", "UPDATE"))
    press(qtbot, window, "Ctrl+S")
    fault.remove()
    assert prompter.calls("error") == [(f"{DISK_FULL}\n\n{KEPT_IN_DRAFT}",)]
    assert_edit_kept(window, casebook, saved_case)
    assert saved_case in draft_keys(casebook)  # the drafts table could still be written
    save_again_works(qtbot, window, casebook, saved_case)


@pytest.mark.expected_errors("a read-only database makes the save fail with an error")
def test_read_only_database(qtbot, saved_case, window, casebook, prompter):
    def read_only(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only=ON")

    engine = casebook.ctx.db.engine
    event.listen(engine, "connect", read_only)
    engine.dispose()  # every connection from now on refuses writes, as on a read-only folder
    press(qtbot, window, "Ctrl+S")
    message = prompter.calls("error")[0][0]
    assert message.startswith("The data folder is read-only") and "nothing was saved" in message
    assert "Traceback" not in message
    assert "still in the editor, but could not be kept as a draft" in message
    assert_edit_kept(window, casebook, saved_case)
    event.remove(engine, "connect", read_only)
    engine.dispose()
    save_again_works(qtbot, window, casebook, saved_case)


@pytest.mark.expected_errors("a full disk makes the save fail with an error")
def test_leaving_a_case_that_cannot_be_saved_keeps_it_open(qtbot, saved_case, window, casebook,
                                                           prompter, monkeypatch):
    def disk_full(*_args, **_kwargs):
        raise StorageError(DISK_FULL)

    monkeypatch.setattr(casebook.cases, "save_case", disk_full)
    prompter.script("confirm_unsaved", "save")
    window.commands.close_case.trigger()
    assert window.session.is_open()
    assert_edit_kept(window, casebook, saved_case)
