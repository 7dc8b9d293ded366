"""The Case id sort is natural (SYN-2023-2 before SYN-2023-10), in the services' list, in
`casebook list` and over a folder upgraded from before the stored key (migration 0006); the
list still reads its pages from an index, never sorting every case."""

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
from core.store.id_order import case_id_key
from core.store.summaries import read_summaries

NATURAL = ["SYN-2023-0", "SYN-2023-1", "SYN-2023-2", "SYN-2023-9", "SYN-2023-10",
           "SYN-2023-11", "SYN-2023-100", "SYN-2024-3"]
STORED = [NATURAL[i] for i in (6, 2, 7, 0, 4, 1, 5, 3)]  # saved in no particular order


@pytest.fixture
def numbered(casebook):
    casebook.cases.import_cases([Case(case_id=i, case_report={"title": f"Case {i}"})
                                 for i in STORED])
    return casebook


def listed(cb, descending: bool = False, limit: int = 100, after=None) -> list:
    return cb.cases.list_cases(ListQuery(sort="case_id", descending=descending, limit=limit,
                                         after=after))


def test_the_list_sorts_case_ids_as_numbers(numbered):
    assert [r.case_id for r in listed(numbered)] == NATURAL
    assert [r.case_id for r in listed(numbered, descending=True)] == NATURAL[::-1]


def test_pages_by_key_keep_the_natural_order(numbered):
    seen, after = [], None
    while page := listed(numbered, limit=3, after=after):
        seen += [r.case_id for r in page]
        after = page[-1].list_key
    assert seen == NATURAL


def test_casebook_list_sorts_case_ids_as_numbers(numbered, capsys):
    assert read_summaries(numbered.paths.database, sort="case_id", descending=False,
                          trashed=False, limit=100) == [r.model_dump() for r in listed(numbered)]
    numbered.close()
    assert main(["list", "--json", "--sort", "case_id"]) == 0
    assert [r["case_id"] for r in json.loads(capsys.readouterr().out)] == NATURAL


def test_the_page_is_read_from_the_sort_index(numbered):
    """No "USE TEMP B-TREE FOR ORDER BY": a page of 100,000 cases costs what one of 8 does
    (the trash is sorted as it is for the other sorts)."""
    con = sqlite3.connect(numbered.paths.database)
    try:
        for order in ("ASC", "DESC"):
            plan = " ".join(str(r[-1]) for r in con.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM cases WHERE trashed_at IS NULL "
                f"ORDER BY id_key {order}, rowid {order} LIMIT 500"))
            assert "ix_cases_id_key" in plan and "B-TREE" not in plan, plan
    finally:
        con.close()


def test_the_key_orders_numbers_by_value_and_keeps_every_id_apart():
    ids = ["HC-9", "SYN-1", "SYN-01", "SYN-1-2", "SYN-1A", "syn-1b", "SYN-2", "SYN-10",
           "SYN-A", "SYN-b"]
    assert sorted(ids, key=case_id_key) == ["HC-9", "SYN-01", "SYN-1", "SYN-1-2", "SYN-1A",
                                            "syn-1b", "SYN-2", "SYN-10", "SYN-A", "SYN-b"]
    assert len({case_id_key(i) for i in ids}) == len(ids)


def test_the_migrations_frozen_key_is_the_apps():
    script = next((schema._MIGRATIONS / "versions").glob("0006_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0006", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for case_id in [*NATURAL, "SYN-007-x", "HC-abc-0000", "DEMO-12a34b", "SEED-C1"]:
        assert module.case_id_key(case_id) == case_id_key(case_id)


def test_an_older_folder_is_upgraded_to_the_natural_order(numbered, data_home):
    """A folder of schema 0005 (no id_key): opening it fills the key of every case."""
    numbered.close()
    con = sqlite3.connect(data_home / "casebook.db")
    con.execute("DROP INDEX ix_cases_id_key")
    con.execute("ALTER TABLE cases DROP COLUMN id_key")
    con.execute("UPDATE alembic_version SET version_num = '0005'")
    con.commit()
    con.close()
    cb = open_casebook(data_home, user="dr.test")
    try:
        assert [r.case_id for r in listed(cb)] == NATURAL
        cb.cases.import_cases([Case(case_id="SYN-2023-3", case_report={"title": "new"})])
        assert [r.case_id for r in listed(cb)] == [*NATURAL[:3], "SYN-2023-3", *NATURAL[3:]]
    finally:
        cb.close()
