"""The search index's version in the database: a folder whose index was built with another
index version (here: before the ``cnsdxsub`` facet) is reindexed when it is opened, with no
migration, and readers beside never see a half-built index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.cli import main
from core.search.index import INDEX_VERSION, INDEX_VERSION_KEY
from core.services import open_casebook
from core.store import schema
from tests.core.search.search_cases import near_misses

FOUND = {"HC-CNS3ATDX"}


def stored_version(folder: Path) -> str | None:
    with sqlite3.connect(f"file:{folder / 'casebook.db'}?mode=ro", uri=True) as db:
        row = db.execute("SELECT value FROM app_meta WHERE key = ?",
                         (INDEX_VERSION_KEY,)).fetchone()
    db.close()
    return row[0] if row else None


def subcategory_rows(folder: Path) -> int:
    with sqlite3.connect(f"file:{folder / 'casebook.db'}?mode=ro", uri=True) as db:
        count = db.execute("SELECT count(*) FROM case_codes WHERE facet = 'cnsdxsub'").fetchone()
    db.close()
    return count[0]


def old_index(folder: Path, version: str | None = "0") -> Path:
    """A folder at the head schema whose index predates the cnsdxsub facet."""
    cb = open_casebook(folder, user="dr.test")
    cb.cases.import_cases(near_misses(), source="test")
    cb.close()
    assert stored_version(folder) == str(INDEX_VERSION) and subcategory_rows(folder) > 0
    with sqlite3.connect(folder / "casebook.db") as db:
        db.execute("DELETE FROM case_codes WHERE facet = 'cnsdxsub'")
        db.execute("DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_docs "
                   "WHERE case_id = 'HC-CNS3ATDX')")  # its words without the sub-category
        db.execute("DELETE FROM app_meta WHERE key = ?", (INDEX_VERSION_KEY,))
        if version is not None:
            db.execute("INSERT INTO app_meta (key, value) VALUES (?, ?)",
                       (INDEX_VERSION_KEY, version))
    db.close()
    return folder


def test_a_new_folder_has_the_current_index_version(data_home, caplog):
    with caplog.at_level("INFO", logger="casebook"):
        open_casebook(data_home).close()
    assert stored_version(data_home) == str(INDEX_VERSION)
    said = [r.getMessage() for r in caplog.records if "search index" in r.getMessage()]
    assert "search index set up (0 cases)" in said  # not "built with another index version"
    assert not [m for m in said if "another index version" in m]


def test_an_old_index_version_is_rebuilt_on_opening(data_home):
    old_index(data_home)
    before = open_casebook(data_home, read_only=True)
    assert before.search.search("cnsdx:CNS3a").total == 0
    before.close()
    cb = open_casebook(data_home, user="dr.test")
    try:
        assert {h.case_id for h in cb.search.search("cnsdx:CNS3a").hits} == FOUND
        assert not cb.search.index_outdated()
    finally:
        cb.close()
    assert stored_version(data_home) == str(INDEX_VERSION)


def test_the_rebuild_can_be_left_to_the_caller_and_readers_see_no_half_index(data_home):
    old_index(data_home, version=None)  # built before index versions
    cb = open_casebook(data_home, user="dr.test", refresh_index=False)
    seen: list[tuple[int, str | None]] = []
    try:
        assert cb.search.index_outdated()
        assert cb.search.search("cnsdx:CNS3a").total == 0  # left as it was
        cb.search.reindex(on_progress=lambda done, total: seen.append(
            (subcategory_rows(data_home), stored_version(data_home))))
        assert {h.case_id for h in cb.search.search("cnsdx:CNS3a").hits} == FOUND
    finally:
        cb.close()
    assert seen and all(s == (0, None) for s in seen)  # mid-rebuild, a reader sees the old
    assert subcategory_rows(data_home) > 0 and stored_version(data_home) == str(INDEX_VERSION)


def test_migration_0004_leaves_the_rebuild_to_the_index_version(data_home):
    old_index(data_home, version=str(INDEX_VERSION))
    with sqlite3.connect(data_home / "casebook.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '0003'")
    db.close()
    open_casebook(data_home, user="dr.test").close()
    assert schema.inspect_file(data_home / "casebook.db") == schema.HEAD_REVISION
    assert subcategory_rows(data_home) > 0 and stored_version(data_home) == str(INDEX_VERSION)


def test_the_command_line_rebuilds_with_progress_and_readers_are_told(data_home, capsys,
                                                                     tmp_path):
    old_index(data_home)
    assert main(["search", "cnsdx:CNS3a"]) == 0  # a reader writes nothing: it says so
    out, err = capsys.readouterr()
    assert "HC-CNS3ATDX" not in out and "casebook reindex" in err
    assert stored_version(data_home) == "0"
    assert main(["export", "-o", str(tmp_path / "all.json")]) == 0  # a writer rebuilds
    err = capsys.readouterr().err
    assert "Updating the search index" in err and "/7 cases" in err
    assert stored_version(data_home) == str(INDEX_VERSION)
    assert main(["search", "cnsdx:CNS3a"]) == 0
    out, err = capsys.readouterr()
    assert "HC-CNS3ATDX" in out and "reindex" not in err


FACETS_AT = {  # per index revision: the hand code's code facets, number facets and full-text
    # columns (the facets of the model's fields are in the version by their digest)
    1: ({"ae", "best_response", "cns", "cnsdx", "cnsdxsub", "cnssub", "dxtype", "maindx",
         "mrd", "mut", "response", "status"},
        {"ae", "day0"}, ("title", "dx", "body", "ids", "cjk", "facets")),
}
FACETS_AT[2] = FACETS_AT[3] = FACETS_AT[4] = FACETS_AT[1]  # 2, 3: soft hyphens removed from
# the indexed text and codes; 4: best response of overall scopes only; the same facets
FACETS_AT[5] = (FACETS_AT[4][0] | {"response_scope"}, *FACETS_AT[4][1:])  # 5: the scopes
FACETS_AT[6] = FACETS_AT[5]  # 6: no mutation rows of a test that detected nothing
FACETS_AT[7] = FACETS_AT[6]  # 7: age (a declared facet) from the birth date too
FACETS_AT[8] = FACETS_AT[7]  # 8: a route's name in the text (the same facets)
FACETS_AT[9] = FACETS_AT[8]  # 9: an adverse event's abbreviation in the text
FACETS_AT[10] = FACETS_AT[9]  # 10: dx (a declared facet) of a CML's phase too
FACETS_AT[11] = FACETS_AT[10]  # 11: a country's and a subdivision's name in the text
FACETS_AT[12] = FACETS_AT[11]  # 12: mrd: positive_level_pending (a new value, same facets)
FACETS_AT[13] = FACETS_AT[12]  # 13: mrd: positive_level_not_reported; a row with no result
# and no value is negative only with a limit of detection (a new value, same facets)


def test_a_change_of_facets_comes_with_a_new_index_version():
    from core.model.facets import facet_fields
    from core.search.index import FTS_COLUMNS, INDEX_REVISION
    from core.services.demo import reference_cases
    from core.store.indexing import build_rows

    codes, numbers = set(), set()
    for case in (*reference_cases(), *near_misses()):
        rows = build_rows(case)
        codes |= {facet for facet, _ in rows.codes}
        numbers |= {facet.split(":")[0] for facet, _, _ in rows.numbers}
    declared = {found.facet.name for found in facet_fields()}
    assert FACETS_AT.get(INDEX_REVISION) == (codes - declared, numbers - declared,
                                             FTS_COLUMNS), (
        "the index rows changed: bump INDEX_REVISION in core/search/index.py (opening a folder "
        "then rebuilds its index; no migration) and list the facets here under it")
    assert INDEX_VERSION.startswith(f"{INDEX_REVISION}.")
