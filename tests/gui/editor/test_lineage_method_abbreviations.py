"""Choice cells take the abbreviations clinicians use (stranger run, a hematology fellow):
Immunophenotype › Method refused 'MFC' ("not one of: flow cytometry, IHC") though MRD's Method
lists MFC, and Bone marrow › Blast lineage refused 'B' and 'lymphoid B' (listed: "lymphoid
(B)"; 'lymphoid B', the code in words, was already taken and stays so). From resources/vocab/choice_abbreviation.json: MFC, FCM -> flow cytometry; B, lymphoid B,
B-lymphoid -> lymphoid (B); T, lymphoid T -> lymphoid (T); MPAL -> mixed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.editor.values import parse_text
from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def _cell(qtbot, window, section: str, table: str, field: str):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    found = typist.go_to_section(section).tables[table]
    found.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    cell = found.view.proxy.index(0, found.table_model.column_of(field))
    found.view.setCurrentIndex(cell)
    return found, cell


def _type(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def _unstored(window) -> dict[str, str]:
    return dict(window.editor.ctx.unstored)


def test_mfc_typed_in_the_immunophenotype_method_stores_flow_cytometry(qtbot, window, casebook):
    panels, cell = _cell(qtbot, window, "Immunophenotype", "immunophenotype_panels", "method")
    _type(qtbot, "MFC")
    line = QApplication.focusWidget().line_edit()
    assert line.text() == "MFC — flow cytometry"  # proposed, not refused
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panels.view.state() != panels.view.State.EditingState)
    assert cell.data() == "flow cytometry"
    assert _unstored(window) == {}
    assert window.editor.current_case().immunophenotype_panels[0].method == "flow_cytometry"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.immunophenotype_panels[0].method == "flow_cytometry"


def test_b_typed_in_the_blast_lineage_stores_lymphoid_b(qtbot, window, casebook):
    marrow, cell = _cell(qtbot, window, "Bone marrow", "bm_assessments", "blast_lineage")
    _type(qtbot, "B")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert cell.data() == "lymphoid (B)"
    assert _unstored(window) == {}
    assert window.editor.current_case().bm_assessments[0].blast_lineage == "lymphoid_B"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.bm_assessments[0].blast_lineage == "lymphoid_B"


def test_t_lineage_pasted_into_the_blast_lineage_cell(qtbot, window, casebook):
    marrow, cell = _cell(qtbot, window, "Bone marrow", "bm_assessments", "blast_lineage")
    QApplication.clipboard().setText("T-lymphoid")  # as a note or a spreadsheet writes it
    qtbot.keyClick(marrow.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert cell.data() == "lymphoid (T)"
    assert _unstored(window) == {}
    assert window.editor.current_case().bm_assessments[0].blast_lineage == "lymphoid_T"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.bm_assessments[0].blast_lineage == "lymphoid_T"


def test_the_abbreviations_pasted_or_typed_in_each_field_that_lists_them():
    from core.model.diagnostics import BoneMarrowAssessment, Diagnosis, ImmunophenotypePanel
    from gui.editor.fields import simple_fields

    def field(model, name):
        return next(s for s in simple_fields(model) if s.name == name)

    method = field(ImmunophenotypePanel, "method")
    assert [parse_text(method, t) for t in ("MFC", "fcm", "IHC", "immunohistochemistry")] == \
        ["flow_cytometry", "flow_cytometry", "ihc", "ihc"]
    for lineage in (field(BoneMarrowAssessment, "blast_lineage"),
                    field(Diagnosis, "cml_bp_lineage")):
        for typed, code in (("B", "lymphoid_B"), ("lymphoid B", "lymphoid_B"),
                            ("B-lymphoid", "lymphoid_B"), ("t", "lymphoid_T"),
                            ("lymphoid T", "lymphoid_T"), ("myeloid", "myeloid"),
                            ("MPAL", "mixed"), ("mixed", "mixed")):
            assert parse_text(lineage, typed) == code, (lineage.name, typed)
