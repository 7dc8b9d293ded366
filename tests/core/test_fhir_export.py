"""FHIR R4 export (issue 18): every resource of both reference cases and 50 generated cases
parses with fhir.resources' R4B models, references resolve inside the Bundle, the Composition's
sections follow the CARE order, quantities are UCUM, and days become dates only when Day 0 is
a calendar date (otherwise the relative-day extension)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from core.io.fhir import CARE_SECTIONS, RELATIVE_DAY, FhirOptions, case_bundle, collection_bundle
from core.io.fhir_context import AGE_LOINC, LOINC, UCUM, ucum_known
from core.model import Case
from core.model.vocab import vocabulary
from core.synth.generator import generate_cases

STAMP = "2026-12-06T02:00:00+00:00"
CARE_ORDER = [number for number, _ in CARE_SECTIONS]
REFERENCE_1_COUNTS = {"Composition": 1, "Patient": 1, "Condition": 2, "Procedure": 5,
                      "Observation": 56,  # 56: the age at Day 0 too
                      "MedicationAdministration": 46}  # 18 rows; a dose per listed day


def _walk(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    yield key, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)


def check_bundle(bundle: dict[str, Any]) -> None:
    """Everything the export promises of one Bundle; fails on the first broken promise."""
    parsed: Any = get_fhir_model_class("Bundle").model_validate(bundle)
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert all(u.startswith("urn:uuid:") for u in urls)
    assert len(set(urls)) == len(urls)
    loincs = {e["loinc"] for e in vocabulary("analyte") if e.get("loinc")} | {AGE_LOINC}
    assert len(parsed.entry) == len(bundle["entry"])
    for entry, parsed_entry in zip(bundle["entry"], parsed.entry, strict=True):
        resource = entry["resource"]
        # the Bundle's validation parsed each resource as its own resource type (validating
        # it again on its own took a third of the time and caught nothing more)
        assert type(parsed_entry.resource) is get_fhir_model_class(resource["resourceType"])
        for key, value in _walk(resource):
            if key == "reference":
                assert value in urls, f"{resource['resourceType']} refers to {value} outside"
            if isinstance(value, dict) and value.get("system") == UCUM:
                assert ucum_known(value["code"]), value
            if isinstance(value, dict) and value.get("system") == LOINC:
                assert value["code"] in loincs, value
        if resource["resourceType"] == "Composition":
            numbers = [s["code"]["coding"][0]["code"] for s in resource["section"]]
            assert numbers == sorted(numbers, key=CARE_ORDER.index)
            listed = {e["reference"] for s in resource["section"] for e in s.get("entry", [])}
            own = {e["fullUrl"] for e in bundle["entry"]
                   if e["resource"]["resourceType"] != "Composition"}
            if bundle["type"] == "document":
                assert listed == own  # every resource of the case sits in a CARE section


def counts(bundle: dict[str, Any]) -> dict[str, int]:
    return dict(Counter(e["resource"]["resourceType"] for e in bundle["entry"]))


def test_reference_cases_parse_resolve_and_follow_care(reference_cases: list[Case]) -> None:
    bundles = [case_bundle(c, timestamp=STAMP) for c in reference_cases]
    for bundle in bundles:
        check_bundle(bundle)
        assert bundle["entry"][0]["resource"]["resourceType"] == "Composition"
    assert counts(bundles[0]) == REFERENCE_1_COUNTS
    kinds = set(counts(bundles[1]))
    assert {"Condition", "Observation", "Procedure", "MedicationAdministration",
            "AdverseEvent"} <= kinds
    # units of the labs are UCUM codes with their system
    labs = [e["resource"] for e in bundles[0]["entry"]
            if e["resource"]["resourceType"] == "Observation" and "valueQuantity" in
            e["resource"] and e["resource"]["category"][0]["coding"][0]["code"] == "laboratory"]
    assert labs and all(o["valueQuantity"].get("system") == UCUM for o in labs)


def test_fifty_generated_cases_parse(reference_cases: list[Case]) -> None:
    cases = list(generate_cases(50, seed=18))
    bundle = collection_bundle(cases, timestamp=STAMP)
    check_bundle(bundle)
    assert counts(bundle)["Composition"] == 50
    assert counts(bundle)["Patient"] == 50
    for case in cases[:5]:
        check_bundle(case_bundle(case, timestamp=STAMP))


def _days(bundle: dict[str, Any]) -> list[tuple[str | None, int | None]]:
    """(date, relative day) of every Observation's effective time."""
    out = []
    for e in bundle["entry"]:
        r = e["resource"]
        if r["resourceType"] == "Observation":
            ext = r.get("_effectiveDateTime", {}).get("extension", [])
            days = [x["valueInteger"] for x in ext if x["url"] == RELATIVE_DAY]
            out.append((r.get("effectiveDateTime"), days[0] if days else None))
    return out


def test_days_become_dates_only_when_day0_is_a_date(reference_cases: list[Case]) -> None:
    case = reference_cases[0]
    assert case.case_report.day0 is None
    plain = _days(case_bundle(case, timestamp=STAMP))
    assert plain and all(date is None for date, _ in plain)  # no invented dates
    assert any(day == 0 for _, day in plain)

    doc = case.to_json_dict()
    doc["case_report"]["day0"] = "2023-04-18"
    dated = Case.model_validate(doc)
    with_dates = _days(case_bundle(dated, timestamp=STAMP))
    assert ("2023-04-18", 0) in with_dates
    for date, day in with_dates:
        assert date is not None and day is not None

    shifted = _days(case_bundle(dated, options=FhirOptions(dates="shift", shift_days=10),
                                timestamp=STAMP))
    assert ("2023-04-08", 0) in shifted
    assert [d for _, d in shifted] == [d for _, d in with_dates]  # relative days stay

    dropped = _days(case_bundle(dated, options=FhirOptions(dates="drop"), timestamp=STAMP))
    assert all(date is None for date, _ in dropped)
    assert [d for _, d in dropped] == [d for _, d in with_dates]


def test_deidentified_bundle(reference_cases: list[Case]) -> None:
    doc = reference_cases[0].to_json_dict()
    doc["patient"].update(name="Maria Exempla", record_number="MRN-778812",
                          birth_date="1971-03-02")
    doc["case_report"]["introduction"] = "A remarkable introduction."
    case = Case.model_validate(doc)
    full = json.dumps(case_bundle(case, timestamp=STAMP))
    assert "Maria Exempla" in full and "MRN-778812" in full and "1971-03-02" in full
    assert "A remarkable introduction." in full

    options = FhirOptions(drop_identifiers=True, drop_text=True, dates="shift", shift_days=30)
    bundle = case_bundle(case, "H-0123456789abcdef0123", options, timestamp=STAMP)
    check_bundle(bundle)
    text = json.dumps(bundle)
    for secret in ("Maria Exempla", "MRN-778812", "1971", case.case_id,
                   "A remarkable introduction."):
        assert secret not in text
    patient = next(e["resource"] for e in bundle["entry"]
                   if e["resource"]["resourceType"] == "Patient")
    assert "name" not in patient and "birthDate" not in patient
    assert patient["identifier"] == [{"system": "urn:casebook:case-id",
                                      "value": "H-0123456789abcdef0123"}]


@pytest.mark.parametrize("index", [0, 1])
def test_reference_bundle_is_stable(reference_cases: list[Case], index: int) -> None:
    """Re-exports give the same urns (they derive from the exported id and the record)."""
    one = case_bundle(reference_cases[index], timestamp=STAMP)
    two = case_bundle(reference_cases[index], timestamp=STAMP)
    assert one == two
