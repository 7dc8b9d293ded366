"""The age in a dataset export (CSV, workbook, ODM, FHIR). De-identified, an age of 90 and
over is written as 90 with the top-coded flag (it was 91, flag 0: an age of 91 identifies),
and without an age typed the age derived from the birth date is written (it was empty,
while the birth date itself is dropped); a derived 93 is top-coded as a typed 93 is. The
data dictionary says what 90 means. An identified export keeps the age as typed and, without
one, writes the derived age too (it was empty: the two exports disagreed), which its kept
column leaves out again on import: the case comes back with no age typed, byte for byte."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

from core.cli import main

TYPED, BORN_48, BORN_93 = "SEED-C1-CAO2023", "SEED-C2-CAO2023", "HC-AGE-BORN-93"
DEID = ["--drop-identifiers", "--drop-dates", "--drop-text", "--confirm-phi"]
# (years, months, top-coded) as written, de-identified
WANT = {TYPED: ("90", "", "1"), BORN_48: ("48", "", "0"), BORN_93: ("90", "", "1")}


@pytest.fixture
def age_cases(tmp_path: Path, reference_docs: list[dict]) -> None:
    typed, born, old = json.loads(json.dumps(reference_docs + reference_docs[1:]))
    typed["patient"].update(age_at_day0=91, age_top_coded=False)
    for doc, birth in ((born, "1975-03-01"), (old, "1930-03-01")):
        del doc["patient"]["age_at_day0"], doc["patient"]["age_top_coded"]
        doc["patient"]["birth_date"] = birth
        doc["case_report"]["day0"] = "2023-04-18"
    old["case_id"] = BORN_93
    path = tmp_path / "ages.casebook.json"
    path.write_text(json.dumps({"cases": [typed, born, old]}), encoding="utf-8")
    assert main(["import", str(path)]) == 0


def _export(fmt: str, out: Path, *options: str) -> None:
    assert main(["export", "--format", fmt, *options, "-o", str(out)]) == 0


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _ages(rows: list[dict[str, str]]) -> dict[str, tuple[str, str, str]]:
    return {r["case_id"]: (r["pt_age_at_day0"], r["pt_age_at_day0_months"],
                           r["pt_age_top_coded"]) for r in rows}


def test_csv_top_codes_and_derives_the_age(age_cases, tmp_path: Path) -> None:
    _export("csv", tmp_path / "deid", *DEID)
    assert _ages(_csv(tmp_path / "deid" / "patient.csv")) == WANT
    note = next(r["Field Note"] for r in _csv(tmp_path / "deid" / "data_dictionary.csv")
                if r["Variable / Field Name"] == "pt_age_at_day0")
    assert "90 means 90 or over" in note
    # only hashed ids is de-identified too
    _export("csv", tmp_path / "hashed", "--hash-ids", "--confirm-phi")
    assert sorted(_ages(_csv(tmp_path / "hashed" / "patient.csv")).values()) == \
        sorted(WANT.values())
    # identified: as typed, and without one typed the derived age (the same as the
    # de-identified export's: it was empty), which imports back as no age typed
    _export("csv", tmp_path / "plain")
    plain = _ages(_csv(tmp_path / "plain" / "patient.csv"))
    assert plain == {TYPED: ("91", "", "0"), BORN_48: WANT[BORN_48], BORN_93: WANT[BORN_93]}
    note = next(r["Field Note"] for r in _csv(tmp_path / "plain" / "data_dictionary.csv")
                if r["Variable / Field Name"] == "pt_age_at_day0")
    assert "90 means" not in note
    assert "without an age entered, the age derived from the birth date" in note


def _workbook_ages(path: Path) -> dict[object, tuple[str, ...]]:
    sheet = openpyxl.load_workbook(path, read_only=True)["patient"]
    rows = list(sheet.iter_rows(values_only=True))
    at = {name: i for i, name in enumerate(rows[0])}
    return {r[0]: tuple("" if r[at[c]] is None else str(r[at[c]]) for c in (
        "pt_age_at_day0", "pt_age_at_day0_months", "pt_age_top_coded")) for r in rows[1:]}


def test_workbook_top_codes_and_derives_the_age(age_cases, tmp_path: Path) -> None:
    _export("xlsx", tmp_path / "deid.xlsx", *DEID)
    assert _workbook_ages(tmp_path / "deid.xlsx") == WANT
    _export("xlsx", tmp_path / "plain.xlsx")
    plain = _workbook_ages(tmp_path / "plain.xlsx")
    assert plain == {TYPED: ("91", "", "0"), BORN_48: WANT[BORN_48], BORN_93: WANT[BORN_93]}


def _odm_ages(path: Path) -> dict[str | None, tuple[str, ...]]:
    got = {}
    for subject in ET.parse(path).getroot().iter("{http://www.cdisc.org/ns/odm/v1.3}SubjectData"):
        items = {i.get("ItemOID"): i.get("Value") for i in subject.iter(
            "{http://www.cdisc.org/ns/odm/v1.3}ItemData")}
        got[subject.get("SubjectKey")] = tuple(items.get(f"IT.{c}") or "" for c in (
            "pt_age_at_day0", "pt_age_at_day0_months", "pt_age_top_coded"))
    return got


def test_odm_top_codes_and_derives_the_age(age_cases, tmp_path: Path) -> None:
    _export("odm", tmp_path / "deid.odm.xml", *DEID)
    assert _odm_ages(tmp_path / "deid.odm.xml") == WANT
    _export("odm", tmp_path / "plain.odm.xml")
    assert _odm_ages(tmp_path / "plain.odm.xml") == {
        TYPED: ("91", "", "0"), BORN_48: WANT[BORN_48], BORN_93: WANT[BORN_93]}


@pytest.mark.parametrize("name", ["plain.zip", "plain.xlsx"])
def test_a_derived_age_imports_back_as_no_age_typed(age_cases, tmp_path: Path, capsys,
                                                    name: str) -> None:
    _export("json", tmp_path / "before.json")
    _export("xlsx" if name.endswith(".xlsx") else "csv", tmp_path / name)
    other = ["--data-dir", str(tmp_path / "other")]
    assert main([*other, "import", str(tmp_path / name)]) == 0
    assert main([*other, "export", "-o", str(tmp_path / "after.json")]) == 0
    before, after = (json.loads((tmp_path / f).read_text(encoding="utf-8"))["cases"]
                     for f in ("before.json", "after.json"))
    assert after == before
    born = next(c for c in after if c["case_id"] == BORN_48)["patient"]
    assert "age_at_day0" not in born and born["birth_date"] == "1975-03-01"


def _fhir_ages(path: Path) -> dict[str, dict]:
    bundle = json.loads(path.read_text(encoding="utf-8"))
    patients = {e["fullUrl"]: e["resource"]["identifier"][0]["value"] for e in bundle["entry"]
                if e["resource"]["resourceType"] == "Patient"}
    return {patients[r["subject"]["reference"]]: r["valueQuantity"]
            for e in bundle["entry"] if (r := e["resource"])["resourceType"] == "Observation"
            and r["code"]["coding"][0]["code"] == "30525-0"}


def test_fhir_writes_the_age_top_coded_and_derived(age_cases, tmp_path: Path) -> None:
    _export("fhir", tmp_path / "deid.fhir.json", *DEID)
    got = {k: (v["value"], v.get("comparator")) for k, v in
           _fhir_ages(tmp_path / "deid.fhir.json").items()}
    assert got == {TYPED: (90, ">="), BORN_48: (48, None), BORN_93: (90, ">=")}
    _export("fhir", tmp_path / "plain.fhir.json")
    plain = _fhir_ages(tmp_path / "plain.fhir.json")
    assert plain[TYPED] == {"value": 91, "unit": "years", "system": "http://unitsofmeasure.org",
                            "code": "a"}
    assert plain[BORN_48]["value"] == 48 and plain[BORN_93]["comparator"] == ">="


def test_a_derived_age_edited_in_the_dataset_is_taken_as_typed(age_cases, tmp_path: Path,
                                                               capsys) -> None:
    """The kept column leaves the derived age out on import only while its cell still holds
    it: an age edited in a spreadsheet (48 made 45) was dropped without a word (a reviewer's
    finding); unchanged, it is left out as before (the test above)."""
    _export("csv", tmp_path / "plain")
    patient = tmp_path / "plain" / "patient.csv"
    rows = _csv(patient)
    for row in rows:
        if row["case_id"] == BORN_48:
            assert row["pt_age_at_day0"] == "48"
            row["pt_age_at_day0"] = "45"
    with open(patient, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    other = ["--data-dir", str(tmp_path / "other")]
    assert main([*other, "import", str(tmp_path / "plain")]) == 0
    assert main([*other, "export", "-o", str(tmp_path / "after.json")]) == 0
    after = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))["cases"]
    born = next(c for c in after if c["case_id"] == BORN_48)["patient"]
    assert born["age_at_day0"] == 45 and born["birth_date"] == "1975-03-01"
    old = next(c for c in after if c["case_id"] == BORN_93)["patient"]
    assert "age_at_day0" not in old  # untouched: left out again
