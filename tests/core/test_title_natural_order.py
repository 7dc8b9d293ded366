"""The Title sort is natural ("Case 2" before "Case 10"), without case or accents, in the
services' list, in `casebook list` and over a folder upgraded from before the stored key
(migration 0007); a save keeps the key with the title, and the list reads its pages from an
index, never sorting every case."""

from __future__ import annotations

import importlib.util
import json
import sqlite3

import pytest

from core.cli import main
from core.model import Case
from core.services import open_casebook
from core.services.listing import ListQuery
from core.store import schema
from core.store.summaries import read_summaries
from core.store.title_order import title_order_key

NATURAL = ["", "Case", "case 1", "Case 2", "Case 9", "Case 10", "CASE 11", "Case 100",
           "Élan", "Esprit", "étude", "Zoster"]
STORED = [NATURAL[i] for i in (5, 11, 3, 8, 0, 7, 1, 10, 4, 2, 9, 6)]  # saved in no order


@pytest.fixture
def titled(casebook):
    casebook.cases.import_cases([Case(case_id=f"SYN-T{i:02d}", case_report={"title": title})
                                 for i, title in enumerate(STORED)])
    return casebook


def listed(cb, descending: bool = False, limit: int = 100, after=None) -> list:
    return cb.cases.list_cases(ListQuery(sort="title", descending=descending, limit=limit,
                                         after=after))


def titles(rows) -> list[str]:
    return [r.title for r in rows]


def test_the_key_orders_numbers_by_value_without_case_or_accents():
    assert sorted(["Case 10", "Case 2"], key=title_order_key) == ["Case 2", "Case 10"]
    assert sorted(["case b", "Case A", "CASE c"], key=title_order_key) == \
        ["Case A", "case b", "CASE c"]
    assert sorted(["Zoster", "Étude", "Esprit", "Fall"], key=title_order_key) == \
        ["Esprit", "Étude", "Fall", "Zoster"]  # not after Zoster, as plain text sorts it
    assert sorted(["Case 2", "  case   2", "Case 02", "case 2"], key=title_order_key) == \
        ["  case   2", "Case 02", "Case 2", "case 2"]  # equal so far: one fixed order
    titles_ = ["Case", "Case 2", "Case A", "Case-2", "Case 2a"]
    assert sorted(titles_, key=title_order_key) == ["Case", "Case 2", "Case 2a", "Case A",
                                                     "Case-2"]
    assert len({title_order_key(t) for t in [*titles_, "case", "CASE"]}) == len(titles_) + 2


def test_the_list_sorts_titles_naturally(titled):
    assert titles(listed(titled)) == NATURAL
    assert titles(listed(titled, descending=True)) == NATURAL[::-1]


def test_pages_by_key_keep_the_natural_order(titled):
    seen, after = [], None
    while page := listed(titled, limit=5, after=after):
        seen += titles(page)
        after = page[-1].list_key
    assert seen == NATURAL


def test_a_save_keeps_the_key_with_the_title(titled):
    case = titled.cases.open_case("SYN-T00")  # "Case 10"
    case.case_report.title = "Case 3"
    titled.cases.save_case(case)
    assert titles(listed(titled))[3:6] == ["Case 2", "Case 3", "Case 9"]


def test_casebook_list_sorts_titles_naturally(titled, capsys):
    assert read_summaries(titled.paths.database, sort="title", descending=False,
                          trashed=False, limit=100) == [r.model_dump() for r in listed(titled)]
    titled.close()
    assert main(["list", "--json", "--sort", "title"]) == 0
    assert [r["title"] for r in json.loads(capsys.readouterr().out)] == NATURAL


@pytest.mark.parametrize("column", ["title_order", "main_dx"])
def test_the_page_is_read_from_the_sort_index(titled, column):
    """No "USE TEMP B-TREE FOR ORDER BY": a page of 100,000 cases costs what one of 12 does
    (the Diagnosis sort read no index before migration 0007)."""
    con = sqlite3.connect(titled.paths.database)
    try:
        for order in ("ASC", "DESC"):
            plan = " ".join(str(r[-1]) for r in con.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM cases WHERE trashed_at IS NULL "
                f"ORDER BY {column} {order}, rowid {order} LIMIT 500"))
            assert f"ix_cases_{column}" in plan and "B-TREE" not in plan, plan
    finally:
        con.close()


def test_the_migrations_frozen_key_is_the_apps():
    script = next((schema._MIGRATIONS / "versions").glob("0007_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0007", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for title in [*NATURAL, " Case  007 x ", "Straße 12b", "FInal ½", "Ödem 0", "x\x01y"]:
        assert module.title_order_key(title) == title_order_key(title)


def test_an_older_folder_is_upgraded_to_the_natural_order(titled, data_home):
    """A folder of schema 0006 (no title_order): opening it fills the key of every case."""
    titled.close()
    con = sqlite3.connect(data_home / "casebook.db")
    con.execute("DROP INDEX ix_cases_title_order")
    con.execute("DROP INDEX ix_cases_main_dx")
    con.execute("ALTER TABLE cases DROP COLUMN title_order")
    con.execute("CREATE INDEX ix_cases_title ON cases (trashed_at, title_key)")
    con.execute("UPDATE alembic_version SET version_num = '0006'")
    con.commit()
    con.close()
    cb = open_casebook(data_home, user="dr.test")
    try:
        assert titles(listed(cb)) == NATURAL
        cb.cases.import_cases([Case(case_id="SYN-NEW", case_report={"title": "case 3"})])
        assert titles(listed(cb)) == [*NATURAL[:4], "case 3", *NATURAL[4:]]
    finally:
        cb.close()
    con = sqlite3.connect(data_home / "casebook.db")
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    finally:
        con.close()
    assert {"ix_cases_title_order", "ix_cases_main_dx"} <= names
    assert "ix_cases_title" not in names  # no sort reads title_key now
