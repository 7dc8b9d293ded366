"""Ctrl+C during `casebook import`: nothing is imported (the chunks already committed are
undone), one line says so, no traceback, a non-zero exit (130, as for SIGINT)."""

from __future__ import annotations

import sqlite3

from core.cli import main
from core.cli.progress import ProgressBar
from core.io.interchange import write_export
from core.paths import data_paths
from core.services import open_casebook
from core.synth import generate_cases

CASES = 160  # ~2.4 MB, read 1 MiB at a time: a progress report after each case
CHUNK = 10


def test_ctrl_c_during_an_import_keeps_nothing(capsys, monkeypatch, tmp_path, data_home):
    source = tmp_path / "many.casebook.json"
    write_export(source, generate_cases(CASES, seed=4))
    monkeypatch.setattr("core.services.interchange.CHUNK", CHUNK)
    database = data_paths(data_home).database
    # a casebook there before: into a new folder, a failed import removes the casebook it
    # started whole (test_cli_import_new_folder.py), which would hide the chunks undone
    open_casebook(data_home).close()
    seen: dict[str, int] = {"reports": 0, "stored": 0}
    real = ProgressBar.show

    def show(self, done: int, total: int | None) -> None:
        seen["reports"] += 1
        if seen["reports"] == 40:  # Ctrl+C: Python raises KeyboardInterrupt where it runs
            with sqlite3.connect(database) as con:
                seen["stored"] = con.execute("SELECT count(*) FROM cases").fetchone()[0]
            raise KeyboardInterrupt
        real(self, done, total)

    monkeypatch.setattr(ProgressBar, "show", show)
    code = main(["import", str(source)])
    err = capsys.readouterr().err

    assert seen["stored"] >= 3 * CHUNK  # chunks had committed when it was interrupted
    assert code == 130
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == "Import interrupted: nothing was imported."
    with sqlite3.connect(database) as con:
        assert con.execute("SELECT count(*) FROM cases").fetchone() == (0,)
        assert con.execute("SELECT * FROM app_meta WHERE key = 'import_in_progress'"
                           ).fetchall() == []  # no import is marked under way
    assert main(["audit", "verify"]) == 0  # the audit chain holds without the import's entries


def test_ctrl_c_after_the_last_commit_reports_the_import_it_kept(capsys, monkeypatch, tmp_path,
                                                                 data_home):
    """After the import's last commit come the WAL checkpoint and the last report: a Ctrl+C
    there said 'nothing was imported' while every case was stored (run again with --as-new,
    each one would have been doubled)."""
    source = tmp_path / "few.casebook.json"
    write_export(source, generate_cases(20, seed=5))  # one chunk: its checkpoint is the last
    database = data_paths(data_home).database

    def interrupted(db):
        raise KeyboardInterrupt

    monkeypatch.setattr("core.services.importing._checkpoint", interrupted)
    code = main(["import", str(source)])
    err = capsys.readouterr().err

    with sqlite3.connect(database) as con:
        assert con.execute("SELECT count(*) FROM cases").fetchone() == (20,)
    assert code == 0 and "nothing was imported" not in err
    assert "Imported 20 case(s)" in err
