"""The cohort Summary's counts at their edges (a review): an adverse event with no grade given
is still CRS of 'any grade'; MRD undetectable at an insufficient sensitivity (LoD 1e-3) is not
'MRD negative'; best responses read in the report's words (SD/NR, not SD_NR)."""

from __future__ import annotations

from core.model import Case


def _case(case_id: str, **parts) -> Case:
    return Case(case_id=case_id, case_report={"title": case_id, "day0": "2024-01-01"}, **parts)


def test_edges(casebook):
    casebook.cases.import_cases([
        _case("SYN-CRSNOGRADE", adverse_events=[{
            "term": "Cytokine release syndrome", "grading_system": "ASTCT-2019",
            "onset_day": 5}]),
        _case("SYN-MRDLOD", mrd_assessments=[{
            "day": 29, "specimen": "bm", "method": "MFC", "result": "not_detected",
            "lod_fraction": 0.001}]),
        _case("SYN-MRDNEG", mrd_assessments=[{
            "day": 29, "specimen": "bm", "method": "MFC", "result": "not_detected",
            "lod_fraction": 0.0001}]),
        _case("SYN-SDNR", response_assessments=[{
            "day": 30, "scope": "marrow_hematologic", "category": "SD_NR",
            "criteria_system": "NCCN-ALL"}]),
    ], source="test")
    summary = casebook.search.cohort_summary("")
    assert summary.with_crs == 1 == casebook.search.search("ae:crs").total
    assert summary.mrd_negative == 1  # SYN-MRDNEG only
    assert summary.by_best_response.get("SD/NR") == 1 and "SD_NR" not in summary.by_best_response
