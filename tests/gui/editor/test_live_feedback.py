"""Live clinical feedback while typing: CNS status per CSF row, a rule marked at its field."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.editor.table_model import COLORS
from tests.gui.editor.keyboard import CTRL, SHIFT, Typist


def cell(panel, storage_row: int, key: str) -> str:
    column = panel.table_model.column_of(key)
    return panel.view.view_index(storage_row, column).data() or ""


def type_cells(typist: Typist, panel, row: dict) -> None:
    typist.fill_row(panel, row)
    typist.editor.feedback_runner.wait()


def test_csf_row_shows_cns3a_then_steinherz_bleyer_result(editor, qtbot):
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("CSF & CNS")
    csf = page.tables["csf_assessments"]
    typist.focus_table(csf)
    typist.key(Qt.Key.Key_N, CTRL | SHIFT)
    type_cells(typist, csf, {"day": 5, "sample_route": "lumbar_puncture", "wbc_per_uL": 12,
                             "rbc_per_uL": 0, "blasts_present_cytospin": "yes"})

    assert editor.is_dirty()  # nothing saved yet
    assert cell(csf, 0, "cns_status") == "CNS3"
    assert cell(csf, 0, "cns_subcategories") == "CNS3a"
    typist.select_row(csf, 0)
    assert "CNS3" in page.cns_panel.status_text()

    typist.select_row(csf, 0)
    type_cells(typist, csf, {"rbc_per_uL": "1 200", "pb_wbc_same_day": 20,
                             "pb_rbc_same_day": 3.5})
    # CSF WBC/RBC 12/1200 = 0.010 < 2 x blood 20e3/3.5e6 = 0.0114: not CNS3b
    assert (cell(csf, 0, "cns_status"), cell(csf, 0, "cns_subcategories")) == ("CNS2", "CNS2c")
    assert "Steinherz" in page.cns_panel.detail.text()

    typist.select_row(csf, 0)
    type_cells(typist, csf, {"pb_wbc_same_day": 5})  # blood ratio x2 = 0.0029 < 0.010
    assert (cell(csf, 0, "cns_status"), cell(csf, 0, "cns_subcategories")) == ("CNS3", "CNS3b")


def test_intrathecal_vincristine_marked_at_route_and_listed(editor, qtbot):
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Treatment")
    lines = page.tables["treatment_lines"]
    typist.add_rows(lines, [{"line_no": 1, "intent": "induction", "start_day": 1}],
                    lambda panel, row: None)
    admins = lines.detail_tables[0]
    typist.add_rows(admins, [{"drug_inn": "vincristine", "route": "IT", "dose": 2,
                              "dose_unit": "mg", "start_day": 1}], lambda panel, row: None)
    editor.feedback_runner.wait()

    path = "treatment_lines[0].administrations[0].route"
    route = admins.view.view_index(0, admins.table_model.column_of("route"))
    assert route.data(Qt.ItemDataRole.BackgroundRole).color() == COLORS["error"]
    assert "V42" in route.data(Qt.ItemDataRole.ToolTipRole)
    problems = editor.problems_panel.model
    rows = [f for f in problems.findings if f.path == path]
    assert rows and rows[0].rule_id == "V42" and rows[0].severity == "error"

    editor.show_section("Patient")
    view = editor.problems_panel.view
    index = problems.index(problems.findings.index(rows[0]), 0)
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert editor.current_section() == "Treatment"
    assert admins.view.currentIndex() == route


def test_overridable_finding_confirmed_with_a_reason(editor, qtbot):
    typist = Typist(qtbot, editor)
    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.add_rows(lines, [{"line_no": 1, "intent": "cns_directed", "start_day": 1}],
                    lambda panel, row: None)
    typist.add_rows(lines.detail_tables[0], [{"drug_inn": "rituximab", "route": "IT",
                                              "dose": 10, "dose_unit": "mg", "start_day": 1}],
                    lambda panel, row: None)
    editor.feedback_runner.wait()
    panel = editor.problems_panel
    row = next(i for i, f in enumerate(panel.model.findings) if f.rule_id == "V42")
    assert panel.model.findings[row].overridable

    typist.key(Qt.Key.Key_P, CTRL | SHIFT, editor)  # focus the problems list
    panel.view.setCurrentIndex(panel.model.index(row, 1))
    assert panel.override_box.isVisible()
    typist.click(panel.override_box.reason)
    typist.type("single intrathecal dose in a trial protocol")
    typist.key(Qt.Key.Key_Return)
    editor.feedback_runner.wait()

    assert not any(f.rule_id == "V42" for f in panel.model.findings)
    assert "1 confirmed" in panel.summary.text()
    assert editor.current_case().overrides[0].rule_id == "V42"
    editor.undo_stack.undo()
    editor.feedback_runner.wait()
    assert any(f.rule_id == "V42" for f in panel.model.findings)
