"""The bulk rebuild (issue 20) writes exactly the index a save writes, and the one the rebuild
through the save path wrote: facet rows, full-text row ids and contents, index definitions."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import text

from core.model import Case
from core.search.derived import ClinicalValues, clinical_values
from core.search.documents import case_text, json_case_text
from core.search.rebuild import rebuild_index
from core.search.stored import _parsed
from core.synth import generate_cases


def snapshot(casebook) -> dict:
    with casebook.ctx.db.read() as conn:
        def rows(sql: str) -> list[tuple]:
            return [tuple(r) for r in conn.execute(text(sql))]
        return {
            "codes": rows("SELECT case_id, facet, value FROM case_codes ORDER BY rowid"),
            "numbers": rows("SELECT case_id, facet, value, unit FROM case_numbers ORDER BY rowid"),
            "docs": rows("SELECT doc_id, case_id FROM search_docs ORDER BY doc_id"),
            "fts": rows("SELECT rowid, * FROM search_fts ORDER BY rowid"),
            "schema": rows("SELECT type, name, tbl_name, sql FROM sqlite_master "
                           "WHERE name NOT LIKE 'search_fts_%' ORDER BY name"),
            "version": rows("SELECT value FROM app_meta WHERE key = 'index_version'"),
            "terms": fts_terms(casebook),
        }


def fts_terms(casebook) -> list[tuple]:
    """Every entry of the full-text index itself (term, row, column, offset, prefix entries
    included), as FTS5 reads it back: equal whatever merges made its segments."""
    con = sqlite3.connect(casebook.paths.database)
    try:
        con.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, search_fts, instance)")
        return con.execute("SELECT term, doc, col, offset FROM temp.terms "
                           "ORDER BY term, doc, col, offset").fetchall()
    finally:
        con.close()


def test_the_bulk_rebuild_writes_the_index_a_save_writes(casebook, reference_cases):
    cases = [*reference_cases, *generate_cases(60, seed=11)]
    casebook.cases.import_cases(cases, source="test")
    saved = snapshot(casebook)
    with casebook.ctx.write() as (conn, _audit):
        assert rebuild_index(conn) == len(cases)
    bulk = snapshot(casebook)
    assert len(bulk["fts"]) == len(cases) and len(bulk["codes"]) > 10 * len(cases)
    # against what the saves wrote: the same rows (row ids aside), the same full-text rows
    assert sorted(bulk["codes"]) == sorted(saved["codes"])
    assert sorted(bulk["numbers"]) == sorted(saved["numbers"])
    assert bulk["fts"] == saved["fts"] and bulk["docs"] == saved["docs"]
    assert bulk["terms"] == saved["terms"] and len(bulk["terms"]) > 100 * len(cases)
    assert bulk["schema"] == saved["schema"]
    assert casebook.search.search("blinatumomab").total >= 1


def test_a_case_the_model_no_longer_reads_is_left_out(casebook, reference_cases):
    casebook.cases.import_cases(reference_cases, source="test")
    with casebook.ctx.db.write() as conn:
        conn.execute(text("UPDATE cases SET document = '{\"case_id\": 1}' WHERE id = :c"),
                     {"c": reference_cases[0].case_id})
    with casebook.ctx.write() as (conn, _audit):
        assert rebuild_index(conn) == 1
    assert snapshot(casebook)["docs"] == [(1, reference_cases[1].case_id)]


def test_worker_processes_write_the_index_a_save_writes(casebook, reference_cases):
    """The rows built in worker processes (rebuild_workers) are the ones built here."""
    cases = [*reference_cases, *generate_cases(40, seed=5)]
    casebook.cases.import_cases(cases, source="test")
    saved = snapshot(casebook)
    with casebook.ctx.write() as (conn, _audit):
        assert rebuild_index(conn, workers=2) == len(cases)
    bulk = snapshot(casebook)
    assert sorted(bulk["codes"]) == sorted(saved["codes"])
    assert sorted(bulk["numbers"]) == sorted(saved["numbers"])
    assert bulk["fts"] == saved["fts"] and bulk["docs"] == saved["docs"]


def test_the_text_from_the_json_is_the_text_from_the_model(reference_cases):
    """json_case_text (the rebuild: no model built) == case_text, on every section."""
    for case in [*reference_cases, *generate_cases(30, seed=3)]:
        values = clinical_values(case)
        assert json_case_text(case.to_json_dict(), values) == case_text(case, values)
    bare = Case(case_report={"title": "T", "disease_classification_system": None})
    doc = bare.to_json_dict()  # a cleared field whose default is not None is written as null
    assert doc["case_report"]["disease_classification_system"] is None
    assert json_case_text(doc, ClinicalValues()) == case_text(bare, ClinicalValues())
    del doc["case_report"]["disease_classification_system"]  # an older document: no key
    validated = Case.model_validate(doc)  # a key the JSON omits has its default
    assert validated.case_report.disease_classification_system == "WHO-HAEM5-2022"
    assert json_case_text(doc, ClinicalValues()) == case_text(validated, ClinicalValues())


def test_a_case_whose_indexed_section_does_not_validate_is_left_out(casebook, reference_cases):
    """A section an indexer reads is validated: a bad one leaves the case out (no engine
    error indexed in its place), as full validation did."""
    casebook.cases.import_cases(reference_cases, source="test")
    doc = reference_cases[0].to_json_dict()
    doc["csf_assessments"] = [{"wbc_per_uL": "many"}]
    with casebook.ctx.db.write() as conn:
        conn.execute(text("UPDATE cases SET document = :d WHERE id = :c"),
                     {"d": json.dumps(doc), "c": reference_cases[0].case_id})
    with casebook.ctx.write() as (conn, _audit):
        assert rebuild_index(conn) == 1
    assert snapshot(casebook)["docs"] == [(1, reference_cases[1].case_id)]


def test_workers_that_cannot_start_leave_the_rows_to_this_process(casebook, reference_cases,
                                                                  monkeypatch):
    import subprocess

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    casebook.cases.import_cases(reference_cases, source="test")
    saved = snapshot(casebook)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    with casebook.ctx.write() as (conn, _audit):
        assert rebuild_index(conn, workers=2) == len(reference_cases)
    assert snapshot(casebook)["fts"] == saved["fts"]


def test_a_workers_log_records_are_logged_by_the_app(monkeypatch, caplog):
    """A worker's log (an engine error's traceback) goes back with its answer into the app's
    log, not to the worker's stderr."""
    import logging

    import core.search.rebuild as rebuild
    from core.logs import get_logger
    from core.search.rebuild_workers import _Kept, _relog, answer

    def build(rows):
        get_logger("clinical").warning("derivation failed for case %s", rows[0])
        return [], []

    monkeypatch.setattr(rebuild, "build_batch", build)
    kept = _Kept()
    get_logger().addHandler(kept)
    try:
        result, records = answer(["HC-1"], kept)
    finally:
        get_logger().removeHandler(kept)
    assert result == ([], []) and kept.records == []
    assert records == [("casebook.clinical", logging.WARNING, "derivation failed for case HC-1")]
    with caplog.at_level(logging.WARNING):
        _relog(records)
    assert "derivation failed for case HC-1 (in an index worker)" in caplog.text


@pytest.mark.expected_errors("an engine error quoting a patient's name, provoked to read the log")
def test_a_workers_traceback_holds_no_clinical_text():
    """A worker formats its records as the app's log does (core.log_privacy): an error
    quoting a patient's text, provoked here on purpose, comes back by its type and place."""
    from core.logs import get_logger
    from core.search.rebuild_workers import _Kept

    typed = "unreadable: 'Quistorp, Hannelore'"
    kept = _Kept()
    get_logger().addHandler(kept)
    try:
        try:
            raise ValueError(typed)
        except ValueError:
            get_logger("clinical").exception("derivation failed for case %s", "HC-1")
    finally:
        get_logger().removeHandler(kept)
    [(_name, _level, text)] = kept.records
    assert "derivation failed for case HC-1" in text and "ValueError" in text
    assert "Quistorp" not in text and "test_bulk_rebuild.py" in text


def test_stored_documents_are_read_as_json_reads_them(reference_cases):
    """stored._parsed (pydantic's parser, json's for what it refuses) == json.loads."""
    docs = [json.dumps(c.to_json_dict(), ensure_ascii=False)
            for c in [*reference_cases, *generate_cases(20, seed=9)]]
    docs += ['{"title": "lone \\ud800 surrogate", "n": [1, 1.0, -0.0, 1e400, 12345678901234567890123]}']
    for doc in docs:
        parsed, expected = _parsed(doc), json.loads(doc)
        assert parsed == expected and repr(parsed) == repr(expected)


def test_the_rebuild_leaves_fts5s_merge_settings_to_saves(casebook, reference_cases):
    """No merging while the rows go in (one merge at the end), and a 64 MiB hash of pending
    terms; FTS5's default merge and hash settings written back for the saves that follow,
    and a save after it indexes as before."""
    casebook.cases.import_cases([*reference_cases, *generate_cases(10, seed=4)], source="test")
    with casebook.ctx.write() as (conn, _audit):
        rebuild_index(conn)
    con = sqlite3.connect(casebook.paths.database)
    try:
        settings = dict(con.execute("SELECT k, v FROM search_fts_config "
                                    "WHERE k IN ('automerge', 'crisismerge', 'hashsize')"))
    finally:
        con.close()
    assert settings == {"automerge": 4, "crisismerge": 16, "hashsize": 1024 * 1024}
    case = casebook.cases.open_case(reference_cases[0].case_id)
    case.case_report.title = "Zanzibarian relapse"
    casebook.cases.save_case(case)
    assert [h.case_id for h in casebook.search.search("zanzibarian").hits] == [case.case_id]


def test_the_rebuild_gives_the_connection_its_own_settings_back(casebook, reference_cases):
    """The old index goes without its freed pages zeroed one by one (the cases it was built
    from are still stored; 8.7 of 89.8 s at 100k cases with Debian's SQLite, which zeroes by
    default), and the connection's own settings come back for the saves that follow."""
    casebook.cases.import_cases([*reference_cases, *generate_cases(10, seed=4)], source="test")
    for secure in (0, 1):
        before, during, after = _settings_around_a_rebuild(casebook, secure)
        assert during == {2}  # FAST: cells zeroed in place, freed pages not
        assert after == before and before[0] == secure


def _settings_around_a_rebuild(casebook, secure: int) -> tuple[list[int], set[int], list[int]]:
    names = ("secure_delete", "cache_size", "threads")
    with casebook.ctx.write() as (conn, _audit):
        raw = conn.connection.driver_connection
        raw.execute(f"PRAGMA secure_delete = {secure}")
        before = [raw.execute(f"PRAGMA {name}").fetchone()[0] for name in names]
        during: set[int] = set()
        rebuild_index(conn, lambda _done, _total: during.add(
            raw.execute("PRAGMA secure_delete").fetchone()[0]))
        return before, during, [raw.execute(f"PRAGMA {name}").fetchone()[0] for name in names]


def test_a_batch_gives_its_facet_rows_in_their_search_index_order(casebook):
    """SQLite builds ix_case_*_search in a third of the time from rows that come in its own
    order (facet, value, case id) batch by batch (100k cases: 5.9 -> 2.4 s): each batch's rows
    are sorted so, whatever order the cases come in, and their columns are the ones _write
    inserts them as."""
    from core.search.rebuild import build_batch

    casebook.cases.import_cases(list(generate_cases(12, seed=5)), source="test")
    with casebook.ctx.db.read() as conn:
        stored = [tuple(r) for r in conn.execute(text(
            "SELECT rowid, id, document, version, status FROM cases ORDER BY rowid"))]
        expected_codes = sorted(tuple(r) for r in conn.execute(text(
            "SELECT facet, value, case_id FROM case_codes")))
        expected_numbers = sorted(tuple(r) for r in conn.execute(text(
            "SELECT facet, value, case_id, coalesce(unit, '') FROM case_numbers")))
    built, skipped = build_batch(stored)
    assert not skipped and len(built) == 12
    assert built.codes == expected_codes  # sorted, and the save's rows
    assert [r[:3] for r in built.numbers] == sorted(r[:3] for r in built.numbers)
    assert sorted((f, v, c, u or "") for f, v, c, u in built.numbers) == expected_numbers


def test_the_workers_end_once_the_rows_are_written(casebook, monkeypatch):
    """A review: the worker processes (and their memory) stayed until the end of the rebuild,
    through the index builds and the final merge of the full text."""
    from core.search import rebuild

    pools = _kept_pools(monkeypatch)
    alive_at_merge: list[bool] = []
    configure = rebuild._fts_config

    def noted(conn, settings):
        if settings is rebuild.SAVE_MERGE:  # after the optimize, before the commit
            alive_at_merge.extend(p.poll() is None for pool in pools for p in pool.procs)
        configure(conn, settings)

    monkeypatch.setattr(rebuild, "_fts_config", noted)
    cases = list(generate_cases(30, seed=5))
    casebook.cases.import_cases(cases, source="test")
    with casebook.ctx.write() as (conn, _audit):
        assert rebuild_index(conn, workers=2) == len(cases)
    assert pools and alive_at_merge == [False, False]


def test_the_workers_have_batches_before_the_old_index_is_dropped(casebook, monkeypatch):
    """The old index's drop (100k cases: ~4 s of CPU here) overlaps the workers' first
    batches: they are handed out before it starts, and the rebuild still writes every case
    once, in storage order."""
    from core.search import rebuild

    pools = _kept_pools(monkeypatch)
    handed_at_drop: list[int] = []
    clear = rebuild._clear

    def noted(conn):
        handed_at_drop.append(pools[0].handed)
        return clear(conn)

    monkeypatch.setattr(rebuild, "_clear", noted)
    monkeypatch.setattr(rebuild, "CHUNK", 5)
    cases = list(generate_cases(60, seed=7))
    casebook.cases.import_cases(cases, source="test")
    with casebook.ctx.write() as (conn, _audit):
        assert rebuild_index(conn, workers=2) == len(cases)
        docs = [case_id for (case_id,) in conn.exec_driver_sql(
            "SELECT case_id FROM search_docs ORDER BY doc_id")]
        stored = [case_id for (case_id,) in conn.exec_driver_sql(
            "SELECT id FROM cases ORDER BY rowid")]
    assert handed_at_drop == [rebuild.FIRST]  # 12 batches of 5: the first 8 out at the drop
    assert docs == stored


def _kept_pools(monkeypatch) -> list:
    """The worker pools the rebuild starts, kept in a list as they are made."""
    from core.search import rebuild_workers

    pools: list = []
    start = rebuild_workers.WorkerPool.__init__

    def kept(self, count):
        start(self, count)
        pools.append(self)

    monkeypatch.setattr(rebuild_workers.WorkerPool, "__init__", kept)
    return pools
