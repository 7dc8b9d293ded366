"""Choice cells take the abbreviations clinicians type: found by a stranger run, `LP` in the
CSF table's Route was refused (only `lumbar…` was taken). A value's abbreviations come from
resources/vocab/choice_abbreviation.json; typing one proposes "LP — lumbar puncture" and stores
the value; a start several values share still stores nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.editor.values import parse_text
from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def _csf_row(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    csf = typist.go_to_section("CSF & CNS").tables["csf_assessments"]
    csf.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    route = csf.view.proxy.index(0, csf.table_model.column_of("sample_route"))
    csf.view.setCurrentIndex(route)
    return csf, route


def _type(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def _route(window):
    return window.editor.current_case().csf_assessments[0].sample_route


def test_lp_typed_in_the_route_cell_stores_lumbar_puncture(qtbot, window, casebook):
    csf, route = _csf_row(qtbot, window)
    _type(qtbot, "LP")
    line = QApplication.focusWidget().line_edit()
    assert line.text() == "LP — lumbar puncture"  # proposed as such, not refused
    assert line.selectedText() == " — lumbar puncture"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: csf.view.state() != csf.view.State.EditingState)
    assert route.data() == "lumbar puncture"
    assert _route(window) == "lumbar_puncture"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.csf_assessments[0].sample_route == "lumbar_puncture"


def test_lp_then_tab_stores_it_too(qtbot, window):
    csf, route = _csf_row(qtbot, window)
    _type(qtbot, "lp")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert route.data() == "lumbar puncture"
    assert _route(window) == "lumbar_puncture"


def test_what_is_no_value_nor_abbreviation_is_still_refused(qtbot, window):
    csf, route = _csf_row(qtbot, window)
    _type(qtbot, "LX")  # X leads to no value: refused
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert _route(window) is None
    assert route.data() == "LX"  # kept, marked: not stored


def test_abbreviations_in_other_choice_fields(qtbot, window):
    from core.model.diagnostics import BoneMarrowAssessment, Diagnosis
    from core.model.treatment import Procedure
    from gui.editor.fields import simple_fields

    specimen = next(s for s in simple_fields(BoneMarrowAssessment) if s.name == "specimen")
    kind = next(s for s in simple_fields(Procedure) if s.name == "kind")
    assert parse_text(specimen, "BMA") == "bm_aspirate"
    assert parse_text(specimen, "bmb") == "bm_biopsy"
    assert parse_text(specimen, "PB") == "peripheral_blood"
    assert parse_text(kind, "LP — lumbar puncture") == "lumbar_puncture"
    assert parse_text(kind, "BMA") == "bm_aspiration"
    sites = next(s for s in simple_fields(Diagnosis) if s.name == "relapse_sites")
    assert parse_text(sites, "BM; PB; cns") == ["bone_marrow", "peripheral_blood", "cns"]


def test_a_start_two_values_share_stores_nothing(qtbot, window):
    """'BM' starts bm aspirate and bm biopsy (and their BMA, BMB): no choice."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    marrow = typist.go_to_section("Bone marrow").tables["bm_assessments"]
    marrow.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    specimen = marrow.view.proxy.index(0, marrow.table_model.column_of("specimen"))
    marrow.view.setCurrentIndex(specimen)
    _type(qtbot, "BM")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.editor.current_case().bm_assessments[0].specimen is None
    assert specimen.data() == "BM"  # kept, marked: not stored
    marrow.view.setCurrentIndex(specimen)
    _type(qtbot, "BMB")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.editor.current_case().bm_assessments[0].specimen == "bm_biopsy"
    assert specimen.data() == "BM biopsy"  # as the PDF prints it
