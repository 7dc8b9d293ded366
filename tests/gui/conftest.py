"""GUI test fixtures: services on the test's own data folder, cases made cheaply."""

from __future__ import annotations

import sqlite3

import pytest

from tests.gui.fakes import ScriptedPrompter
from tests.gui.timers import TestTimers


def simple_cases(count: int, prefix: str = "SYN-T") -> list:
    """Small cases with predictable ids and titles ("Case 00000" ...)."""
    from core.model import Case

    return [Case(case_id=f"{prefix}{i:05d}", case_report={"title": f"Case {i:05d}"})
            for i in range(count)]


@pytest.fixture(autouse=True)
def test_timers(monkeypatch):
    """The test's own QTimer.singleShot functions (dialog pollers) end with it: one left
    polling answered a later test's dialog (tests/gui/test_timers.py)."""
    timers = TestTimers(monkeypatch)
    yield timers
    timers.end()


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


@pytest.fixture
def stored_references(casebook, reference_cases):
    casebook.cases.import_cases(reference_cases)
    return [casebook.cases.open_case(c.case_id) for c in reference_cases]


@pytest.fixture
def editor_factory():
    """The real editor (gui.editor.CaseEditor)."""
    from gui.main_window import default_editor

    return default_editor


@pytest.fixture
def make_window(qtbot, casebook, prompter, editor_factory):
    """Build a shown MainWindow over the test's casebook; closed without questions after."""
    from gui.main_window import MainWindow

    made = []

    def make(**kwargs):
        window = MainWindow(casebook, kwargs.pop("prompter", prompter),
                            kwargs.pop("editor_factory", editor_factory))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()


@pytest.fixture
def window(make_window):
    return make_window()


def title_field(window):
    """The editor's title field (the editor puts the cursor there for this path)."""
    window.editor.focus_path("case_report.title")
    return window.focusWidget()


def type_title(qtbot, window, text: str, replace: bool = True):
    field = title_field(window)
    if replace:
        field.selectAll()
    qtbot.keyClicks(field, text)
    return field


def audit_rows(casebook, case_id: str) -> list[dict]:
    """The case's audit rows, read straight from the database file (tests only)."""
    with sqlite3.connect(casebook.paths.database) as con:
        con.row_factory = sqlite3.Row
        rows = con.execute("SELECT * FROM audit WHERE case_id = ? ORDER BY seq", (case_id,))
        return [dict(r) for r in rows]


def draft_keys(casebook) -> list[str]:
    return [d.key for d in casebook.drafts.list_drafts()]


def start_again_after_the_list_gave_way(qtbot, first, make_window):
    """Close ``first``, whose case list gave way to its open case, and start a new window: it
    opens no case and shows the list again (returned)."""
    from PySide6.QtWidgets import QApplication

    assert not first.search_panel.isVisible()  # gave way to the open case
    first.close()
    assert first.isHidden()
    second = make_window()
    qtbot.wait(20)
    QApplication.processEvents()
    assert second.session.case_id() is None
    assert second.search_panel.isVisible() and second.commands.show_list.isChecked()
    return second


def open_from_list(qtbot, window, case_id: str) -> None:
    """Click the case's row in the list and press Enter."""
    from PySide6.QtCore import Qt

    from gui.case_list import COL_CASE_ID

    table = window.case_list.table
    if not table.isVisible():  # the list gave way to the open case (a narrow window): F9
        press(qtbot, window, "F9")
    row = window.case_model.row_of(case_id)
    assert row >= 0, f"{case_id} is not in the list"
    # the case id's cell: the first column, in view however narrow the list (the title, after
    # the status, may start past a narrow list's edge)
    rect = table.visualRect(window.case_model.index(row, COL_CASE_ID))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_Return)


def open_as_draft(qtbot, casebook, window, case_id: str) -> None:
    """Set the stored case back to draft (so it can be edited) and open it from the list."""
    case = casebook.cases.open_case(case_id)
    casebook.cases.set_status(case_id, "draft", case.version)
    open_from_list(qtbot, window, case_id)


def press(qtbot, window, key: str) -> None:
    """A keyboard shortcut as the user types it, e.g. "Ctrl+S"."""
    from PySide6.QtGui import QKeySequence

    combo = QKeySequence(key)[0]
    target = window.focusWidget() or window
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())


def focus_field(window, path: str):
    """The editor's field at ``path`` (e.g. "outcome.subsequent_relapse"), focused as a Tab
    there would; the widget that has the focus."""
    window.editor.focus_path(path)
    return window.focusWidget()


def type_in_field(qtbot, window, path: str, text: str):
    """Put the cursor on ``path``'s field, type ``text`` over what it holds, Tab away, and
    wait for the clinical feedback; the field typed in."""
    from PySide6.QtCore import Qt

    window.editor.focus_path(path)
    field = window.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()
    return field
