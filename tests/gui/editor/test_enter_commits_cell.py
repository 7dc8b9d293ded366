"""Enter in a table cell stores what was typed at once, as Tab does, then moves down a row.
Found by a stranger run: in a new adverse event, 2023-09-25 typed in Onset and Enter left the
cell editor open with nothing stored (Tab stored it). Qt's own Enter only queued the store and
the close for later, so what came right after the key (a save, the next keys) came first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def _new_row(qtbot, window, section: str, table: str):
    typist = Typist(qtbot, window.editor)
    panel = typist.go_to_section(section).tables[table]
    panel.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    return panel, panel.table_model.rowCount() - 1


def _type_in(qtbot, panel, row: int, field: str, text: str):
    """Select the cell with the keyboard's cursor and type into it, key by key."""
    view = panel.view
    index = view.view_index(row, panel.table_model.column_of(field))
    view.setCurrentIndex(index)
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)
    assert view.state() == view.State.EditingState
    return index


def test_enter_stores_a_date_typed_in_a_new_adverse_event(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    events, row = _new_row(qtbot, window, "Adverse events", "adverse_events")
    onset = _type_in(qtbot, events, row, "onset_day", "2023-09-25")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # at once, with no event-loop pass in between, as after Tab:
    assert events.view.state() != events.view.State.EditingState
    assert QApplication.focusWidget() is events.view
    assert onset.data() == "2023-09-25"
    assert window.editor.current_case().adverse_events[0].onset_day.date == "2023-09-25"
    press(qtbot, window, "Ctrl+S")  # right after Enter
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.adverse_events[0].onset_day.date == "2023-09-25"


@pytest.mark.parametrize(("section", "table", "field"), [
    ("CSF & CNS", "csf_assessments", "day"),
    ("Bone marrow", "bm_assessments", "day"),
    ("Labs", "labs", "day"),
    ("Adverse events", "adverse_events", "resolution_day"),
])
def test_enter_stores_other_tables_date_cells(qtbot, window, section, table, field):
    press(qtbot, window, "Ctrl+N")
    panel, row = _new_row(qtbot, window, section, table)
    cell = _type_in(qtbot, panel, row, field, "2023-09-25")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert panel.view.state() != panel.view.State.EditingState
    assert cell.data() == "2023-09-25"
    assert getattr(getattr(window.editor.current_case(), table)[0], field).date == "2023-09-25"


def test_enter_stores_each_kind_of_cell_and_moves_down(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    csf, first = _new_row(qtbot, window, "CSF & CNS", "csf_assessments")
    press(qtbot, window, "Ctrl+Shift+N")
    typed = {"wbc_per_uL": "12", "sample_route": "lumbar", "blasts_present_cytospin": "yes",
             "blast_pct_cytospin": "3.5"}
    for field, text in typed.items():
        cell = _type_in(qtbot, csf, first, field, text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        assert csf.view.state() != csf.view.State.EditingState, field
        below = csf.view.currentIndex()
        assert (below.row(), below.column()) == (cell.row() + 1, cell.column())  # down a row
    row = window.editor.current_case().csf_assessments[first]
    assert (row.wbc_per_uL, row.sample_route, row.blasts_present_cytospin,
            row.blast_pct_cytospin) == (12.0, "lumbar_puncture", "yes", 3.5)


def test_enter_on_text_the_cell_refuses_keeps_it_marked_as_tab_does(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    events, row = _new_row(qtbot, window, "Adverse events", "adverse_events")
    onset = _type_in(qtbot, events, row, "onset_day", "25.09.23")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert events.view.state() != events.view.State.EditingState
    assert onset.data() == "25.09.23"  # kept, marked, not stored
    assert "is not a date" in onset.data(Qt.ItemDataRole.ToolTipRole)
    assert window.editor.current_case().adverse_events[0].onset_day is None
