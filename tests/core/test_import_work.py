"""The import does its work once (issue 20, import speed): the audit head is written once an
append, and the entries of a chunk's batches are appended together; the cyclic collector is
off while it runs and on again after (also after a refused import); the rows and the audit
entries are those of the cases, as before."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from core.errors import InvalidData
from core.io.interchange import write_export
from core.store import audit as audit_module
from core.synth import generate_cases


def _export(tmp_path: Path, n: int, seed: int = 5) -> Path:
    path = tmp_path / f"gen-{n}.json"
    write_export(path, generate_cases(n, seed=seed))
    return path


def test_the_head_is_written_once_a_chunk_not_once_a_batch(casebook, tmp_path, monkeypatch):
    source = _export(tmp_path, 250)  # three batches of 100, one chunk
    writes: list[int] = []
    real = audit_module.write_head

    def counting(*args, **kwargs):
        writes.append(args[3].count)  # the pending head: entries in the chain
        return real(*args, **kwargs)
    monkeypatch.setattr(audit_module, "write_head", counting)
    report = casebook.interchange.import_files([source])
    assert report.imported == 250
    assert len(writes) == 1, writes
    assert casebook.maintenance.verify_audit().ok
    with casebook.ctx.db.read() as conn:
        imports = conn.exec_driver_sql(
            "SELECT count(*), count(DISTINCT case_id) FROM audit WHERE action = 'import'"
        ).fetchone()
    assert tuple(imports) == (250, 250)


def pending_head_writes(monkeypatch) -> list[int]:
    """The counts of the pending heads written from now on (one per durable head write)."""
    writes: list[int] = []
    real = audit_module.write_head

    def counting(*args, **kwargs):
        writes.append(args[3].count)
        return real(*args, **kwargs)
    monkeypatch.setattr(audit_module, "write_head", counting)
    return writes


def test_a_chunk_appends_its_entries_before_its_commit(casebook, tmp_path, monkeypatch):
    source = _export(tmp_path, 25)
    casebook.interchange.chunk = 10  # three transactions: 10, 10, 5 cases
    writes = pending_head_writes(monkeypatch)
    assert casebook.interchange.import_files([source]).imported == 25
    assert len(writes) == 3, writes
    assert casebook.maintenance.verify_audit().ok
    assert casebook.cases.count_cases() == 25


def test_the_collector_is_off_during_the_import_and_on_after(casebook, tmp_path, monkeypatch):
    source = _export(tmp_path, 3)
    seen: list[bool] = []
    real = audit_module.AuditTrail.append

    def append(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real(self, *args, **kwargs)
    monkeypatch.setattr(audit_module.AuditTrail, "append", append)
    assert gc.isenabled()
    casebook.interchange.import_files([source])
    assert seen == [False]
    assert gc.isenabled()


def test_a_refused_import_turns_the_collector_on_again(casebook, tmp_path):
    source = _export(tmp_path, 3)
    doc = json.loads(source.read_text("utf-8"))
    doc["cases"][2]["status"] = "finished"
    source.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        casebook.interchange.import_files([source])
    assert "status" in str(err.value.problems)
    assert gc.isenabled()
    assert casebook.cases.count_cases() == 0


def test_imported_cases_are_indexed_with_the_text_of_the_model_walk(casebook, tmp_path):
    from core.search.derived import clinical_values
    from core.search.documents import COLUMNS, case_text
    from core.search.index import DOCS_TABLE, FTS_TABLE

    source = _export(tmp_path, 12, seed=8)
    casebook.interchange.import_files([source])
    names = ", ".join(f"f.{c}" for c in COLUMNS)
    with casebook.ctx.db.read() as conn:
        stored = {row[0]: tuple(row[1:]) for row in conn.exec_driver_sql(
            f"SELECT d.case_id, {names} FROM {DOCS_TABLE} d JOIN {FTS_TABLE} f "
            "ON f.rowid = d.doc_id")}
    assert len(stored) == 12
    for case_id, row in stored.items():
        case = casebook.cases.open_case(case_id)
        walked = case_text(case, clinical_values(case)).columns()
        assert row == tuple(walked[c] for c in COLUMNS), case_id


def test_many_entries_are_appended_before_the_chunk_ends(casebook, tmp_path, monkeypatch):
    from core.services import importing

    source = _export(tmp_path, 30)
    monkeypatch.setattr(importing, "BATCH", 10)
    monkeypatch.setattr(importing, "ENTRIES", 15)  # appended after batches 2 and the last
    writes = pending_head_writes(monkeypatch)
    assert casebook.interchange.import_files([source]).imported == 30
    assert len(writes) == 2, writes
    assert casebook.maintenance.verify_audit().ok
    # replacing them all: field entries per case, appended as they pass the limit
    doc = json.loads(source.read_text("utf-8"))
    for case in doc["cases"]:
        case["case_report"]["title"] = "Changed " + case["case_report"].get("title", "")
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc), encoding="utf-8")
    writes.clear()
    report = casebook.interchange.import_files([changed], "replace")
    assert (report.imported, report.replaced) == (0, 30)
    assert len(writes) >= 2, writes
    assert casebook.maintenance.verify_audit().ok
    with casebook.ctx.db.read() as conn:
        replaced = conn.exec_driver_sql(
            "SELECT count(DISTINCT case_id) FROM audit WHERE action = 'import-replace'"
        ).scalar()
    assert replaced == 30


def test_a_stopped_import_still_appends_the_entries_of_the_cases_it_wrote(casebook):
    """Cases written in a transaction are never committed without their audit entries, also
    once the import is stopped (a stopped import rolls back both; if it did not, the entries
    would be missing from the chain)."""
    from core.services.importing import ImportWriter
    from core.store.audit import AuditEntry

    def count() -> int:
        with casebook.ctx.db.read() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM audit").scalar() or 0)
    before = count()
    writer = ImportWriter(casebook.ctx, "as_new", "2026-12-06T08:00:00+00:00", "x.json", None)
    with casebook.ctx.write() as (writer.conn, writer.audit):
        writer._entries = [AuditEntry("note", None, None, None, "written before the stop")]
        writer.stop()
        writer._append_entries()
    assert count() == before + 1
    assert casebook.maintenance.verify_audit().ok
