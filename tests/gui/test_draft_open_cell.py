"""Text typed in a table cell still open (not yet stored with Tab or Enter) is a change the
draft keeps. A stranger run typed 'CELLOPEN' into a Laboratory results Specimen cell (a choice
with a completion list) and killed the app: the text stored nothing while typed, so no draft
was written, the status bar said "Saved", and the restart offered nothing. The same held for a
date typed in a form field not yet left. Now the window says "Unsaved changes", the draft
(half a second later) holds the text by field, and recovery puts it back in its cell, marked
not stored, as a Tab would have left it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from tests.gui.conftest import draft_keys, open_from_list
from tests.gui.editor.keyboard import Typist
from tests.gui.test_recovery_keeps_unstored_text import (
    field_at,
    problem_messages,
    recover_in_a_new_window,
    wait_for_autosave,
)

C1 = "SEED-C1-CAO2023"
DAY0 = "case_report.day0"


def open_cell_and_type(qtbot, window, column_key: str, text: str):
    """The first stored lab's cell in ``column_key`` opened by keyboard (Tab to it, F2), all
    of it selected and ``text`` typed over it, not stored: no Tab, no Enter. The labs table."""
    typist = Typist(qtbot, window.editor)
    labs = typist.go_to_section("Labs").tables["labs"]
    typist.select_row(labs, 0)
    column = labs.table_model.column_of(column_key)
    while labs.view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typist.type(text)
    assert labs.view.state() == QAbstractItemView.State.EditingState  # still open
    return labs


def stored_draft(casebook):
    [draft] = casebook.drafts.list_drafts()
    return draft


@pytest.mark.parametrize(("column_key", "text"), [
    ("specimen", "CELLOPEN"),  # a choice (blood, serum, CSF...) with its completion list
    ("day", "2023-0"),         # a date, stored only when the cell is left
])
def test_text_in_an_open_cell_is_kept_by_the_draft_and_recovered(
        qtbot, stored_references, casebook, prompter, make_window, column_key, text):
    first = make_window()
    open_from_list(qtbot, first, C1)
    stored = casebook.cases.open_case(C1)
    labs = open_cell_and_type(qtbot, first, column_key, text)
    path = f"labs[0].{column_key}"
    assert first.session.is_dirty() and first.isWindowModified()
    assert first.save_state_label.text().endswith("Unsaved changes")
    wait_for_autosave(qtbot, first, casebook)
    assert stored_draft(casebook).unstored == {path: text}
    assert labs.view.state() == QAbstractItemView.State.EditingState  # the typing goes on
    assert casebook.cases.open_case(C1) == stored  # nothing saved

    second = recover_in_a_new_window(make_window, prompter)  # the first one was "killed"
    labs = second.editor.section_page("Labs").tables["labs"]
    column = labs.table_model.column_of(column_key)
    assert labs.table_model.index(0, column).data() == text
    assert path in second.editor.unstored_by_path()
    assert any(f"'{text}'" in m for m in problem_messages(second))
    assert second.editor.current_case() == stored  # still not stored, as after a Tab
    assert second.session.is_dirty()


def test_a_date_typed_in_a_form_field_not_yet_left_is_kept(
        qtbot, stored_references, casebook, prompter, make_window):
    first = make_window()
    open_from_list(qtbot, first, C1)
    field = field_at(first, DAY0)
    field.selectAll()
    qtbot.keyClicks(field, "2023-1")  # on its way to a date: nothing stored yet
    assert first.session.is_dirty()
    wait_for_autosave(qtbot, first, casebook)
    assert stored_draft(casebook).unstored == {DAY0: "2023-1"}

    second = recover_in_a_new_window(make_window, prompter)
    assert field_at(second, DAY0).text() == "2023-1"  # taken as leaving the field takes it
    assert second.session.is_dirty()


def test_escape_in_the_cell_takes_the_change_and_its_draft_back(
        qtbot, stored_references, casebook, window):
    open_from_list(qtbot, window, C1)
    labs = open_cell_and_type(qtbot, window, "specimen", "CELLOPEN")
    wait_for_autosave(qtbot, window, casebook)
    qtbot.keyClick(labs.view.focusWidget(), Qt.Key.Key_Escape)
    assert labs.view.state() != QAbstractItemView.State.EditingState
    assert labs.table_model.index(0, labs.table_model.column_of("specimen")).data() == "blood"
    assert not window.session.is_dirty()
    assert window.save_state_label.text().endswith("Saved")
    # the case is as stored: the draft holding 'CELLOPEN' goes at the next autosave, so a
    # crash now offers nothing to recover
    qtbot.waitUntil(lambda: draft_keys(casebook) == [], timeout=5000)
