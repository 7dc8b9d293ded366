"""File › Import… of a dataset exported before Casebook had the authors, references and
statements tables (before 43e02ef): imported, Replace chosen over the stored cases, the message
says the dataset predates those tables, and the stored case keeps its authors, references and
statements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.model import Case
from core.model.report import Author
from core.services import open_casebook
from tests.core.test_dataset_older import CASE, SAID, old_dataset, stored, with_publication
from tests.gui.test_transfer import run_transfer


def test_replace_with_an_older_workbook_keeps_the_authors_and_says_so(
        qtbot: Any, window: Any, casebook: Any, prompter: Any, tmp_path: Path,
        reference_cases: list[Case]) -> None:
    other = open_casebook(tmp_path / "elsewhere", user="dr.test")
    try:
        other.cases.import_cases(reference_cases)
        path = old_dataset(other, tmp_path / "old", "xlsx")
    finally:
        other.close()
    mine = with_publication(reference_cases[0])
    mine.authors.append(Author(name="Li Wei", affiliations="Leiden"))
    mine.case_report.title = "Stored here"
    casebook.cases.import_cases([mine, reference_cases[1]])
    before = stored(casebook)
    prompter.script("choose_open_files", [path])
    prompter.script("choose_import_mode", "replace")
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == ("Imported 0 case(s), replaced 1, 1 unchanged (left as they were) from "
                       f"1 file(s).\n{path}: {SAID}; 1 stored case(s) keep theirs, unchanged; "
                       "any other case has none")
    assert prompter.calls("info") == [(message,)]
    assert prompter.calls("choose_import_mode") == [(2,)]
    assert window.case_model.total == 2
    assert stored(casebook) == before and len(before["authors"]) == 2
    assert casebook.cases.open_case(CASE).case_report.title == \
        reference_cases[0].case_report.title
