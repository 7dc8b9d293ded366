"""The PDF shows what the engine derived (issue 16 item 4): the CNS status of each episode with
its sub-category and basis, the CSF table's same-day blood counts, blast percentage and
sub-category, the imaging SPD beside the entered response, and coded values as words."""

from __future__ import annotations

import re
import typing

from core.model import Case
from core.model.codes import code_label
from core.report.walk import iter_records
from tests.core.report.pdftext import all_text


def _with(case: Case, **lists) -> Case:
    return Case.model_validate({**case.to_json_dict(), **lists})


def test_cns3c_from_a_cranial_nerve_palsy_is_a_derived_line_with_its_basis(case_1, render):
    exam = {"day": 196, "cranial_nerve_palsy": ["CN_VI_left"], "attributed_to_leukemia": "yes"}
    text = all_text(render(_with(case_1, neuro_exams=[exam])))
    assert "CNS status of each episode (derived)" in text
    assert ("relapse diagnosis, d196 CNS3 CNS3a, CNS3c CSF d197: CNS3 (CNS3a); neurological "
            "exam d196: cranial nerve palsy (clinical sign, CNS3c)") in text
    assert "initial diagnosis, d0 CNS1 CSF d3: CNS1" in text
    assert "left CN VI (abducens)" in text  # the palsy as words in the exam table
    assert "CN_VI_left" not in text


def test_cns3c_from_imaging_with_clear_csf(case_1, render):
    csf = case_1.to_json_dict()["csf_assessments"]
    csf[2].update(wbc_per_uL=1, rbc_per_uL=0, blasts_present_cytospin="no",
                  blast_pct_cytospin=None)
    imaging = [{"day": 198, "modality": "MRI", "overall_finding": "leukemic_involvement",
                "lesions": [{"pattern": "leptomeningeal_enhancement",
                             "attributed_to_leukemia": "yes"}]}]
    text = all_text(render(_with(case_1, csf_assessments=csf, neuroimaging=imaging)))
    assert ("relapse diagnosis, d196 CNS3 CNS3c CSF d197: CNS1; imaging d198: leptomeningeal "
            "enhancement (clinical sign, CNS3c)") in text


def test_the_csf_table_shows_blood_counts_blast_percentage_and_sub_category(case_1, render):
    csf = case_1.to_json_dict()["csf_assessments"]
    csf[2].update(wbc_per_uL=48, rbc_per_uL=2000, pb_wbc_same_day=23.5, pb_rbc_same_day=3.1)
    csf[3].update(wbc_per_uL=6, rbc_per_uL=5000, blasts_present_cytospin="yes",
                  blast_pct_cytospin=12, pb_wbc_same_day=20, pb_rbc_same_day=3)
    text = all_text(render(_with(case_1, csf_assessments=csf)))
    assert "Blood WBC / RBC same day (×10⁹/L / ×10¹²/L) CNS status (sub-category), derived" \
        in text
    # 48/2000 = 0.024 > 2 × 23.5/3100 = 0.0152: Steinherz–Bleyer positive
    assert "lumbar puncture 48 2000 yes, 78% 85 0.78 2.1 23.5 / 3.1 CNS3 (CNS3b)" in text
    # 6/5000 = 0.0012 < 2 × 20/3000 = 0.0133: negative
    assert "lumbar puncture 6 5000 yes, 12% 0 20 / 3 CNS2 (CNS2c)" in text
    assert "CSF d197: CNS3 (CNS3b)" in text  # the episode's basis names it too


def test_a_traumatic_tap_without_blood_counts_says_why_it_is_not_classified(case_1, render):
    csf = case_1.to_json_dict()["csf_assessments"]
    csf[2].update(wbc_per_uL=48, rbc_per_uL=2000)
    text = all_text(render(_with(case_1, csf_assessments=csf)))
    assert ("lumbar puncture 48 2000 yes, 78% 85 0.78 2.1 indeterminate traumatic (traumatic "
            "tap: blood WBC and RBC of the same day are needed)") in text


def test_imaging_spd_and_change_beside_the_entered_response(case_2, render):
    text = all_text(render(case_2))
    assert "baseline; SPD 217 mm²" in text
    assert ("complete resolution; SPD 0 mm² (baseline d170 217 mm², −100%), consistent with "
            "complete resolution") in text


def test_imaging_partial_response_and_unmeasured_lesion(case_2, render):
    studies = case_2.to_json_dict()["neuroimaging"]
    studies[1].update(overall_finding="leukemic_involvement", radiologic_response="stable",
                      lesions=[{"pattern": "parenchymal_nodular_enhancement",
                                "max_diameter_mm": 9, "perpendicular_mm": 8,
                                "attributed_to_leukemia": "yes"}])
    text = all_text(render(_with(case_2, neuroimaging=studies)))
    assert ("stable; SPD 72 mm² (baseline d170 217 mm², −66.8%), consistent with partial "
            "response") in text
    studies[1]["lesions"][0]["perpendicular_mm"] = None
    text = all_text(render(_with(case_2, neuroimaging=studies)))
    assert "stable; SPD not derived (a lesion without both diameters)" in text


def test_an_engine_error_is_printed_in_place_of_the_derived_cns_and_spd(case_2, render,
                                                                       monkeypatch):
    from core.clinical import engine
    from core.report import derived

    def failed(case, *args, **kwargs):
        return engine.EngineResult(case.case_id, None, "clinical engine error: boom")

    monkeypatch.setattr(derived.engine, "evaluate", failed)
    text = all_text(render(case_2))
    assert "baseline; SPD not derived: clinical engine error (see page 1)" in text
    assert ("CNS status of each episode (derived) not derived: clinical engine error "
            "(see page 1)") in text
    assert "SPD 217" not in text


# Coded values as words everywhere ---------------------------------------------------------

def _literals(annotation) -> list:
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return [v for arg in typing.get_args(annotation) for v in _literals(arg)]


def _coded_fields(record) -> list[tuple[str, list, bool]]:
    """(name, codes, is a list) of each coded field of a record (bookkeeping fields aside)."""
    out = []
    for name, f in type(record).model_fields.items():
        codes = _literals(f.annotation)
        if codes and name not in ("src", "nf") and "dict" not in str(f.annotation):
            out.append((name, codes, "list[" in str(f.annotation)))
    return out


def _every_record_kind(case: Case) -> Case:
    """A reference case with one record of each kind the reference cases lack."""
    doc = case.to_json_dict()
    doc["treatment_lines"][0]["administrations"][0]["modifications"] = [
        {"day": 10, "kind": "interruption", "reason": "CRS"}]
    doc["adverse_events"][0]["icans_detail"] = {"ice_score": 8, "consciousness": "normal"}
    doc.update(
        radiotherapy=[{"line_no": 1, "field": "cranial", "total_dose_Gy": 18, "fractions": 10,
                       "start_day": 240, "end_day": 253}],
        procedures=[{"kind": "ommaya_placement", "day": 100}],
        cellular_therapies=[{"product": "tisagenlecleucel", "target": "CD19",
                             "infusion_day": 260}],
        timeline=[{"day": 5, "event_type": "other", "label": "Transferred"}],
        attachments=[{"kind": "mri_image", "media_type": "image/png", "caption": "MRI"}],
        neuro_exams=[{"day": 196, "cranial_nerve_palsy": ["CN_VII_right"],
                      "ocular_involvement": "retinal_infiltrate",
                      "attributed_to_leukemia": "yes"}])
    return Case.model_validate(doc)


def _raw_codes_in(text: str, codes) -> set[str]:
    """Codes printed as such: those whose words differ (``lumbar_puncture``, ``bm``)."""
    return {c for c in codes if isinstance(c, str) and code_label(c) != c
            and re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)}


def test_no_raw_code_in_the_pdf_of_the_reference_cases(reference_cases, render):
    for case in reference_cases:
        text = all_text(render(case))
        codes = {c for r in iter_records(case) for _, cs, _ in _coded_fields(r) for c in cs}
        assert _raw_codes_in(text, codes) == set(), case.case_id


def test_no_raw_code_in_the_pdf_with_every_value_of_every_coded_field(reference_cases,
                                                                     render):
    """Round k sets every coded field of every record to its k-th value (cycling), so that
    across the rounds every value of every coded field is printed once."""
    base = _every_record_kind(reference_cases[1])
    fields = {(type(r).__name__, n): cs for r in iter_records(base)
              for n, cs, _ in _coded_fields(r)}
    assert ("Procedure", "kind") in fields and ("IcansDetail", "motor") in fields
    leaks: dict[str, set[str]] = {}
    for k in range(max(len(cs) for cs in fields.values())):
        case = base.model_copy(deep=True)
        shown = set()
        for record in iter_records(case):
            for name, codes, is_list in _coded_fields(record):
                code = codes[k % len(codes)]
                object.__setattr__(record, name, [code] if is_list else code)
                shown.add(code)
        text = all_text(render(case))
        for code in _raw_codes_in(text, shown):
            leaks.setdefault(code, set()).add(f"round {k}")
    assert leaks == {}
    assert "right CN VII (facial)" in text and "CN_VII_right" not in text
