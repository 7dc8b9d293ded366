"""Save dialogs refuse the data folder (issue 12): a message box names the path and nothing is
written; a path outside it is written atomically, replacing the file the dialog asked about."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_report_view import CASE_1, open_preview
from tests.gui.test_transfer import run_transfer


@pytest.fixture
def preview(window):
    return window


@pytest.mark.expected_errors("writing into the data folder is refused with an error")
def test_export_into_the_data_folder_is_refused(qtbot, stored_references, window, casebook,
                                                prompter, tmp_path):
    database = casebook.paths.database
    size, key = database.stat().st_size, casebook.paths.audit_key.read_bytes()
    for target in (database, casebook.paths.audit_key, casebook.paths.root / "cases.json"):
        prompter.script("choose_save_file", target)
        window.commands.export_all.trigger()
        message = prompter.calls("error")[-1][0]
        assert str(target) in message and "inside the data folder" in message
    assert not window.runner.busy and not (casebook.paths.root / "cases.json").exists()
    assert database.stat().st_size == size and casebook.paths.audit_key.read_bytes() == key
    assert casebook.maintenance.check().ok
    elsewhere = tmp_path / "cases.json"
    elsewhere.write_text("old")
    prompter.script("choose_save_file", elsewhere).script("confirm", True)  # replace it: Yes
    assert run_transfer(qtbot, window, window.commands.export_all).startswith("Exported 2")
    assert len(json.loads(elsewhere.read_text())["cases"]) == 2
    beside = ("casebook-home", "xdg-config")  # the data folder; the audit head's second copy
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in beside) == ["cases.json"]


@pytest.mark.expected_errors("writing into the data folder is refused with an error")
def test_a_pdf_is_not_saved_over_the_database(qtbot, stored_references, preview, casebook,
                                              prompter):
    dialog = open_preview(qtbot, preview, CASE_1)
    prompter.script("choose_save_file", casebook.paths.database)
    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    message = prompter.calls("error")[-1][0]
    assert str(casebook.paths.database) in message and "inside the data folder" in message
    assert casebook.paths.database.read_bytes()[:16] == b"SQLite format 3\x00"
    assert casebook.cases.count_cases() == 2
