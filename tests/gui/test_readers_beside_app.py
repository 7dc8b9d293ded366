"""The app open while other processes read its folder (issue 12): after the start-up work
(quick check, daily backup) and File › Back up now…, every read command and a plain sqlite3
SELECT run beside it; the app's WAL stays linked and a save typed afterwards is seen by
another process at once (it would be invisible if a reader had unlinked the WAL)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from tests.gui.conftest import open_from_list, press, type_title
from tests.gui.test_backup_gui import back_up_now, run_after_start
from tests.reliability.readers import ROOT, reader_commands, run_reader, watch_opens

TITLE_OF = ("import sqlite3, sys\n"
            "con = sqlite3.connect(sys.argv[1])\n"
            "print(con.execute('SELECT title FROM cases WHERE id=?', (sys.argv[2],))"
            ".fetchone()[0])\n")


def title_seen_by_another_process(casebook, case_id: str) -> str:
    done = subprocess.run([sys.executable, "-c", TITLE_OF, str(casebook.paths.database),
                           case_id], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_readers_beside_the_app_leave_its_saves_visible(qtbot, stored_references, window,
                                                        casebook, prompter, monkeypatch):
    wal = casebook.paths.database.with_name("casebook.db-wal")
    opened_by_python = watch_opens(monkeypatch, str(casebook.paths.database))
    run_after_start(qtbot, window)
    back_up_now(qtbot, window, prompter)
    for name, argv in reader_commands(casebook.paths.root, "SEED-C1-CAO2023").items():
        done = run_reader(argv)
        assert done.returncode == 0, f"{name}: {done.stderr}"
        assert wal.exists(), f"the reader {name!r} unlinked the app's WAL"

    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    type_title(qtbot, window, "Typed after the readers")
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case("SEED-C1-CAO2023").title == "Typed after the readers"
    assert title_seen_by_another_process(casebook, "SEED-C1-CAO2023") == \
        "Typed after the readers"
    assert wal.exists()
    assert opened_by_python == []
    with sqlite3.connect(casebook.paths.database) as con:  # through SQLite, in this process
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
