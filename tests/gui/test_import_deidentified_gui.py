"""File › Import… of a de-identified dataset (dates shifted) whose cases are stored here: Replace
is refused with a message box saying why, and nothing is stored (before, the shifted dates
silently replaced the real ones). Import as new still imports it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.io.deident import DeidOptions
from core.model import Case
from core.services.datasets import DatasetService
from tests.gui.conftest import audit_rows
from tests.gui.test_transfer import run_transfer

IDS = ("SEED-C1-CAO2023", "SEED-C2-CAO2023")


@pytest.mark.expected_errors("a de-identified dataset cannot replace the stored cases")
@pytest.mark.parametrize("name", ["shifted.zip", "shifted.xlsx"])
def test_replace_with_a_shifted_dataset_is_refused(qtbot: Any, stored_references: list[Case],
                                                   window: Any, casebook: Any, prompter: Any,
                                                   tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    DatasetService(casebook.interchange).export(
        target, "xlsx" if name.endswith("xlsx") else "csv",
        options=DeidOptions(dates="shift"), confirm_all=True)
    before = {c: (casebook.cases.open_case(c).to_json_dict(), len(audit_rows(casebook, c)))
              for c in IDS}

    prompter.script("choose_open_files", [target])
    prompter.script("choose_import_mode", "replace")
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert prompter.calls("choose_import_mode")[0][0] == 2
    [(error,)] = prompter.calls("error")
    assert error == message
    assert "nothing was written" in error
    assert (f"{target}: this dataset was exported with shifted dates (de-identified); importing "
            "it would replace the real dates of 2 stored case(s) (SEED-C1-CAO2023, "
            "SEED-C2-CAO2023). Import it into a new, empty data folder instead, or use an "
            "identified export.") in error
    assert {c: (casebook.cases.open_case(c).to_json_dict(), len(audit_rows(casebook, c)))
            for c in IDS} == before
    assert window.case_model.total == 2

    # Import as new: new cases, the stored ones as they were
    prompter.script("choose_open_files", [target])
    prompter.script("choose_import_mode", "as_new")
    with qtbot.waitSignal(window.transfers.imported, timeout=30000):
        window.commands.import_json.trigger()
    assert window.case_model.total == 4
    assert {c: casebook.cases.open_case(c).to_json_dict() for c in IDS} == \
        {c: before[c][0] for c in IDS}
