"""The CSV and Excel exports keep a soft hyphen (U+00AD) as typed: it is the user's data."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from core.io.dataset_csv import write_csv_dataset
from core.io.dataset_xlsx import write_xlsx_dataset
from core.io.deident import Deidentifier, DeidOptions

PASTED = "Pegaspar\u00adgase"


def _case(reference_cases):
    case = reference_cases[0]
    case.treatment_lines[0].administrations[0].drug_inn = PASTED
    case.case_report.take_away = f"After {PASTED}."
    return case


def test_csv_and_xlsx_keep_the_soft_hyphen(tmp_path, reference_cases):
    case = _case(reference_cases)
    write_csv_dataset(tmp_path / "csv", [case], Deidentifier(DeidOptions(), b"k" * 32))
    texts = [value for path in (tmp_path / "csv").glob("*.csv")
             for row in csv.reader(path.open(encoding="utf-8-sig")) for value in row]
    assert PASTED in texts and f"After {PASTED}." in texts
    write_xlsx_dataset(tmp_path / "out.xlsx", [case], Deidentifier(DeidOptions(), b"k" * 32))
    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    cells = [value for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for value in row if isinstance(value, str)]
    assert PASTED in cells and f"After {PASTED}." in cells
