"""An Excel cell keeps 15 significant digits: a number with more (0.1 + 0.2 is
0.30000000000000004) is written to the workbook as a text cell holding it exactly, so that the
workbook imports back exactly also once Excel has saved it (found by a review: the README
claimed an exact round trip that Excel does not keep); shorter numbers stay number cells."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from core.io.dataset_xlsx import typed
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService

LONG = 0.1 + 0.2  # 0.30000000000000004


def test_a_long_number_is_a_text_cell_and_comes_back_exactly(
        casebook: Casebook, tmp_path: Path, reference_cases: list[Case]) -> None:
    doc = reference_cases[0].model_dump(mode="json")
    doc["labs"][0]["value_entered"] = LONG
    doc["labs"][1]["value_entered"] = 7.25
    case = Case.model_validate(doc)
    casebook.cases.import_cases([case])
    target = tmp_path / "d.xlsx"
    DatasetService(casebook.interchange).export(target, "xlsx")
    labs = load_workbook(target)["labs"]
    column = [c.value for c in labs[1]].index("lab_value_entered")
    first, second = labs[2][column], labs[3][column]
    assert (first.data_type, first.value) == ("s", "0.30000000000000004")
    assert (second.data_type, second.value) == ("n", 7.25)
    other = open_casebook(tmp_path / "back", user="dr.test")
    try:
        other.interchange.import_files([target])
        assert other.cases.open_case(case.case_id).labs[0].value_entered == LONG
    finally:
        other.close()


def test_whole_numbers_beyond_15_digits_are_text_too() -> None:
    kinds = ["number"] * 5
    assert typed([12345678901234567890, 10**16, 123456789012345, -1.0000000000000002, 1e20],
                 kinds, None) == ["12345678901234567890", 10**16, 123456789012345,
                                  "-1.0000000000000002", 1e20]
