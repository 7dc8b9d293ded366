"""Ctrl+C during `casebook import`: nothing is imported (the chunks already committed are
undone), one line says so, no traceback, a non-zero exit (130, as for SIGINT)."""

from __future__ import annotations

import sqlite3

from core.cli import main
from core.cli.progress import ProgressBar
from core.io.interchange import write_export
from core.paths import data_paths
from core.synth import generate_cases

CASES = 160  # ~2.4 MB, read 1 MiB at a time: a progress report after each case
CHUNK = 10


def test_ctrl_c_during_an_import_keeps_nothing(capsys, monkeypatch, tmp_path, data_home):
    source = tmp_path / "many.casebook.json"
    write_export(source, generate_cases(CASES, seed=4))
    monkeypatch.setattr("core.services.interchange.CHUNK", CHUNK)
    database = data_paths(data_home).database
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
