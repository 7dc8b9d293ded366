"""Migration 0004: a folder saved before the ``cnsdxsub`` facet existed finds cnsdx:CNS3a
after the upgrade (its index rows are rebuilt)."""

from __future__ import annotations

import sqlite3

from core.services import open_casebook
from core.store import schema
from tests.core.search.search_cases import near_misses


def test_upgrade_to_0004_indexes_cns_subcategories_at_diagnosis(data_home):
    cb = open_casebook(data_home, user="dr.test")
    cb.cases.import_cases(near_misses(), source="test")
    assert {h.case_id for h in cb.search.search("cnsdx:CNS3a").hits} == {"HC-CNS3ATDX"}
    cb.close()
    db = sqlite3.connect(data_home / "casebook.db")
    with db:  # as revision 0003 left it: no cnsdxsub rows
        db.execute("DELETE FROM case_codes WHERE facet = 'cnsdxsub'")
        db.execute("UPDATE alembic_version SET version_num = '0003'")
    db.close()
    cb = open_casebook(data_home, user="dr.test")
    try:
        with sqlite3.connect(data_home / "casebook.db") as check:
            assert check.execute("SELECT version_num FROM alembic_version").fetchall() == [
                (schema.HEAD_REVISION,)]
        assert {h.case_id for h in cb.search.search("cnsdx:CNS3a").hits} == {"HC-CNS3ATDX"}
    finally:
        cb.close()
