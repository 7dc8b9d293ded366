"""Issue 16's model gaps: facts the spec allows (§4.6 lineage evidence, §7.7 dose given,
§4.19 a neurological examination as the basis of a response, a radiotherapy course's line)
are held by the model and survive export and import, with their missing-value reasons."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.io.interchange import read_files, write_export
from core.model import Case

DOC = {
    "case_id": "HC-GAPS0001",
    "diagnoses": [{"role": "initial", "day": 0, "entity": "B-ALL",
                   "lineage_evidence": [201, 301]}],
    "immunophenotype_panels": [{"panel_id": 201, "day": 0, "specimen": "bm"}],
    "molecular_tests": [{"molecular_test_id": 301, "day": 0, "specimen": "bm"}],
    "neuro_exams": [{"day": 40, "cranial_nerve_palsy": ["CN_VI_left"]}],
    "treatment_lines": [{"line_no": 1, "intent": "induction", "administrations": [
        {"drug_inn": "vincristine", "dose": 1.4, "dose_unit": "mg/m2", "route": "IV",
         "dose_given": 2, "dose_given_unit": "mg"},
        {"drug_inn": "daunorubicin", "dose": 40, "dose_unit": "mg/m2",
         "dose_given_nf": "not_reported"}]}],
    "radiotherapy": [{"line_no": 1, "field": "cranial", "total_dose_Gy": 18, "start_day": 60}],
    "response_assessments": [{"day": 41, "line_no": 1, "scope": "cns",
                              "category": "CNS_remission", "criteria_system": "app-CNS-v1",
                              "basis_refs": {"neuro_exam_days": [40]}}],
}


def test_the_new_facts_round_trip_through_a_file(tmp_path):
    case = Case.model_validate(DOC)
    admin = case.treatment_lines[0].administrations
    assert (admin[0].dose_given, admin[0].dose_given_unit) == (2.0, "mg")
    assert admin[1].nf == {"dose_given": "not_reported"}
    assert case.diagnoses[0].lineage_evidence == [201, 301]
    assert case.radiotherapy[0].line_no == 1
    assert case.response_assessments[0].basis_refs.neuro_exam_days == [40]
    path = tmp_path / "gaps.json"
    write_export(path, [case])
    back = read_files([path])
    assert back.ok, back.problems
    assert back.cases[0] == case
    doc = back.cases[0].to_json_dict()
    assert doc["treatment_lines"][0]["administrations"][1]["dose_given_nf"] == "not_reported"


@pytest.mark.parametrize(("path", "value", "words"), [
    (("treatment_lines", 0, "administrations", 0, "dose_given"), -2, "greater than or equal"),
    (("treatment_lines", 0, "administrations", 0, "dose_given_unit"), "mg/m2", "'mg'"),
    (("diagnoses", 0, "lineage_evidence"), "201", "valid list"),
])
def test_bad_values_name_the_field(path, value, words):
    import copy

    doc = copy.deepcopy(DOC)
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    with pytest.raises(ValidationError) as caught:
        Case.model_validate(doc)
    [err] = caught.value.errors()
    assert tuple(err["loc"])[:len(path)] == path and words in err["msg"]
