"""File › Import… of a dataset exported with hashed case ids (de-identified): its cases have no
Casebook id, so the import asks whether to import every case under a new id (the command
line's --as-new). Before, the app showed only the refusal, which named a command-line option."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.io.deident import DeidOptions
from core.services.datasets import DatasetService
from core.services.listing import ListQuery
from gui.transfer import HASHED_QUESTION
from tests.gui.test_transfer import run_transfer


def _hashed(casebook: Any, target: Path) -> Path:
    DatasetService(casebook.interchange).export(
        target, "xlsx", None, options=DeidOptions(dates="shift", hash_ids=True),
        confirm_all=True)
    return target


@pytest.mark.parametrize(("answer", "total"), [(True, 4), (False, 2)], ids=["yes", "no"])
def test_a_hashed_dataset_is_imported_as_new_when_asked(
        qtbot: Any, stored_references: Any, window: Any, casebook: Any, prompter: Any,
        tmp_path: Path, answer: bool, total: int) -> None:
    target = _hashed(casebook, tmp_path / "hashed.xlsx")
    prompter.script("choose_open_files", [target])
    prompter.script("confirm", answer)
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert prompter.calls("confirm") == [("Import as new cases", HASHED_QUESTION)]
    assert len(casebook.cases.list_cases(ListQuery(limit=10))) == total  # the database
    assert window.case_model.total == total
    if answer:
        assert message.startswith("Imported 2 case(s)")
    else:
        assert message == "Import cancelled; nothing was written."
    assert not prompter.calls("error")


@pytest.mark.expected_errors("the import is refused on purpose: its error box is read")
def test_a_hashed_dataset_chosen_with_other_files_is_not_offered_as_new(
        qtbot: Any, window: Any, casebook: Any, prompter: Any, stored_references: Any,
        tmp_path: Path) -> None:
    """Import as new applies to every file of the import: the JSON cases chosen beside the
    dataset would have lost their ids too (a reviewer's finding). Refused, saying what works."""
    from tests.conftest import REFERENCE_CASEBOOK

    target = _hashed(casebook, tmp_path / "hashed.xlsx")
    prompter.script("choose_open_files", [target, REFERENCE_CASEBOOK])
    prompter.script("confirm", True)
    run_transfer(qtbot, window, window.commands.import_json)
    assert not prompter.calls("confirm")
    [(error,)] = prompter.calls("error")
    assert "keyed hashes" in error and "Import that dataset on its own" in error
    assert len(casebook.cases.list_cases(ListQuery(limit=10))) == 2  # nothing written
