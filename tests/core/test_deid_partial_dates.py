"""`casebook export --drop-dates` of cases holding partly known dates (a year, a year and a
month, in the When type; Day 0 too): a partial date is dropped as a full date is, in every
format (CSV folder and .zip, workbook, ODM, FHIR). No year of the case's dates is left in the
output, nothing fails, and the day numbers are those of the identified export: a full date's
day relative to Day 0 stays, a partial date has none (it is not known to the day), a record
entered as a day number keeps it beside a partial Day 0, and Day 0's own day is 0 whatever its
precision (it was empty for a partial Day 0). Such a dataset imports into an empty folder (a
full Day 0's own day, 0, was refused there as a Day 0 date)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from core.cli import main

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"
YEARS = ("1986", "1987", "1952")  # in no reference case: any of them in an export is a leak


@pytest.fixture
def partial_cases(tmp_path: Path, reference_docs: list[dict]) -> Path:
    first, second = json.loads(json.dumps(reference_docs))
    first["case_report"]["day0"] = "1987-03-10"
    first["labs"][0]["day"] = "1987-04"       # month precision
    first["labs"][1]["day"] = "1986"          # year precision
    first["labs"][2]["day"] = "1987-03-15"    # a full date: day 5
    first["patient"]["birth_date"] = "1952"
    second["case_report"]["day0"] = "1987-05"  # Day 0 known to the month
    second["labs"][0]["day"] = "1987-06-02"   # a full date, Day 0 partial: no day number
    second["labs"][1]["day"] = "1987"
    path = tmp_path / "partial.casebook.json"
    path.write_text(json.dumps({"cases": [first, second]}), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    return path


def _csv_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    out = {}
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            out[path.stem] = list(csv.DictReader(fh))
    return out


def _days(tables: dict[str, list[dict[str, str]]]) -> dict[tuple[str, str, str, str], str]:
    """Every day-number cell: (table, case, row, column) -> its text."""
    return {(name, row["case_id"], next(v for k, v in row.items() if k.endswith("_row")),
             col): value
            for name, rows in tables.items() if name != "data_dictionary"
            for row in rows for col, value in row.items() if col.endswith("_day")}


def test_drop_dates_drops_partial_dates_as_full_ones(partial_cases: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    plain, dropped = tmp_path / "plain", tmp_path / "dropped"
    assert main(["export", "--format", "csv", "-o", str(plain)]) == 0
    for fmt, name in (("csv", "dropped"), ("csv", "dropped.zip"), ("xlsx", "dropped.xlsx"),
                      ("odm", "dropped.odm.xml"), ("fhir", "dropped.fhir.json")):
        assert main(["export", "--format", fmt, "--drop-dates", "--confirm-phi", "-o",
                     str(tmp_path / name)]) == 0, capsys.readouterr().err
    capsys.readouterr()

    # the identified export holds the dates (so the test would see them leak)
    labs_text = (plain / "labs.csv").read_text(encoding="utf-8-sig")
    assert "1986" in labs_text and "1987-04" in labs_text and "1987-03-15" in labs_text

    # no year of the case's dates in any file of any format
    texts = {p.name: p.read_text(encoding="utf-8-sig") for p in dropped.glob("*.csv")}
    with zipfile.ZipFile(tmp_path / "dropped.zip") as zf:
        texts |= {f"zip/{n}": zf.read(n).decode("utf-8-sig") for n in zf.namelist()}
        assert sorted(zf.namelist()) == sorted(p.name for p in dropped.iterdir())
    for name in ("dropped.odm.xml", "dropped.fhir.json"):
        texts[name] = (tmp_path / name).read_text(encoding="utf-8")
    leaks = [(name, year) for name, text in texts.items() for year in YEARS if year in text]
    assert leaks == []
    workbook = openpyxl.load_workbook(tmp_path / "dropped.xlsx", read_only=True)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
             for cell in row]
    workbook.close()
    assert not [c for c in cells if isinstance(c, (dt.date, dt.datetime))]  # no date cell
    assert not [c for c in cells if isinstance(c, str) and any(y in c for y in YEARS)]
    assert 1987 not in cells and 1986 not in cells

    # no date column; the day numbers are the identified export's, a partial date has none
    tables, identified = _csv_tables(dropped), _csv_tables(plain)
    assert not [c for name, rows in tables.items() if rows and name != "data_dictionary"
                for c in rows[0] if c.endswith("_date")]
    assert _days(tables) == _days(identified)
    labs = {(r["case_id"], r["lab_row"]): r["lab_day_day"] for r in tables["labs"]}
    assert [labs[(C1, "1")], labs[(C1, "2")], labs[(C1, "3")]] == ["", "", "5"]
    assert [labs[(C2, "1")], labs[(C2, "2")]] == ["", ""]
    assert labs[(C2, "3")] == next(str(lab["day"]) for lab in json.loads(
        partial_cases.read_text(encoding="utf-8"))["cases"][1]["labs"][2:3])
    # Day 0's own day is 0, known to the day whatever its date's precision (it was empty for
    # a Day 0 known to the month, 0 for a full one)
    report = {r["case_id"]: r["rep_day0_day"] for r in tables["case_report"]}
    assert report == {C1: "0", C2: "0"}
    patient = {r["case_id"]: r["pt_birth_date_day"] for r in tables["patient"]}
    assert patient[C1] == ""


def test_a_dataset_without_its_dates_imports_into_an_empty_folder(
        partial_cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Its Day 0 (a full date in one case, a partial one in the other) comes as its own day
    number alone, 0: it is no Day 0 date (before, the full one was refused: "Day 0 date: 'd0'
    counts from Day 0 itself; enter a calendar date (got 0)"), and the records keep their day
    numbers. The identified export still brings Day 0's date back, partial or full."""
    for fmt, name in (("csv", "dropped.zip"), ("xlsx", "dropped.xlsx"), ("csv", "plain.zip")):
        dates = ["--drop-dates", "--confirm-phi"] if name.startswith("dropped") else []
        assert main(["export", "--format", fmt, *dates, "-o", str(tmp_path / name)]) == 0
    capsys.readouterr()
    for name in ("dropped.zip", "dropped.xlsx"):
        colleague = tmp_path / f"colleague-{name}"
        assert main(["--data-dir", str(colleague), "import", str(tmp_path / name)]) == 0, \
            capsys.readouterr().err
        assert "Imported 2 case(s)" in capsys.readouterr().err
        case = _shown(capsys, colleague, C1)
        assert case["case_report"].get("day0") is None
        assert [lab.get("day") for lab in case["labs"][:3]] == [None, None, 5]
    back = tmp_path / "back"
    assert main(["--data-dir", str(back), "import", str(tmp_path / "plain.zip")]) == 0
    capsys.readouterr()
    for case_id, day0 in ((C1, "1987-03-10"), (C2, "1987-05")):
        assert _shown(capsys, back, case_id)["case_report"]["day0"] == day0


def _shown(capsys: pytest.CaptureFixture, folder: Path, case_id: str) -> dict:
    assert main(["--data-dir", str(folder), "show", "--json", case_id]) == 0
    [case] = json.loads(capsys.readouterr().out)["cases"]
    return case
