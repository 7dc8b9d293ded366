"""The header check beside a checkpoint: a database whose header already counts the pages a
checkpoint is still writing is not reported as cut short once the checkpoint has finished
(it showed as a false 'cut short' in the crash soak, where plain sqlite3 readers close last
and checkpoint)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.store import health


def _database(path: Path) -> int:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x TEXT)")
    con.executemany("INSERT INTO t VALUES (?)", [("x" * 3000,) for _ in range(20)])
    con.commit()
    con.close()
    return path.stat().st_size


def test_a_checkpoint_finishing_between_the_looks_is_not_damage(tmp_path, monkeypatch):
    db = tmp_path / "casebook.db"
    whole = _database(db)
    with open(db, "r+b") as fh:  # the header is written, the last pages are not yet
        fh.truncate(whole - 3 * 4096)

    def wal_gone_checkpoint_done(path: Path) -> bool:
        with open(db, "r+b") as fh:  # meanwhile the checkpoint wrote the rest
            fh.truncate(whole)
        return False

    monkeypatch.setattr(health, "_has_wal", wal_gone_checkpoint_done)
    assert health.header_problem(db) is None


def test_a_file_cut_short_is_still_reported(tmp_path):
    db = tmp_path / "casebook.db"
    whole = _database(db)
    with open(db, "r+b") as fh:
        fh.truncate(whole - 3 * 4096)
    assert "cut short" in (health.header_problem(db) or "")
