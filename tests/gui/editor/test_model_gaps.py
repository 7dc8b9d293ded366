"""Issue 16's model gaps are editable (the forms come from the model): a diagnosis's lineage
evidence, the dose given beside the derived one, a response based on a neurological
examination, a radiotherapy course's treatment line; typed as a user would, stored in the case."""

from __future__ import annotations

from tests.gui.editor.keyboard import Typist
from tests.gui.editor.test_editor_api import reference_case


def _headers(panel) -> list[str]:
    return [c.key for c in panel.table_model.columns]


def test_new_fields_are_typed_in_the_editor(editor, qtbot, casebook):
    editor.load_case(reference_case())
    typist = Typist(qtbot, editor)

    diagnoses = typist.go_to_section("Diagnoses & reasoning").tables["diagnoses"]
    assert "lineage_evidence" in _headers(diagnoses)
    typist.select_row(diagnoses, 0)
    typist.fill_row(diagnoses, {"lineage_evidence": [201, 301]})
    assert editor.current_case().diagnoses[0].lineage_evidence == [201, 301]

    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.select_row(lines, 0)
    admins = lines.detail_tables[0]
    assert {"dose_given", "dose_given_unit"} <= set(_headers(admins))
    typist.select_row(admins, 0)
    typist.fill_row(admins, {"dose_given": 2, "dose_given_unit": "mg"})
    given = editor.current_case().treatment_lines[0].administrations[0]
    assert (given.drug_inn, given.dose_given, given.dose_given_unit) == ("vincristine", 2.0, "mg")

    radiotherapy = typist.go_to_section(
        "Radiotherapy, procedures, HSCT, cellular therapy").tables["radiotherapy"]
    assert "line_no" in _headers(radiotherapy)
    typist.add_rows(radiotherapy, [{"line_no": 3, "field": "cranial", "total_dose_Gy": 18}],
                    lambda *_: None)
    [course] = editor.current_case().radiotherapy
    assert (course.line_no, course.field, course.total_dose_Gy) == (3, "cranial", 18.0)

    responses = typist.go_to_section("Responses").tables["response_assessments"]
    typist.select_row(responses, 5)  # the CNS response
    basis = responses.detail_forms["basis_refs"]
    assert basis.bindings["neuro_exam_days"].editor.accessibleName() == "Neurological exam days"
    typist.fill_field(basis.bindings["neuro_exam_days"].editor, "196, 229")
    cns = editor.current_case().response_assessments[5]
    assert cns.scope == "cns" and cns.basis_refs.neuro_exam_days == [196, 229]

    stored = casebook.cases.save_case(editor.current_case())
    again = casebook.cases.open_case(stored.case_id)
    assert again.diagnoses[0].lineage_evidence == [201, 301]
    assert again.treatment_lines[0].administrations[0].dose_given == 2.0
    assert again.radiotherapy[0].line_no == 3
    assert again.response_assessments[5].basis_refs.neuro_exam_days == [196, 229]
