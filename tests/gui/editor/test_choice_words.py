"""Coded values in the editor read as the PDF prints them (stranger 84): the editor showed
`positive ge 1e-4` (MRD category; the PDF: "positive ≥10⁻⁴"), Specimen `bm` ("BM"), Response
category `CNS_remission`, Intent choices `cns directed` and `tki monotherapy`, a tooltip "bm or
pb blasts ge20", and History `— → []` and `— → ug/d` (the PDF: "µg/day"). Choice lists, table cells, tooltips and History now use
the PDF's words (core.model.codes); the stored codes are unchanged, and a code typed in words
as before ("cns directed") still takes its value."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def new_row(qtbot, window, section, table):
    typist = Typist(qtbot, window.editor)
    panel = typist.go_to_section(section).tables[table]
    panel.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    return typist, panel


def type_in_cell(typist, panel, field, text):
    panel.view.setCurrentIndex(panel.view.view_index(0, panel.table_model.column_of(field)))
    typist.key(Qt.Key.Key_F2)
    typist.type(text)
    typist.key(Qt.Key.Key_Tab)


def cell(panel, key):
    return panel.view.view_index(0, panel.table_model.column_of(key)).data()


def test_mrd_cells_read_as_the_pdf_prints_them(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist, mrd = new_row(qtbot, window, "MRD", "mrd_assessments")
    type_in_cell(typist, mrd, "day", "d28")
    type_in_cell(typist, mrd, "specimen", "bm")
    type_in_cell(typist, mrd, "result", "detected")
    type_in_cell(typist, mrd, "value_fraction", "0.001")
    row = window.editor.current_case().mrd_assessments[0]
    assert (row.specimen, row.result) == ("bm", "detected")  # stored as before
    assert cell(mrd, "specimen") == "BM"
    qtbot.waitUntil(lambda: cell(mrd, "category") == "positive ≥10⁻⁴")


def test_intent_lists_the_pdf_words_and_takes_the_old_ones(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist, lines = new_row(qtbot, window, "Treatment", "treatment_lines")
    column = lines.table_model.column_of("intent")
    lines.view.setCurrentIndex(lines.view.view_index(0, column))
    typist.key(Qt.Key.Key_F2)
    from gui.editor.widgets import ChoiceBox

    focus = QApplication.focusWidget()
    box = focus if isinstance(focus, ChoiceBox) else focus.parentWidget()
    assert isinstance(box, ChoiceBox)
    listed = [box.itemText(i) for i in range(box.count())]
    assert "CNS-directed" in listed and "TKI monotherapy" in listed
    assert "salvage re-induction" in listed and "cns directed" not in listed
    typist.type("cns directed")  # as it was listed before
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().treatment_lines[0].intent == "cns_directed"
    assert lines.view.view_index(0, column).data() == "CNS-directed"


def test_response_category_in_words(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist, responses = new_row(qtbot, window, "Responses", "response_assessments")
    type_in_cell(typist, responses, "category", "SD/NR")
    assert window.editor.current_case().response_assessments[0].category == "SD_NR"
    assert cell(responses, "category") == "SD/NR"
    type_in_cell(typist, responses, "category", "CNS_remission")
    assert window.editor.current_case().response_assessments[0].category == "CNS_remission"
    assert cell(responses, "category") == "CNS remission"


def test_a_dose_unit_reads_as_the_report_writes_it(qtbot, window):
    from core.model.treatment import DrugAdministration
    from gui.editor.fields import simple_fields
    from gui.editor.values import format_value, parse_text
    from gui.history_model import value_words

    spec = next(s for s in simple_fields(DrugAdministration) if s.name == "dose_unit")
    assert format_value(spec, "ug/d") == "µg/day"
    assert parse_text(spec, "µg/day") == parse_text(spec, "ug/d") == "ug/d"
    assert parse_text(spec, "mg/m2") == "mg/m2"  # typed as before
    path = "treatment_lines[0].administrations[0].dose_unit"
    assert value_words(path, "ug/d") == "µg/day"


def test_choice_tooltips_use_the_words(qtbot, window):
    from core.model.diagnostics import Diagnosis
    from gui.editor.fields import simple_fields
    from gui.editor.widgets import field_hint

    spec = next(s for s in simple_fields(Diagnosis) if s.name == "cml_bp_criteria_met")
    assert "BM or PB blasts ≥20%" in field_hint(spec, None)
    assert "ge20" not in field_hint(spec, None)


def test_history_shows_the_words_and_an_empty_list_as_none(qtbot, window):
    from gui.history_view import COL_CHANGE

    press(qtbot, window, "Ctrl+N")
    typist, lines = new_row(qtbot, window, "Treatment", "treatment_lines")
    type_in_cell(typist, lines, "intent", "CNS-directed")
    press(qtbot, window, "Ctrl+S")
    press(qtbot, window, "Ctrl+Shift+H")
    dialog = window.history.dialog
    qtbot.keyClicks(dialog.field_box, "Intent")
    model = dialog.model
    changes = [model.index(r, COL_CHANGE).data() for r in range(model.rowCount())]
    assert "— → CNS-directed" in changes
    dialog.field_box.clear()
    everything = []
    for r in range(model.rowCount()):
        parent = model.index(r, 0)
        everything += [model.index(c, COL_CHANGE, parent).data()
                       for c in range(model.rowCount(parent))]
        everything.append(model.index(r, COL_CHANGE).data())
    assert not any(t.endswith("[]") for t in everything if t)
    assert not any("cns_directed" in t for t in everything if t)


def test_history_shows_a_number_as_its_field_does():
    """History said '68.0 → 70.0' for a weight the field shows as 68 (a stranger)."""
    from gui.history_model import value_words

    assert value_words("patient.weight_kg", "68.0") == "68"
    assert value_words("patient.weight_kg", "68.5") == "68.5"
    assert value_words("patient.weight_kg", "not a number") == "not a number"
