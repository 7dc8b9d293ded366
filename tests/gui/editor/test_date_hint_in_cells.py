"""A date a table cell refuses gets the same hint as a date field in a form, the user's own
date format included (Preferences: 18/04/2023). Found by a stranger run: '25.09.23' typed in an
adverse event's Onset was refused and the cell's tooltip listed 2023-04-18, 2023-04, 2023 and
d168, but not 18/04/2023, which the form fields' tooltip shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist

HINT = "2023-04-18, 2023-04, 2023, 18/04/2023 or a day number: d168, d-30"


def test_a_refused_date_in_a_cell_is_hinted_as_in_a_form_field(qtbot, window):
    assert window.editor.ctx.date_format == "%d/%m/%Y"  # Preferences' default
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    events.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    view = events.view
    onset = view.proxy.index(0, events.table_model.column_of("onset_day"))
    view.setCurrentIndex(onset)
    for char in "25.09.23":
        qtbot.keyClicks(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)

    assert onset.data() == "25.09.23"  # kept in the cell, marked, not stored
    assert window.editor.current_case().adverse_events[0].onset_day is None
    cell_tip = onset.data(Qt.ItemDataRole.ToolTipRole)
    assert cell_tip.startswith("'25.09.23' is not a date")
    assert HINT in cell_tip.splitlines()

    # a date field in a form, the same text (not Day 0's: it takes no day number)
    window.editor.focus_path("patient.birth_date")
    field = window.editor.focusWidget()
    typist.fill_field(field, "25.09.23")
    assert window.editor.current_case().patient.birth_date is None
    form_tip = field.toolTip().splitlines()
    assert form_tip[0] == cell_tip.splitlines()[0]  # the same message ...
    assert HINT in form_tip  # ... and the same hint
