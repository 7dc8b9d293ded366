"""--data-dir after the command: `casebook demo --data-dir DIR`, as a user types it, was refused
as an unrecognized argument (only `casebook --data-dir DIR demo` worked). Both work now; given
in both places, the one after the command is used."""

from __future__ import annotations

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK
from tests.core.test_cli_import_new_folder import _case_ids


def test_data_dir_after_the_command(capsys, tmp_path, data_home):
    folder = tmp_path / "after"
    assert main(["import", str(REFERENCE_CASEBOOK), "--data-dir", str(folder)]) == 0
    assert _case_ids(folder) == ["SEED-C1-CAO2023", "SEED-C2-CAO2023"]
    assert not (data_home / "casebook.db").exists()  # not the default folder
    capsys.readouterr()
    assert main(["list", "--data-dir", str(folder)]) == 0
    assert "SEED-C1-CAO2023" in capsys.readouterr().out


def test_data_dir_before_the_command_still_works_and_after_wins(capsys, tmp_path, data_home):
    before, after = tmp_path / "before", tmp_path / "after"
    assert main(["--data-dir", str(before), "import", str(REFERENCE_CASEBOOK)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(before), "list"]) == 0
    assert "SEED-C2-CAO2023" in capsys.readouterr().out
    # given twice: the folder after the command, which holds no casebook
    assert main(["--data-dir", str(before), "list", "--data-dir", str(after)]) == 1
    assert "There is no data folder at" in capsys.readouterr().err


def test_a_command_help_lists_data_dir(capsys):
    try:
        main(["demo", "--help"])
    except SystemExit:
        pass
    assert "--data-dir" in capsys.readouterr().out


def test_data_dir_after_an_action_of_a_command(capsys, tmp_path, data_home):
    """'casebook audit show CASE --data-dir DIR' (an action of a command) was refused too."""
    folder = tmp_path / "after"
    assert main(["import", str(REFERENCE_CASEBOOK), "--data-dir", str(folder)]) == 0
    capsys.readouterr()
    assert main(["audit", "show", "SEED-C1-CAO2023", "--data-dir", str(folder)]) == 0
    assert "imported from reference-cases.casebook.json" in capsys.readouterr().out
    assert main(["audit", "verify", "--data-dir", str(folder)]) == 0
    try:
        main(["audit", "show", "--help"])
    except SystemExit:
        pass
    assert "--data-dir" in capsys.readouterr().out
