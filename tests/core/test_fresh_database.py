"""A new database made by replaying the first one's schema (core.store.fresh) is the same as
one Alembic makes: the same schema statements, rows, full-text tables, and it opens, saves,
searches and upgrades alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.store import fresh
from core.store.schema import HEAD_REVISION, inspect_file, open_database


def _contents(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        master = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                             "ORDER BY name").fetchall()
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        rows = {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}
        pragmas = {p: con.execute(f"PRAGMA {p}").fetchone()
                   for p in ("user_version", "application_id", "journal_mode", "page_size",
                             "auto_vacuum", "encoding")}
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        con.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
    finally:
        con.close()
    return {"master": master, "rows": rows, "pragmas": pragmas}


@pytest.fixture
def made_both_ways(tmp_path):
    fresh.forget()
    first, second = tmp_path / "alembic.db", tmp_path / "replayed.db"
    open_database(first).dispose()  # the first of the process: Alembic, then learned
    assert fresh._learned, "nothing was learned from the database Alembic made"
    open_database(second).dispose()
    yield first, second
    fresh.forget()


def test_a_replayed_database_is_the_one_alembic_makes(made_both_ways):
    first, second = made_both_ways
    made, replayed = _contents(first), _contents(second)
    assert replayed == made
    assert len(made["master"]) > 30 and made["rows"]["app_meta"]
    assert inspect_file(second) == HEAD_REVISION


def test_the_second_database_is_not_made_by_alembic(tmp_path, monkeypatch, caplog):
    fresh.forget()
    open_database(tmp_path / "one.db").dispose()
    from alembic import command

    def refused(*_args, **_kwargs):
        raise AssertionError("Alembic ran for a new database after the first")

    monkeypatch.setattr(command, "upgrade", refused)
    with caplog.at_level("INFO", logger="casebook"):
        open_database(tmp_path / "two.db").dispose()
    assert f"database made at schema {HEAD_REVISION}" in caplog.text
    fresh.forget()


def test_a_database_made_meanwhile_is_left_to_alembic(tmp_path):
    """Replay only into an empty database: one that another process made in the meantime
    (its tables already there) is left to Alembic, which finds it at head."""
    fresh.forget()
    path = tmp_path / "one.db"
    db = open_database(path)
    try:
        with db.write() as conn:
            assert fresh.replay(conn) is False  # not empty
    finally:
        db.dispose()
    fresh.forget()


def test_cases_saved_in_a_replayed_database_are_found(tmp_path, monkeypatch, reference_cases):
    from core.services import open_casebook

    fresh.forget()
    open_database(tmp_path / "first.db").dispose()
    home = tmp_path / "home"
    cb = open_casebook(home, user="dr.test")
    try:
        cb.cases.import_cases(reference_cases)
        hits = cb.search.search("blinatumomab")
        assert {h.case_id for h in hits.hits} >= {c.case_id for c in reference_cases}
        assert cb.cases.count_cases() == 2
    finally:
        cb.close()
        fresh.forget()
