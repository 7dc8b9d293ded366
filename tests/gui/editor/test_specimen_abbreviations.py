"""Specimen choices take the abbreviations clinicians type (a review): `asp` in the bone-marrow
table's Specimen was refused (only `BMA` and the start of "BM aspirate" were taken). From
resources/vocab/choice_abbreviation.json: asp, aspirate, BM asp, BMA -> BM aspirate; trephine,
BMB -> BM biopsy; blood, PB -> peripheral blood; and in the fields listing BM, PB and CSF
(immunophenotype, cytogenetics, molecular, MRD, labs) bone marrow, BM aspirate, asp, trephine
-> BM, peripheral blood -> PB, cerebrospinal fluid -> CSF."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.editor.values import parse_text
from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def _type(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def _specimen_cell(qtbot, window, section: str, table: str):
    typist = Typist(qtbot, window.editor)
    found = typist.go_to_section(section).tables[table]
    found.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    cell = found.view.proxy.index(0, found.table_model.column_of("specimen"))
    found.view.setCurrentIndex(cell)
    return found, cell


def test_asp_typed_in_the_marrow_specimen_stores_bm_aspirate(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    marrow, cell = _specimen_cell(qtbot, window, "Bone marrow", "bm_assessments")
    _type(qtbot, "asp")
    line = QApplication.focusWidget().line_edit()
    assert line.text() == "asp — BM aspirate"  # proposed, not refused
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: marrow.view.state() != marrow.view.State.EditingState)
    assert cell.data() == "BM aspirate"
    assert window.editor.current_case().bm_assessments[0].specimen == "bm_aspirate"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.bm_assessments[0].specimen == "bm_aspirate"


def test_trephine_then_tab_stores_bm_biopsy(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    marrow, cell = _specimen_cell(qtbot, window, "Bone marrow", "bm_assessments")
    _type(qtbot, "trephine")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert cell.data() == "BM biopsy"
    assert window.editor.current_case().bm_assessments[0].specimen == "bm_biopsy"


def test_bm_aspirate_typed_where_the_list_says_bm_stores_bm(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    panels, cell = _specimen_cell(qtbot, window, "Immunophenotype", "immunophenotype_panels")
    _type(qtbot, "asp")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.editor.current_case().immunophenotype_panels[0].specimen == "bm"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.immunophenotype_panels[0].specimen == "bm"


def test_specimen_words_typed_or_pasted_in_every_specimen_field(qtbot, window):
    from core.model.diagnostics import (
        BoneMarrowAssessment,
        ImmunophenotypePanel,
        LabResult,
        MolecularTest,
        MrdAssessment,
    )
    from gui.editor.fields import simple_fields

    def specimen(model):
        return next(s for s in simple_fields(model) if s.name == "specimen")

    marrow = specimen(BoneMarrowAssessment)
    for typed, code in (("asp", "bm_aspirate"), ("Aspirate", "bm_aspirate"),
                        ("BM asp", "bm_aspirate"), ("BMA", "bm_aspirate"),
                        ("trephine", "bm_biopsy"), ("BMB", "bm_biopsy"),
                        ("PB", "peripheral_blood"), ("blood", "peripheral_blood")):
        assert parse_text(marrow, typed) == code, typed
    panel = specimen(ImmunophenotypePanel)
    for typed, code in (("BM aspirate", "bm"), ("bone marrow", "bm"), ("trephine", "bm"),
                        ("peripheral blood", "pb"), ("CSF", "csf"),
                        ("cerebrospinal fluid", "csf")):
        assert parse_text(panel, typed) == code, typed
    assert parse_text(specimen(MolecularTest), "asp") == "bm"
    assert parse_text(specimen(MrdAssessment), "PB") == "pb"
    assert parse_text(specimen(LabResult), "PB") == "blood"
