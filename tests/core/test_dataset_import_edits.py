"""Import back of a dataset (issue 18) as a research data manager uses it: texts keep their line
ends from a CSV folder as from a zip (found by a stranger run)."""

from __future__ import annotations

from pathlib import Path

from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService


def _import(folder: Path, tmp_path: Path) -> Casebook:
    other = open_casebook(tmp_path / "empty", user="dr.test")
    other.interchange.import_files([folder])
    return other


def test_line_ends_of_a_text_survive_a_csv_folder(casebook: Casebook,
                                                  reference_cases: list[Case],
                                                  tmp_path: Path) -> None:
    case = reference_cases[0]
    text = "Line one\r\nline two\rline three\nline four"
    case = case.model_copy(update={"case_report": case.case_report.model_copy(
        update={"discussion": text, "discussion_nf": None})})
    casebook.cases.import_cases([case])
    DatasetService(casebook.interchange).export(tmp_path / "folder", "csv")
    other = _import(tmp_path / "folder", tmp_path)
    try:
        assert other.cases.open_case(case.case_id).case_report.discussion == text
    finally:
        other.close()
