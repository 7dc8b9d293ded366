"""FHIR export: a measured value left out with a reason (Ctrl+M, `value_entered_nf`) says why in
the Observation's dataAbsentReason (found by a stranger run: the reason was dropped, leaving
an Observation with no value and no word of why), and the Bundle stays valid FHIR R4."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from core.io.fhir import case_bundle
from core.model import Case

ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"


def _observations(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"]
            if e["resource"]["resourceType"] == "Observation"]


def test_a_value_missing_with_a_reason_says_why(reference_cases: list[Case]) -> None:
    doc = reference_cases[0].to_json_dict()
    lab = doc["labs"][0]
    lab.pop("value_entered")
    lab["value_entered_nf"] = "not_done"
    mrd = doc["mrd_assessments"][0]
    mrd.pop("value_fraction")
    mrd["value_fraction_nf"] = "not_reported"
    bundle = case_bundle(Case.model_validate(doc), timestamp="2026-12-06T17:00:00+00:00")
    get_fhir_model_class("Bundle").model_validate(bundle)
    absent = [o for o in _observations(bundle) if "dataAbsentReason" in o]
    assert len(absent) == 2
    by_code = {o["code"]["text"]: o for o in absent}
    wbc = by_code["White blood cells (blood)"]
    assert "valueQuantity" not in wbc
    assert wbc["dataAbsentReason"] == {
        "coding": [{"system": ABSENT, "code": "not-performed", "display": "Not Performed"}],
        "text": "not done"}
    assert by_code["Measurable residual disease"]["dataAbsentReason"]["coding"][0]["code"] \
        == "unknown"
    assert by_code["Measurable residual disease"]["dataAbsentReason"]["text"] == "not reported"
    # a value that is there has no reason
    assert all("dataAbsentReason" not in o for o in _observations(bundle)
               if "valueQuantity" in o)
