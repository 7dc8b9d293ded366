"""File › Import… (Replace) of a workbook whose Day 0 was corrected: the records entered as
day numbers keep their day numbers (found by a review: they came back as dates keeping their
old calendar dates)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from core.model import Case
from core.services.datasets import DatasetService
from tests.gui.test_transfer import run_transfer

CASE = "SEED-C1-CAO2023"


def test_day0_corrected_in_a_workbook_keeps_day_numbers(qtbot: Any, window: Any, casebook: Any,
                                                        prompter: Any, tmp_path: Path,
                                                        reference_cases: list[Case]) -> None:
    """File › Import… (Replace) of a workbook whose Day 0 was corrected: the labs entered as
    day numbers stay day numbers (they came back as their old calendar dates)."""
    doc = reference_cases[0].to_json_dict()
    doc["case_report"]["day0"] = "2023-01-15"
    casebook.cases.import_cases([Case.model_validate(doc), *reference_cases[1:]])
    target = tmp_path / "cases.xlsx"
    DatasetService(casebook.interchange).export(target, "xlsx")
    wb = load_workbook(target)
    sheet = wb["case_report"]
    at = [c.value for c in sheet[1]].index("rep_day0_date")
    [row] = [r for r in sheet.iter_rows(min_row=2) if r[0].value == CASE]
    row[at].value = "2023-01-20"
    wb.save(target)

    prompter.script("choose_open_files", [target])
    prompter.script("choose_import_mode", "replace")
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == "Imported 0 case(s), replaced 1, 1 unchanged (left as they were) from " \
        "1 file(s)."
    case = casebook.cases.open_case(CASE)
    assert case.case_report.day0 is not None and case.case_report.day0.date == "2023-01-20"
    assert [(lab.day.day, lab.day.date) for lab in case.labs[:2] if lab.day is not None] == \
        [(0, None), (0, None)]
