"""A part-typed coded choice is never dropped silently (stranger 84): `det` then Tab in MRD ›
Result (the field proposed "detected") left the cell empty and unmarked, `cur` in a treatment
line's Intent likewise. A start only one value has (or an abbreviation of one) is stored; one
that several values share, or none, stays in the field marked, with a message saying why, and
nothing is stored over the value before - the same in form fields and in table cells."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import focus_field, press
from tests.gui.editor.keyboard import Typist


def first_row_at(qtbot, window, section, table, field):
    """A new case's first row of ``table`` dated d28, the cursor on the ``field`` cell."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    panel = typist.go_to_section(section).tables[table]
    panel.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    column = panel.table_model.column_of(field)
    panel.view.setCurrentIndex(panel.view.view_index(0, column))
    return typist, panel, column


def problems(window) -> list[str]:
    model = window.editor.problems_panel.model
    return [model.data(model.index(row, 2)) for row in range(model.rowCount())]


def test_det_then_tab_in_an_mrd_result_cell_is_kept_marked(qtbot, window):
    typist, mrd, column = first_row_at(qtbot, window, "MRD", "mrd_assessments", "result")
    typist.key(Qt.Key.Key_F2)
    typist.type("det")  # detected, detected not quantifiable
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().mrd_assessments[0].result is None
    index = mrd.view.view_index(0, column)
    assert index.data() == "det"
    assert "det" in (index.data(Qt.ItemDataRole.ToolTipRole) or "")
    assert any("'det'" in m and "not stored" in m for m in problems(window))
    assert window.editor.is_dirty()


def test_a_unique_start_in_a_table_cell_is_stored(qtbot, window):
    typist, mrd, column = first_row_at(qtbot, window, "MRD", "mrd_assessments", "result")
    typist.key(Qt.Key.Key_F2)
    typist.type("not")  # only "not detected"
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().mrd_assessments[0].result == "not_detected"


def test_cur_in_a_treatment_intent_cell_is_kept_marked(qtbot, window):
    typist, lines, column = first_row_at(qtbot, window, "Treatment", "treatment_lines",
                                         "intent")
    typist.key(Qt.Key.Key_F2)
    typist.type("cur")  # no intent starts so ("u" is refused)
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().treatment_lines[0].intent is None
    assert lines.view.view_index(0, column).data() == "cur"
    assert any("'cur'" in m and "not one of" in m for m in problems(window))


def test_a_shared_start_in_a_form_field_is_kept_marked(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, "outcome.disease_status_at_last_contact")
    qtbot.keyClicks(combo, "CR")  # CR MRD negative / positive / unknown
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.disease_status_at_last_contact is None
    assert combo.currentText() == "CR"
    assert combo.property("problem") == "error"
    assert any("'CR'" in m and "not stored" in m for m in problems(window))
    assert window.editor.is_dirty()
    combo = focus_field(window, "outcome.vital_status")
    qtbot.keyClicks(combo, "al")  # only "alive"
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.vital_status == "alive"
