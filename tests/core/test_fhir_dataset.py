"""casebook export --format fhir (issue 18): the FHIR Bundle through the dataset export, with
its de-identification options, identifier scan and audit entry."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from core.cli import main
from core.io.deident import Deidentifier, DeidOptions, load_key, shift_date
from core.model import Case
from core.services.datasets import DatasetService
from tests.core.dataset_text import without_random_ids
from tests.core.report.test_report_deidentified import MRN, NAME, NARRATIVE

CASE = "SEED-C1-CAO2023"


@pytest.fixture
def stored(casebook: Any, reference_cases: list[Case]) -> DatasetService:
    doc = reference_cases[0].to_json_dict()
    doc["patient"].update(name=NAME, record_number=MRN, birth_date="1961-07-23")
    doc["case_report"].update(day0="2023-04-18", discussion=NARRATIVE)
    casebook.cases.import_cases([Case.model_validate(doc), reference_cases[1]])
    return DatasetService(casebook.interchange)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*args])
    return code, capsys.readouterr().err


def resources(path: Path) -> list[dict[str, Any]]:
    bundle = json.loads(path.read_text(encoding="utf-8"))
    get_fhir_model_class("Bundle").model_validate(bundle)
    return [e["resource"] for e in bundle["entry"]]


def test_plain_fhir_export_holds_the_identifiers(stored: DatasetService, tmp_path: Path) -> None:
    target = tmp_path / "all.fhir.json"
    result = stored.export(target, "fhir")
    assert result.cases == 2
    found = resources(target)
    patients = [r for r in found if r["resourceType"] == "Patient"]
    assert len(patients) == 2 and sum(r["resourceType"] == "Composition" for r in found) == 2
    assert patients[0]["name"] == [{"text": NAME}] and patients[0]["birthDate"] == "1961-07-23"
    assert any(r.get("effectiveDateTime") == "2023-04-18" for r in found)


def test_cli_deidentified_fhir_export(capsys: pytest.CaptureFixture[str],
                                      stored: DatasetService, tmp_path: Path,
                                      data_home: Path) -> None:
    target = tmp_path / "deid.fhir.json"
    flags = ["--format", "fhir", "--drop-identifiers", "--hash-ids", "--shift-dates"]
    code, err = run(capsys, "export", CASE, *flags, "-o", str(target))
    assert code == 1 and "Quistorp" in err and "--confirm-phi" in err
    assert not target.exists()

    code, err = run(capsys, "export", CASE, *flags, "--drop-text", "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    for secret in (NAME, "Quistorp", MRN, "1961", CASE):
        assert secret not in without_random_ids(text)
    deid = Deidentifier(DeidOptions(hash_ids=True, dates="shift"), load_key(data_home))
    found = resources(target)
    patient = next(r for r in found if r["resourceType"] == "Patient")
    assert "name" not in patient and "birthDate" not in patient
    assert patient["identifier"] == [{"system": "urn:casebook:case-id",
                                      "value": deid.case_id(CASE)}]
    day0 = shift_date("2023-04-18", deid.shift_days(CASE))
    days = [r.get("effectiveDateTime") for r in found if r["resourceType"] == "Observation"]
    assert day0 in days
    with sqlite3.connect(data_home / "casebook.db") as db:
        rows = db.execute("SELECT new, reason FROM audit WHERE action = 'export'").fetchall()
    assert rows[-1][0].startswith("1 case(s) as fhir to deid.fhir.json; identifiers dropped, "
                                  "case ids hashed, free text dropped, dates shifted")
    assert rows[-1][1] == CASE

    dropped = tmp_path / "nodates.fhir.json"
    code, err = run(capsys, "export", CASE, "--format", "fhir", "--drop-dates", "--drop-text",
                    "-o", str(dropped))
    assert code == 0, err
    assert "2023-" not in dropped.read_text(encoding="utf-8").split('"entry"', 1)[1]
