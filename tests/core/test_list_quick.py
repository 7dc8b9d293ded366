"""`casebook list` reads an ordinary folder with sqlite3 alone (issue 20): exactly the rows, in
the order, the services give; anything out of the ordinary goes the full way."""

from __future__ import annotations

import json
import sqlite3

import pytest

from core.cli import main
from core.services.demo import fill_demo
from core.services.listing import SUMMARY_COLUMNS, ListQuery
from core.store import repository, summaries
from core.store.summaries import read_summaries


@pytest.fixture
def filled(casebook):
    fill_demo(casebook.cases, 40)
    ids = [r.case_id for r in casebook.cases.list_cases(ListQuery(sort="case_id"))]
    for case_id in ids[::7]:
        casebook.cases.trash_case(case_id)
    return casebook


def test_the_same_columns_and_sorts_as_the_services():
    assert summaries.COLUMNS == SUMMARY_COLUMNS
    assert {k: c.name for k, c in repository.SORT_COLUMNS.items()} == summaries.SORT_COLUMNS
    assert summaries.OWN_INDEX_SORTS == repository.OWN_INDEX_SORTS


@pytest.mark.parametrize("sort", sorted(summaries.SORT_COLUMNS))
def test_the_same_rows_in_the_same_order_as_the_services(filled, sort):
    for descending in (True, False):
        for trashed in (False, True):
            for limit in (5, 1000):
                quick = read_summaries(filled.paths.database, sort=sort, descending=descending,
                                       trashed=trashed, limit=limit)
                full = filled.cases.list_cases(ListQuery(sort=sort, descending=descending,
                                                         trashed=trashed, limit=limit))
                assert quick == [r.model_dump() for r in full], (sort, descending, trashed)
                assert quick  # each combination lists some cases


def test_the_command_lists_what_the_services_list(filled, capsys):
    filled.close()
    assert main(["list", "--json", "--sort", "title"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["case_id"] for r in listed] == [
        r.case_id for r in filled.cases.list_cases(ListQuery(sort="title", descending=False,
                                                             limit=10**6))]
    assert main(["list", "--trash"]) == 0
    out = capsys.readouterr()
    assert out.err.strip() == "6 case(s)." and out.out.count("\n") == 6


def test_other_folders_go_the_full_way(tmp_path, filled):
    assert read_summaries(tmp_path / "none.db", sort="updated", descending=True, trashed=False,
                          limit=10) is None
    stranger = tmp_path / "other.db"
    con = sqlite3.connect(stranger)
    con.execute("CREATE TABLE cases (id TEXT)")
    con.close()
    assert read_summaries(stranger, sort="updated", descending=True, trashed=False,
                          limit=10) is None
    with filled.ctx.db.write() as conn:  # another schema revision: the services say so
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'older'")
    assert read_summaries(filled.paths.database, sort="updated", descending=True,
                          trashed=False, limit=10) is None
