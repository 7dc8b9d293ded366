"""Missing-value reasons are visible in the datasets (found by a stranger run, research data
manager): they were only inside the hidden ``_kept`` JSON column, so a de-identified export
(which has none) made "not reported" look like "never entered", and ODM lost them. Every table
has a ``<prefix>_nf`` column (``value_entered=not_done``), documented in the dictionary, kept
when de-identified, an ODM item too, and read back on import."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from core.io.deident import DeidOptions
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService


@pytest.fixture
def case(casebook: Casebook, reference_docs: list[dict]) -> Case:
    doc = json.loads(json.dumps(reference_docs[0]))
    lab = doc["labs"][0]
    lab.pop("value_entered")
    lab["value_entered_nf"] = "not_done"
    lab["note_nf"] = "not_reported"
    found = Case.model_validate(doc)
    casebook.cases.import_cases([found])
    return found


def _labs(folder: Path, case_id: str) -> list[dict[str, str]]:
    with open(folder / "labs.csv", encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["case_id"] == case_id]


def test_csv_shows_the_reasons_and_imports_them_back(casebook: Casebook, case: Case,
                                                     tmp_path: Path) -> None:
    service = DatasetService(casebook.interchange)
    service.export(tmp_path / "d", "csv", options=DeidOptions(drop_identifiers=True))
    assert "lab_kept" not in _labs(tmp_path / "d", case.case_id)[0]
    first, second = _labs(tmp_path / "d", case.case_id)[:2]
    assert first["lab_value_entered"] == ""
    assert first["lab_nf"] == "note=not_reported | value_entered=not_done"
    assert second["lab_nf"] == ""
    with open(tmp_path / "d" / "data_dictionary.csv", encoding="utf-8-sig", newline="") as fh:
        notes = {r["Variable / Field Name"]: r["Field Note"] for r in csv.DictReader(fh)}
    assert "not_done (not done)" in notes["lab_nf"] and "pending" in notes["lab_nf"]

    # de-identified (no kept column): the reasons come back from the visible column
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        other.interchange.import_files([tmp_path / "d"])
        back = other.cases.open_case(case.case_id)
        assert back.labs[0].nf == {"value_entered": "not_done", "note": "not_reported"}
        assert back.labs[1].nf == {}
    finally:
        other.close()


def test_xlsx_and_odm_carry_the_reasons(casebook: Casebook, case: Case, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    service = DatasetService(casebook.interchange)
    service.export(tmp_path / "d.xlsx", "xlsx", options=DeidOptions(hash_ids=True))
    sheet = load_workbook(tmp_path / "d.xlsx", read_only=True)["labs"]
    rows = list(sheet.iter_rows(values_only=True))
    at = rows[0].index("lab_nf")
    assert "note=not_reported | value_entered=not_done" in [r[at] for r in rows[1:] if len(r) > at]

    service.export(tmp_path / "d.odm.xml", "odm")
    xml = (tmp_path / "d.odm.xml").read_text(encoding="utf-8")
    assert '<ItemDef OID="IT.lab_nf"' in xml
    assert ('<ItemData ItemOID="IT.lab_nf" Value="note=not_reported | '
            'value_entered=not_done" />') in xml


@pytest.mark.expected_errors("an import refused for a bad missing-value reason")
def test_a_bad_reason_is_named(casebook: Casebook, case: Case, tmp_path: Path) -> None:
    from core.errors import InvalidData

    DatasetService(casebook.interchange).export(tmp_path / "d", "csv")
    path = tmp_path / "d" / "labs.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("value_entered=not_done", "value_entered=lost"),
                    encoding="utf-8")
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        with pytest.raises(InvalidData) as caught:
            other.interchange.import_files([tmp_path / "d"])
        assert "column lab_nf: unknown missing-value reason 'lost'" in str(caught.value)
    finally:
        other.close()
