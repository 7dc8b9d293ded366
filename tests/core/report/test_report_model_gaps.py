"""The PDF prints issue 16's model gaps: the dose given beside the dose as prescribed, a
diagnosis's lineage evidence, a response based on a neurological examination, a
radiotherapy course's treatment line."""

from __future__ import annotations

from tests.core.report.pdftext import all_text


def _with_gaps(case):
    case = case.model_copy(deep=True)
    vincristine = case.treatment_lines[0].administrations[0]
    vincristine.dose, vincristine.dose_unit = 1.4, "mg/m2"
    vincristine.dose_given, vincristine.dose_given_unit = 2.0, "mg"
    daunorubicin = case.treatment_lines[0].administrations[1]
    daunorubicin.nf["dose_given"] = "not_reported"
    case.diagnoses[0].lineage_evidence = [201, 301, 999]
    cns = next(r for r in case.response_assessments if r.scope == "cns")
    cns.basis_refs.neuro_exam_days = [196, 229]
    return case.model_validate({**case.to_json_dict(), "radiotherapy": [
        {"line_no": 3, "field": "cranial", "total_dose_Gy": 18, "fractions": 10,
         "start_day": 240, "end_day": 253}]})


def test_the_pdf_prints_the_new_facts(case_1, render):
    text = all_text(render(_with_gaps(case_1)))
    assert ("1.4 mg/m² = 2.52 mg (BSA 1.80 m²) 2.52 mg exceeds the label cap of 2 mg; record "
            "the dose actually given dose given 2 mg") in text  # derived, never capped, given
    assert "40 mg/m² = 72 mg (BSA 1.80 m²) dose given: not reported" in text
    assert "dose given: not reported" in text
    assert "lineage evidence: immunophenotype #201, molecular #301, #999" in text
    assert "neurological exam d196, d229" in text
    assert "Line Field Total dose (Gy) Fractions Days 3 cranial 18 10 d240 to d253" in text


def test_no_dose_given_line_when_none_is_recorded(case_1, render):
    text = all_text(render(case_1))
    assert "dose given" not in text
    assert "2 mg IV weekly" in text  # a flat dose prints once, with no derived line
    assert "9 µg/day IV continuous" in text


def test_an_engine_error_is_printed_where_the_derived_dose_would_be(case_1, render,
                                                                    monkeypatch):
    from core.clinical import engine
    from core.report import derived

    def failed(case, *args, **kwargs):
        return engine.EngineResult(case.case_id, None, "clinical engine error in doses: boom")

    monkeypatch.setattr(derived.engine, "evaluate", failed)
    text = all_text(render(_with_gaps(case_1)))
    assert "1.4 mg/m² = not derived: clinical engine error (see page 1) dose given 2 mg" in text
