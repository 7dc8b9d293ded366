"""A damaged, foreign or newer database file: a clear message and the restore offer, from the
command line; the damaged file is moved aside, never overwritten."""

from __future__ import annotations

import os
import random
import sqlite3

import pytest

from core.cli import main
from core.errors import DatabaseProblem
from core.paths import data_paths
from core.services import open_casebook
from core.services.backup import RestorableDatabaseProblem, newest_good_backup, restore_backup
from core.store.health import check_file
from tests.conftest import REFERENCE_CASEBOOK


@pytest.fixture
def backed_up(data_home, capsys):
    """Two imported cases, a good backup of them, the app closed."""
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    assert main(["backup"]) == 0
    capsys.readouterr()
    return data_home


def truncate(db):
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])


def garbage(db):
    db.write_bytes(random.Random(1).randbytes(db.stat().st_size))


def foreign(db):
    db.unlink()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()


def newer(db):
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()


@pytest.mark.parametrize("spoil, words", [(truncate, "cut short"), (garbage, "not an SQLite"),
                                          (foreign, "not a Casebook"), (newer, "newer Casebook")])
def test_command_line_offers_the_newest_good_backup(backed_up, capsys, spoil, words):
    db = backed_up / "casebook.db"
    spoil(db)
    spoiled = db.read_bytes()
    backup = newest_good_backup(data_paths(backed_up))
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert words in err and f"casebook restore {backup.path}" in err and "Traceback" not in err
    assert main(["restore", str(backup.path)]) == 0
    assert main(["list", "--json"]) == 0
    assert "SEED-C1-CAO2023" in capsys.readouterr().out
    [aside] = backed_up.glob("casebook.db.damaged-*[0-9]")
    assert aside.read_bytes() == spoiled
    assert main(["audit", "verify"]) == 0


def test_no_offer_without_a_good_backup(data_home, capsys):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    truncate(data_home / "casebook.db")
    capsys.readouterr()
    assert main(["show", "SEED-C1-CAO2023"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "casebook restore" not in err


def test_functions_for_the_gui_restore_offer(backed_up):
    """What gui/app.py: handle_database_problem(exc, paths) calls."""
    truncate(backed_up / "casebook.db")
    with pytest.raises(DatabaseProblem) as caught:
        open_casebook(backed_up)
    assert isinstance(caught.value, RestorableDatabaseProblem)
    assert caught.value.kind == "damaged" and "cut short" in str(caught.value.problem)
    paths = data_paths(backed_up)
    result = restore_backup(paths, newest_good_backup(paths))
    assert ".damaged-" in result.previous.name
    cb = open_casebook(backed_up)
    assert cb.cases.count_cases() == 2 and cb.audit.verify().ok
    cb.close()


def test_quick_check_finds_a_damaged_page(backed_up):
    """Damage past the header is left to the background quick check (and `casebook check`)."""
    db = backed_up / "casebook.db"
    size = db.stat().st_size
    with open(db, "r+b") as fh:
        fh.seek(size - 2 * 4096)
        fh.write(b"\xff" * 4096)
        fh.flush()
        os.fsync(fh.fileno())
    assert check_file(db) != []

