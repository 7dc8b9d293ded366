"""A backup made by another installation (another audit key) replaces every case of this
folder, so it is restored only after a yes that has seen both case counts (issue 12): the
command line needs --yes, the app asks with both counts; the restore is in the audit trail.
Backups do not carry their key (issue 13): that installation's exported key file is needed."""

from __future__ import annotations

import sqlite3

import pytest

from core.cli import main
from core.paths import DataPaths
from core.services import open_casebook
from tests.gui.conftest import simple_cases


@pytest.fixture
def two_installations(tmp_path, reference_cases):
    """Here: 3 simple cases. Elsewhere: another installation's backup of the 2 references,
    and its exported key file."""
    elsewhere = open_casebook(tmp_path / "elsewhere")
    elsewhere.cases.import_cases(reference_cases)
    backup = elsewhere.backups.create(tmp_path / "elsewhere.zip")
    key_file = elsewhere.backups.export_key(tmp_path / "elsewhere.key")
    elsewhere.close()
    here = open_casebook(tmp_path / "here")
    here.cases.import_cases(simple_cases(3))
    here.close()
    return DataPaths(tmp_path / "here"), backup, key_file


def restore_entries(paths: DataPaths) -> list[str]:
    with sqlite3.connect(paths.database) as con:
        return [r[0] for r in con.execute("SELECT reason FROM audit WHERE action = "
                                          "'backup-restore'")]


def test_the_command_line_needs_yes(two_installations, capsys):
    paths, backup, key_file = two_installations
    key = paths.audit_key.read_bytes()
    args = ["--data-dir", str(paths.root), "restore", str(backup.path)]
    assert main(args) == 1  # neither its key file nor --yes
    said = capsys.readouterr().err
    assert "another Casebook installation" in said and "holds 2 case(s)" in said
    assert "--key KEYFILE and add --yes" in said and "Nothing was changed" in said
    assert main([*args, "--key", str(key_file)]) == 1
    said = capsys.readouterr().err
    assert "another Casebook installation" in said and "holds 2 case(s)" in said
    assert "all 3 case(s)" in said and "--yes" in said and "Nothing was changed" in said
    assert paths.audit_key.read_bytes() == key
    here = open_casebook(paths.root)
    assert here.cases.count_cases() == 3
    here.close()

    assert main([*args, "--key", str(key_file), "--yes"]) == 0
    here = open_casebook(paths.root)
    try:
        assert here.cases.count_cases() == 2 and here.maintenance.verify_audit().ok
    finally:
        here.close()
    [detail] = restore_entries(paths)
    assert "another installation" in detail and "replaced 3 case(s)" in detail


def test_our_own_backup_needs_no_yes(data_home, reference_cases, capsys):
    casebook = open_casebook(data_home)
    casebook.cases.import_cases(reference_cases)
    backup = casebook.backups.create()
    casebook.close()
    assert main(["--data-dir", str(data_home), "restore", str(backup.path)]) == 0

