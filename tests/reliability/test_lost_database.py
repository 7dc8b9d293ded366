"""A missing, empty or table-less casebook.db in a folder that held cases before is lost data,
not a new casebook (issue 12): the command line refuses with exit 1 and the `casebook restore`
line, writes nothing into the empty file, and only a truly new folder starts empty."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.cli import main
from core.paths import DataPaths
from core.services import open_casebook
from tests.conftest import REFERENCE_CASEBOOK


def empty_file(db: Path) -> None:
    db.write_bytes(b"")


def missing_file(db: Path) -> None:
    db.unlink()


def table_less(db: Path) -> None:
    db.unlink()
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version=1")
    con.commit()
    con.close()


@pytest.fixture
def used_folder(data_home, reference_cases) -> DataPaths:
    casebook = open_casebook(data_home, user="dr.test")
    casebook.cases.import_cases(reference_cases)
    casebook.close()
    return DataPaths(data_home)


@pytest.mark.expected_errors("a lost database is logged")
@pytest.mark.parametrize("loss", [empty_file, missing_file, table_less])
@pytest.mark.parametrize("command", [["import", str(REFERENCE_CASEBOOK)], ["demo"]])
def test_a_writer_refuses_a_lost_database_and_offers_the_backup(used_folder, capsys, loss,
                                                                command):
    paths = used_folder
    backup = open_casebook(paths.root).backups  # a verified backup to offer
    backup.create()
    backup.ctx.db.dispose()
    loss(paths.database)
    before = paths.database.read_bytes() if paths.database.exists() else None

    assert main(["--data-dir", str(paths.root), *command]) == 1
    said = capsys.readouterr().err
    # a casebook, not cases: a folder whose only entry is its creation is refused alike
    assert str(paths.database) in said and "held a casebook before" in said
    assert "audit trail records" in said and "casebook restore" in said
    after = paths.database.read_bytes() if paths.database.exists() else None
    assert after == before  # nothing written into the empty file
    assert "unexpected error" not in paths.log_file.read_text(encoding="utf-8")


@pytest.mark.expected_errors("a lost database is logged")
def test_without_a_backup_the_audit_head_is_the_evidence(used_folder, capsys):
    empty_file(used_folder.database)
    assert main(["--data-dir", str(used_folder.root), "import", str(REFERENCE_CASEBOOK)]) == 1
    said = capsys.readouterr().err
    assert "is empty" in said and "move the folder" in said
    assert used_folder.database.read_bytes() == b""


def test_a_new_folder_still_starts_empty(data_home, capsys):
    assert main(["--data-dir", str(data_home), "import", str(REFERENCE_CASEBOOK)]) == 0
    assert main(["--data-dir", str(data_home), "list"]) == 0
    assert "2 case(s)" in capsys.readouterr().err



@pytest.mark.expected_errors("a lost database is logged")
def test_the_head_copy_outside_the_folder_is_evidence_too(used_folder, capsys):
    """Database and config/ both gone (e.g. the folder emptied): the head's second copy in the
    user's configuration folder still shows the folder held cases."""
    import shutil

    used_folder.database.unlink()
    shutil.rmtree(used_folder.root / "config")
    assert main(["--data-dir", str(used_folder.root), "import", str(REFERENCE_CASEBOOK)]) == 1
    said = capsys.readouterr().err
    assert "is missing" in said and "copy of its audit head" in said
    assert not used_folder.database.exists()


def test_a_backup_into_the_folder_is_a_writer_one_elsewhere_a_reader(used_folder, capsys,
                                                                      tmp_path):
    from core.lock import DataFolderLock

    with DataFolderLock(used_folder, "Casebook"):
        assert main(["--data-dir", str(used_folder.root), "backup"]) == 3
        assert "in use" in capsys.readouterr().err
        assert not any(used_folder.backups.iterdir())
        outside = tmp_path / "usb" / "copy.zip"
        outside.parent.mkdir()
        assert main(["--data-dir", str(used_folder.root), "backup", "-o", str(outside)]) == 0
        assert outside.exists()
