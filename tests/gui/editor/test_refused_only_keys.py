"""Only refused keys typed into an empty choice field stored the list's first value (stranger
run): `9` then Tab in a new case's Patient › Sex stored "female", `4` or `C42.1` in a diagnosis's
Disease status "active not in remission", `9` in the CSF table's Route "lumbar puncture". The
line edit completes after every key, a refused one too, and an empty line proposed the first
value, all of it selected. Now nothing is stored: the typed keys stay in the field, marked, with
a tooltip naming the field, as for "CN" (test_refused_first_key)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolTip

from tests.gui.conftest import focus_field, press
from tests.gui.editor.keyboard import Typist
from tests.gui.editor.test_choice_abbreviations import _csf_row as csf_row


def problems(window) -> list[str]:
    model = window.editor.problems_panel.model
    return [model.data(model.index(row, 2)) for row in range(model.rowCount())]


def test_9_then_tab_in_sex_stores_nothing(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, "patient.sex")
    qtbot.keyClicks(combo, "9")
    assert combo.line_edit().text() == ""  # refused, and nothing proposed in its place
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().patient.sex is None
    assert combo.currentText() == "9"  # kept, marked: not stored
    assert combo.property("problem") == "error"
    tip = QToolTip.text()
    assert "Sex" in tip and "'9'" in tip and "not one of" in tip
    assert any("'9'" in m and "not stored" in m for m in problems(window))
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(window.session.case_id()).patient.sex is None


def test_refused_keys_in_the_row_form_store_nothing(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    panel = typist.go_to_section("Diagnoses & reasoning").tables["diagnoses"]
    typist.focus_table(panel)
    typist.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
               | Qt.KeyboardModifier.ShiftModifier)
    typist.open_more_of_the_row(panel)
    for field, typed in (("disease_status", "4"), ("ph_status", "7"),
                         ("relapse_timing", "4")):
        box = panel.row_form.bindings[field].editor
        typist.click(box)
        typist.type(typed)
        typist.key(Qt.Key.Key_Tab)
        assert box.currentText() == typed, field
        assert box.property("problem") == "error", field
        assert getattr(window.editor.current_case().diagnoses[0], field) is None, field
    box = panel.row_form.bindings["disease_status"].editor
    typist.click(box)
    typist.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typist.type("C42.1")  # a code typed in the wrong field: every key refused
    typist.key(Qt.Key.Key_Tab)
    assert box.currentText() == "C42.1"
    assert any("'C42.1'" in m and "not stored" in m for m in problems(window))
    typist.click(box)
    typist.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typist.type("in rem")  # accepted keys: still stored as before
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().diagnoses[0].disease_status == "in_remission"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id()).diagnoses[0]
    assert (stored.disease_status, stored.ph_status, stored.relapse_timing) == (
        "in_remission", None, None)


def test_9_in_an_empty_route_cell_stores_nothing(qtbot, window, casebook):
    _csf, route = csf_row(qtbot, window)  # a new case's first CSF row, its Route cell
    qtbot.keyClicks(QApplication.focusWidget(), "9")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.editor.current_case().csf_assessments[0].sample_route is None
    assert route.data() == "9"  # kept, marked: not stored
    assert "9" in (route.data(Qt.ItemDataRole.ToolTipRole) or "")
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.csf_assessments[0].sample_route is None
