"""FHIR export of a drug given on separate days: reference case 1's intrathecal methotrexate
('once', days 201, 204, 208, 211, 218 and 225, start d201, end d225) is six doses, one
resource per day with its dose, never one period from d201 to d225 (which reads as given all
along); the continuous blinatumomab infusion (no listed days) stays one period. The rule is
the PDF's (core.clinical.days.listed_days); dates follow Day 0 and the de-identification
options as every other date of the export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.io.fhir import RELATIVE_DAY, FhirOptions, case_bundle
from core.model import Case
from tests.core.test_fhir_export import STAMP, check_bundle

IT_DAYS = [201, 204, 208, 211, 218, 225]
DAY0 = dt.date(2023, 4, 18)


def _drug(bundle: dict[str, Any], inn: str, route: str) -> list[dict[str, Any]]:
    """The medication resources of ``inn`` given by ``route``, in the Bundle's order."""
    found = []
    for entry in bundle["entry"]:
        r = entry["resource"]
        if r["resourceType"] not in ("MedicationAdministration", "MedicationStatement"):
            continue
        dosage = r["dosage"][0] if isinstance(r["dosage"], list) else r["dosage"]  # statement's
        if r["medicationCodeableConcept"]["text"] == inn \
                and dosage["route"]["coding"][0]["code"] == route:
            found.append(r)
    return found


def _relative(period: dict[str, Any], end: str) -> int:
    return next(x["valueInteger"] for x in period["_" + end]["extension"]
                if x["url"] == RELATIVE_DAY)


def _dated(case: Case, **changes: Any) -> Case:
    doc = case.to_json_dict()
    doc["case_report"]["day0"] = DAY0.isoformat()
    for line in doc["treatment_lines"]:
        for admin in line["administrations"]:
            admin.update(changes)
    return Case.model_validate(doc)


def _it_methotrexate_from_d201(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in resources if _relative(r["effectivePeriod"], "start") >= 201]


def test_it_doses_are_one_administration_per_day(reference_cases: list[Case]) -> None:
    case = reference_cases[0]
    assert case.case_report.day0 is None  # day numbers only: the relative-day extension
    bundle = case_bundle(case, timestamp=STAMP)
    check_bundle(bundle)
    given = _it_methotrexate_from_d201(_drug(bundle, "methotrexate", "IT"))
    assert [_relative(r["effectivePeriod"], "start") for r in given] == IT_DAYS
    assert [_relative(r["effectivePeriod"], "end") for r in given] == IT_DAYS
    for r in given:
        assert r["resourceType"] == "MedicationAdministration"
        assert r["dosage"]["dose"]["value"] == 10 and r["dosage"]["dose"]["unit"] == "mg"
    # every listed dose of the case: d3, d24; d60, d100, d140; and the six above
    assert len(_drug(bundle, "methotrexate", "IT")) == 2 + 3 + 6

    blina = _drug(bundle, "blinatumomab", "CIV")  # continuous: one period per row, as before
    assert [(_relative(r["effectivePeriod"], "start"), _relative(r["effectivePeriod"], "end"))
            for r in blina] == [(200, 206), (207, 227)]


def test_it_doses_get_their_dates_from_day0(reference_cases: list[Case]) -> None:
    case = _dated(reference_cases[0])
    dates = [(DAY0 + dt.timedelta(days=d)).isoformat() for d in IT_DAYS]
    bundle = case_bundle(case, timestamp=STAMP)
    check_bundle(bundle)
    given = _it_methotrexate_from_d201(_drug(bundle, "methotrexate", "IT"))
    assert [(r["effectivePeriod"]["start"], r["effectivePeriod"]["end"]) for r in given] == \
        list(zip(dates, dates, strict=True))
    blina = _drug(bundle, "blinatumomab", "CIV")[0]["effectivePeriod"]
    assert (blina["start"], blina["end"]) == ((DAY0 + dt.timedelta(days=200)).isoformat(),
                                              (DAY0 + dt.timedelta(days=206)).isoformat())

    # de-identified: shifted back by the offset, or dropped (the relative days stay)
    shifted = case_bundle(case, options=FhirOptions(dates="shift", shift_days=10),
                          timestamp=STAMP)
    check_bundle(shifted)
    moved = _it_methotrexate_from_d201(_drug(shifted, "methotrexate", "IT"))
    assert [r["effectivePeriod"]["start"] for r in moved] == [
        (DAY0 + dt.timedelta(days=d - 10)).isoformat() for d in IT_DAYS]
    dropped = case_bundle(case, options=FhirOptions(dates="drop"), timestamp=STAMP)
    check_bundle(dropped)
    bare = _it_methotrexate_from_d201(_drug(dropped, "methotrexate", "IT"))
    assert [_relative(r["effectivePeriod"], "start") for r in bare] == IT_DAYS
    assert all("start" not in r["effectivePeriod"] for r in bare)


def test_planned_doses_on_listed_days_are_one_statement_per_day(
        reference_cases: list[Case]) -> None:
    bundle = case_bundle(_dated(reference_cases[0], planned_vs_actual="planned"),
                         timestamp=STAMP)
    check_bundle(bundle)
    planned = _it_methotrexate_from_d201(_drug(bundle, "methotrexate", "IT"))
    assert [(r["resourceType"], r["status"], r["effectivePeriod"]["start"],
             r["effectivePeriod"]["end"]) for r in planned] == [
        ("MedicationStatement", "intended", d, d)
        for d in ((DAY0 + dt.timedelta(days=day)).isoformat() for day in IT_DAYS)]
    assert all(r["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"] == 10
               for r in planned)
    blina = _drug(bundle, "blinatumomab", "CIV")
    assert len(blina) == 2 and all(r["resourceType"] == "MedicationStatement" for r in blina)
