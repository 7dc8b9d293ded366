"""The derived marrow response reaches the PDF and the manuscript (a stranger run: the editor
showed the d35 marrow as "CRh (unconfirmed)", but the PDF's Bone marrow table had no such
column and "CRh" was nowhere in it). The table has a "Response (derived)" column, as the editor
says it; the kit's manuscript prints the same cells."""

from __future__ import annotations

from core.model import Case
from tests.core.kit.manuscript_text import manuscript_text
from tests.core.report.pdftext import all_text, table_rows

DOC = {
    "case_id": "SYN-CRH", "case_report": {"title": "CRh after induction", "day0": "2025-03-15"},
    "diagnoses": [{"day": 0, "role": "initial", "entity": "B-ALL"}],
    "treatment_lines": [{"line_no": 1, "start_day": 1, "regimen_name": "Blinatumomab"}],
    "bm_assessments": [
        {"day": "2025-03-15", "specimen": "bm_aspirate", "blast_pct_morphology": 80},
        {"day": 35, "specimen": "bm_aspirate", "blast_pct_morphology": 1}],
    "labs": [{"day": 35, "analyte": "ANC", "value_entered": 0.8, "unit_entered": "10*9/L"},
             {"day": 35, "analyte": "PLT", "value_entered": 120, "unit_entered": "10*9/L"}],
}


def test_bone_marrow_table_has_the_derived_response(render):
    case = Case.model_validate(DOC)
    pdf = render(case)
    text = all_text(pdf)
    marrow = text[text.index("Bone marrow"):text.index("Laboratory results")]
    assert "Response (derived)" in marrow and "CRh (unconfirmed)" in marrow
    rows = table_rows(pdf, "Bone marrow")  # (each cell's first line; then the When's date)
    assert [r[-1] for r in rows if r[0].startswith("d")] == ["baseline", "CRh"], rows
    kit = manuscript_text(case)
    table = kit.tables["Bone marrow assessments."]
    assert table[0][-1] == "Response (derived)"
    assert [r[-1] for r in table[1:]] == ["baseline", "CRh (unconfirmed)"]


def test_a_marrow_without_a_derived_response_has_a_dash(render):
    doc = {**DOC, "bm_assessments": [{"day": 35, "specimen": "bm_aspirate"}]}
    rows = table_rows(render(Case.model_validate(doc)), "Bone marrow")
    assert rows[0][-1] == "—"
