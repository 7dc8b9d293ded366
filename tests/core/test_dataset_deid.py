"""De-identified dataset exports (issue 18): one test per option on a case that holds a name,
a record number, a birth date, calendar dates and identifiers inside its narrative text (the
probe case of the de-identified PDF tests); the identifier scan refuses before anything is
written; the CLI's flags and the audit entry."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from core.cli import main
from core.io.deident import DeidOptions, IdentifiersFound, key_file, shift_date
from core.model import Case
from core.services.datasets import DatasetService, UnknownFormat
from tests.core.report.test_report_deidentified import MRN, NAME, identify

CASE = "SEED-C1-CAO2023"


@pytest.fixture
def identified(reference_cases) -> Case:
    """Reference case 1 with a name, a record number, exact dates in fields and narrative."""
    return identify(reference_cases[0])


@pytest.fixture
def stored(casebook, identified, reference_cases) -> DatasetService:
    casebook.cases.import_cases([identified, reference_cases[1]])
    return DatasetService(casebook.interchange)


def export(service: DatasetService, target: Path, **options) -> dict[str, list[dict[str, str]]]:
    confirm = options.pop("confirm_all", False)
    service.export(target, "csv", None, DeidOptions(**options), confirm_all=confirm)
    out = {}
    for path in target.glob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            out[path.stem] = list(csv.DictReader(fh))
    return out


def all_text(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8-sig") for p in folder.glob("*.csv"))


def test_plain_export_holds_the_identifiers(stored, tmp_path):
    files = export(stored, tmp_path / "plain")
    patient = next(r for r in files["patient"] if r["case_id"] == CASE)
    assert (patient["pt_name"], patient["pt_record_number"]) == (NAME, MRN)
    assert patient["pt_birth_date_date"] == "1961-07-23"


def test_scan_refuses_and_lists_what_it_found(stored, tmp_path):
    with pytest.raises(IdentifiersFound) as caught:
        stored.export(tmp_path / "out", "csv", None, DeidOptions(drop_identifiers=True))
    found = {(h.case_id, h.path, h.text) for h in caught.value.hits}
    assert (CASE, "case_report.discussion", "Quistorp") in found
    assert (CASE, "case_report.discussion", MRN) in found
    assert (CASE, "bm_assessments[1].note", "2023-05-18") in found
    assert "Title & keywords › Case report › Discussion" in str(caught.value)
    assert not (tmp_path / "out").exists()  # nothing written
    # the hits confirmed one by one (the dialog's way) let the export through
    stored.export(tmp_path / "out", "csv", None, DeidOptions(drop_identifiers=True),
                  confirmed=caught.value.hits)
    assert (tmp_path / "out" / "data_dictionary.csv").exists()


def test_scan_finds_the_real_case_id_and_year_months_in_kept_text(casebook, identified, tmp_path):
    """A kept label citing the real case id undoes --hash-ids; a year-month beside shifted
    dates gives the offset away: both are refused (found by review), in every format."""
    doc = identified.to_json_dict()
    # short text that every option keeps (a timeline label is free text, left out)
    doc["diagnoses"][0]["risk_group"] = f"high as for {CASE}, seen 2023-05 and 06/2023"
    casebook.cases.import_cases([Case.model_validate(doc)])
    service = DatasetService(casebook.interchange)
    for fmt, out in (("csv", "c"), ("xlsx", "x.xlsx"), ("odm", "o.xml"), ("fhir", "f.json")):
        with pytest.raises(IdentifiersFound) as caught:
            service.export(tmp_path / out, fmt, [CASE], DeidOptions(
                drop_identifiers=True, hash_ids=True, drop_text=True, dates="shift"))
        found = {(h.path, h.text, h.kind) for h in caught.value.hits}
        assert ("diagnoses[0].risk_group", CASE, "case id") in found, fmt
        assert ("diagnoses[0].risk_group", "2023-05", "date") in found, fmt
        assert ("diagnoses[0].risk_group", "06/2023", "date") in found, fmt
        assert not (tmp_path / out).exists()
    # without the options that need them, the same text is not refused for them
    hits = []
    try:
        service.export(tmp_path / "k", "csv", [CASE], DeidOptions(drop_text=True))
    except IdentifiersFound as exc:
        hits = exc.hits
    assert not {h.kind for h in hits if h.path == "diagnoses[0].risk_group"} & {"case id", "date"}


def test_drop_identifiers(stored, tmp_path):
    files = export(stored, tmp_path / "out", drop_identifiers=True, drop_text=True)
    header = files["patient"][0].keys()
    assert not {"pt_name", "pt_record_number", "pt_birth_date_day",
                "pt_birth_date_date"} & set(header)
    text = all_text(tmp_path / "out")
    assert NAME not in text and MRN not in text and "1961-07-23" not in text
    names = {r["Variable / Field Name"] for r in files["data_dictionary"]}
    assert "pt_name" not in names and "pt_age_at_day0" in names


def test_hash_ids_keyed_and_stable(stored, tmp_path, data_home):
    first = export(stored, tmp_path / "a", hash_ids=True, confirm_all=True)
    again = export(stored, tmp_path / "b", hash_ids=True, confirm_all=True)
    ids = {r["case_id"] for r in first["patient"]}
    assert len(ids) == 2 and all(i.startswith("H-") for i in ids)
    assert ids == {r["case_id"] for r in again["patient"]}  # the same in every export
    assert CASE not in all_text(tmp_path / "a")
    key = key_file(data_home).read_bytes()
    assert len(key) == 32 and key.hex() not in all_text(tmp_path / "a")
    key_file(data_home).write_bytes(b"another key of 32 bytes........")
    other = export(stored, tmp_path / "c", hash_ids=True, confirm_all=True)
    assert not ids & {r["case_id"] for r in other["patient"]}  # the hash needs the key


def test_drop_free_text(stored, tmp_path):
    files = export(stored, tmp_path / "out", drop_text=True, confirm_all=True)
    assert "rep_discussion" not in files["case_report"][0]
    assert "bm_note" not in files["bm_assessments"][0]
    text = all_text(tmp_path / "out")
    assert "admitted on" not in text and "Aspirate of" not in text
    assert "rep_title" not in files["case_report"][0]  # a title can name the patient
    # free text too, though not CARE prose: it can name the patient, a place or a date
    assert "rep_day0_definition" not in files["case_report"][0]
    assert "rep_keywords" not in files["case_report"][0]
    assert "rep_discussion" in export(stored, tmp_path / "plain", confirm_all=True)[
        "case_report"][0]


def test_drop_dates_keeps_days(stored, tmp_path):
    files = export(stored, tmp_path / "out", dates="drop", drop_text=True, confirm_all=True)
    assert not any(k.endswith("_date") for r in files.values() for k in (r[0] if r else {}))
    text = all_text(tmp_path / "out")
    for date in ("2023-04-18", "2023-06-02", "2023-05", "1961-07-23"):
        assert date not in text
    findings = [r for r in files["clinical_findings"] if r["case_id"] == CASE]
    assert (findings[0]["find_day_day"], findings[2]["find_day_day"]) == ("0", "45")


def test_shift_dates_back_by_one_offset_per_case(stored, tmp_path):
    plain = export(stored, tmp_path / "plain")
    shifted = export(stored, tmp_path / "a", dates="shift", confirm_all=True)
    again = export(stored, tmp_path / "b", dates="shift", confirm_all=True)

    def dates(files: dict) -> dict[tuple[str, str, str], str]:
        return {(name, r["case_id"], k): v for name, rows in files.items()
                if name != "data_dictionary" for r in rows for k, v in r.items()
                if k.endswith("_date") and v}

    before, after = dates(plain), dates(shifted)
    assert before.keys() == after.keys() and len(before) >= 5
    offsets = {(dt.date.fromisoformat(before[k]) - dt.date.fromisoformat(after[k])).days
               for k in before if k[1] == CASE and len(before[k]) == 10}
    assert len(offsets) == 1 and 0 <= offsets.pop() <= 364  # one offset, backwards
    assert after == dates(again)  # the same offset in every export
    offset = (dt.date.fromisoformat(before[("case_report", CASE, "rep_day0_date")])
              - dt.date.fromisoformat(after[("case_report", CASE, "rep_day0_date")])).days
    assert after[("timeline", CASE, "tl_day_date")] == shift_date("2023-05", offset)
    days = [r["find_day_day"] for r in shifted["clinical_findings"] if r["case_id"] == CASE]
    assert days[:3] == [r["find_day_day"] for r in plain["clinical_findings"]
                        if r["case_id"] == CASE][:3]  # days relative to Day 0 unchanged


def test_shift_date_keeps_precision():
    assert shift_date("2023-04-18", 20) == "2023-03-29"
    assert shift_date("2023-05", 31) == "2023-04"  # by its middle day, May 16
    assert shift_date("2023", 1) == "2023"  # by July 2


def test_a_shifted_year_does_not_give_the_real_year_away():
    """A review: a year alone moved by its first day went back one year for every offset but
    0, so the real year was the shifted one plus one; by its middle day it stays or goes back
    one, about half the offsets each, as a full date's year does."""
    shown = [shift_date("2023", days) for days in range(365)]
    assert 150 < shown.count("2023") < 215 and shown.count("2022") == 365 - shown.count("2023")
    months = {shift_date("2023-05", days) for days in range(365)}
    assert "2023-05" in months and len(months) == 13  # May 2023 back to May 2022


def test_unknown_format_is_refused(stored, tmp_path):
    with pytest.raises(UnknownFormat, match="the formats are: json, csv"):
        stored.export(tmp_path / "x", "xml")


def run(capsys, *args: str) -> tuple[int, str]:
    code = main([*args])
    return code, capsys.readouterr().err


def test_cli_export_flags_refusal_and_audit(capsys, stored, tmp_path, data_home):
    code, err = run(capsys, "export", "--format", "sav", "-o", str(tmp_path / "x"))
    assert code == 2 and "the formats are: json, csv" in err
    target = tmp_path / "out.zip"
    code, err = run(capsys, "export", CASE, "--format", "csv", "--drop-identifiers",
                    "--hash-ids", "--shift-dates", "-o", str(target))
    assert code == 1 and "Quistorp" in err and "--confirm-phi" in err
    assert not target.exists()
    code, err = run(capsys, "export", CASE, "--format", "csv", "--drop-identifiers",
                    "--hash-ids", "--shift-dates", "--confirm-phi", "-o", str(target))
    assert code == 0, err
    assert target.exists() and "1 case(s)" in err
    code, err = run(capsys, "export", "--drop-text", "-o", str(tmp_path / "a.json"))
    assert code == 2 and "--format csv" in err
    with sqlite3.connect(data_home / "casebook.db") as db:
        rows = db.execute("SELECT new, reason FROM audit WHERE action = 'export'").fetchall()
    assert rows[-1][0].startswith("1 case(s) as csv to out.zip; identifiers dropped, case ids "
                                  "hashed, dates shifted; ")
    assert "possible identifier(s) confirmed" in rows[-1][0]
    assert rows[-1][1] == CASE


def test_cli_json_export_unchanged(capsys, stored, tmp_path):
    code, _ = run(capsys, "export", CASE, "-o", str(tmp_path / "one.json"))
    assert code == 0
    assert '"case_id":"SEED-C1-CAO2023"' in (tmp_path / "one.json").read_text(encoding="utf-8")


def test_case_frame_is_what_every_row_of_a_case_shares(identified):
    from core.io.deident import Deidentifier

    key = b"k" * 32
    shifted = Deidentifier(DeidOptions(hash_ids=True, dates="shift"), key)
    frame = shifted.case_frame(identified)
    assert frame.case_id == shifted.case_id(CASE) and frame.case_id.startswith("H-")
    assert frame.day0 == identified.case_report.day0
    assert frame.shift == shifted.shift_days(CASE)
    plain = Deidentifier(DeidOptions(), key).case_frame(identified)
    assert (plain.case_id, plain.shift) == (CASE, None)
