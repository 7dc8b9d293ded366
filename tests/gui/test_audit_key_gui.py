"""Backups do not hold the audit key (issue 13): File › Export audit key… writes it where the
user chooses (never into the data folder), and a restore that needs it asks for the file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from core.paths import DataPaths
from core.services import open_casebook
from gui import app

WAIT_MS = 30000


def test_export_audit_key_writes_it_owner_only(window, casebook, prompter, tmp_path):
    target = tmp_path / "mine.key"
    target.write_text("old")
    prompter.script("choose_save_file", target).script("confirm", True)  # replace it: Yes
    window.commands.export_key.trigger()
    assert target.read_text().strip() == casebook.paths.audit_key.read_text().strip()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert str(target) in prompter.calls("info")[-1][0]


@pytest.mark.expected_errors("exporting the key into the data folder is refused with an error")
def test_export_audit_key_into_the_data_folder_is_refused(window, casebook, prompter):
    key = casebook.paths.audit_key.read_bytes()
    for target in (casebook.paths.audit_key, casebook.paths.root / "copy.key"):
        prompter.script("choose_save_file", target)
        window.commands.export_key.trigger()
        message = prompter.calls("error")[-1][0]
        assert str(target) in message and "inside the data folder" in message
    assert not (casebook.paths.root / "copy.key").exists()
    assert casebook.paths.audit_key.read_bytes() == key


@pytest.mark.expected_errors("a wrong key file is refused with an error")
def test_a_wrong_key_file_is_refused_before_anything_changes(qtbot, window, casebook,
                                                             stored_references, prompter,
                                                             tmp_path):
    other = open_casebook(tmp_path / "other")
    backup = other.backups.create(tmp_path / "other.zip")
    other.close()
    wrong = casebook.backups.export_key(tmp_path / "ours.key")  # not the backup's key
    before = casebook.paths.database.read_bytes(), casebook.paths.audit_key.read_bytes()
    prompter.script("choose_open_files", [wrong])
    window.backup_actions.restore(backup.path)
    message = prompter.calls("error")[-1][0]
    assert str(wrong) in message and "is not the audit key" in message
    assert not prompter.calls("confirm") and casebook.cases.count_cases() == 2
    assert (casebook.paths.database.read_bytes(), casebook.paths.audit_key.read_bytes()) == before


@pytest.mark.expected_errors("a damaged database at start-up is logged")
def test_the_start_up_offer_asks_for_the_key_file_when_the_key_is_missing(
        qtbot, data_home, reference_cases, prompter, tmp_path):
    casebook = open_casebook(data_home, user="dr.test")
    casebook.cases.import_cases(reference_cases)
    casebook.backups.create()
    key_file = casebook.backups.export_key(tmp_path / "saved.key")
    casebook.close()
    paths = DataPaths(data_home)
    paths.audit_key.unlink()
    paths.database.write_bytes(b"\x00garbage, not a database\xff" * 4096)
    prompter.script("offer_restore", True)
    prompter.script("choose_open_files", [key_file])
    reopened = app.open_services(paths, prompter)
    assert reopened is not None
    try:
        problem, _backup = prompter.calls("offer_restore")[0]
        assert "audit key of this data folder is missing" in problem and "Export audit key" in problem
        assert prompter.calls("choose_open_files")
        assert reopened.cases.count_cases() == 2 and reopened.audit.verify().ok
        assert Path(paths.audit_key).read_text().strip() == key_file.read_text().strip()
    finally:
        reopened.close()
