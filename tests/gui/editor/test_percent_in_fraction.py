"""MRD is stored as a fraction, but hematologists read and write it as a percent. Found entering
reference case 1 by keyboard in a real window: "0.32%" typed in an MRD row's MRD (fraction) cell
was refused as "'0.32%' is not a number" (it is a number, in percent; the column's own help says
"0.0001 = 10⁻⁴ = 0.01%"). A fraction field now reads a percent as one (0.32% -> 0.0032), a
percent field takes its own unit sign (72% -> 72), and any other field says which unit it is in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import press


def _spec(model, name):
    from gui.editor.fields import simple_fields

    return next(s for s in simple_fields(model) if s.name == name)


def test_fraction_and_percent_fields_read_a_percent_sign():
    from core.model.diagnostics import BoneMarrowAssessment, MrdAssessment
    from core.model.report import Patient
    from gui.editor.values import InputError, parse_text

    assert parse_text(_spec(MrdAssessment, "value_fraction"), "0.32%") == 0.0032
    assert parse_text(_spec(MrdAssessment, "lod_fraction"), "0.01 %") == 0.0001
    assert parse_text(_spec(BoneMarrowAssessment, "blast_pct_morphology"), "72%") == 72
    with pytest.raises(InputError, match="'68%'.*kg"):
        parse_text(_spec(Patient, "weight_kg"), "68%")


def test_mrd_typed_as_a_percent_in_the_table_is_stored_as_its_fraction(qtbot, window, casebook):
    from tests.gui.editor.keyboard import Typist

    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    mrd = typist.go_to_section("MRD").tables["mrd_assessments"]
    mrd.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    column = mrd.table_model.column_of("value_fraction")
    while mrd.view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    typist.type("0.32%")
    typist.key(Qt.Key.Key_Tab)
    assert mrd.view.view_index(0, column).data() == "0.0032"
    assert window.editor.current_case().mrd_assessments[0].value_fraction == 0.0032
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.mrd_assessments[0].value_fraction == 0.0032
