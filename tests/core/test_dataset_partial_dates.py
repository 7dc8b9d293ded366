"""A partly known date (``2023-02``) has no day number in any dataset (found by a stranger run,
research data manager): it was exported as the days from Day 0 to its first day
(``lab_day_day`` 17), a precision never recorded, in CSV, ODM and FHIR's relative-day
extension. A full date still has its day number, and the partial date comes back exactly."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from core.io.fhir import case_bundle
from core.io.fhir_context import RELATIVE_DAY
from core.model import Case
from core.model.when import When
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService


def _case(reference_docs: list[dict]) -> Case:
    doc = json.loads(json.dumps(reference_docs[0]))
    doc["case_report"]["day0"] = "2023-01-15"
    doc["labs"][0]["day"] = "2023-02"      # month precision
    doc["labs"][1]["day"] = "2023-01-20"   # a full date: day 5
    return Case.model_validate(doc)


def test_exact_day_only_for_a_day_known_to_the_day() -> None:
    day0 = When(date="2023-01-15")
    assert When(date="2023-02").exact_day(day0) is None
    assert When(date="2023").exact_day(day0) is None
    assert When(date="2023-01-20").exact_day(day0) == 5
    assert When(date="2023-01-20").exact_day(When(date="2023-01")) is None
    assert When(day=3).exact_day(None) == 3


def test_csv_and_odm_leave_a_partial_date_without_a_day(
        casebook: Casebook, reference_docs: list[dict], tmp_path: Path) -> None:
    case = _case(reference_docs)
    casebook.cases.import_cases([case])
    service = DatasetService(casebook.interchange)
    service.export(tmp_path / "d", "csv")
    with open(tmp_path / "d" / "labs.csv", encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["case_id"] == case.case_id]
    assert (rows[0]["lab_day_date"], rows[0]["lab_day_day"]) == ("2023-02", "")
    assert (rows[1]["lab_day_date"], rows[1]["lab_day_day"]) == ("2023-01-20", "5")
    with open(tmp_path / "d" / "data_dictionary.csv", encoding="utf-8-sig", newline="") as fh:
        notes = {r["Variable / Field Name"]: r["Field Note"] for r in csv.DictReader(fh)}
    assert "empty when only the month or year is known" in notes["lab_day_day"]

    service.export(tmp_path / "d.odm.xml", "odm")
    xml = (tmp_path / "d.odm.xml").read_text(encoding="utf-8")
    records = re.findall(r'<ItemGroupData ItemGroupOID="IG\.labs" ItemGroupRepeatKey="(\d+)"'
                         r'>(.*?)</ItemGroupData>', xml)
    first, second = dict(records)["1"], dict(records)["2"]
    assert 'Value="2023-02"' in first and "IT.lab_day_day" not in first
    assert '<ItemData ItemOID="IT.lab_day_day" Value="5" />' in second

    # the round trip keeps 2023-02 exactly
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        other.interchange.import_files([tmp_path / "d"])
        back = other.cases.open_case(case.case_id)
        assert back.labs[0].day == When(date="2023-02")
        assert back.labs[1].day == When(date="2023-01-20")
    finally:
        other.close()


def test_fhir_has_no_relative_day_for_a_partial_date(reference_docs: list[dict]) -> None:
    bundle = case_bundle(_case(reference_docs), timestamp="2026-12-06T17:00:00+00:00")
    days = {}
    for entry in bundle["entry"]:
        res = entry["resource"]
        if res["resourceType"] == "Observation" and res.get("effectiveDateTime") in (
                "2023-02", "2023-01-20"):
            ext = res.get("_effectiveDateTime", {}).get("extension", [])
            days[res["effectiveDateTime"]] = [e["valueInteger"] for e in ext
                                              if e["url"] == RELATIVE_DAY]
    assert days == {"2023-02": [], "2023-01-20": [5]}
