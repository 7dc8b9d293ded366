"""Disk full, read-only folder, database locked: a clear message and nothing half-written.

The OS errors are faked (the tests run as any user, root included): the DBAPI raises what
SQLite raises, partway through the transaction, after some rows were already written.
"""

from __future__ import annotations

import errno
import sqlite3

import pytest
from sqlalchemy import func, select

from core.cli import main
from core.errors import StorageError
from core.store import audit as store_audit
from core.store import engine as store_engine
from core.store.audit import read_head
from core.store.heads import settle
from core.store.tables import audit, case_codes, cases, drafts
from tests.conftest import REFERENCE_CASEBOOK
from tests.sqlite_faults import SqliteFault

DISK_FULL = "database or disk is full"
READ_ONLY = "attempt to write a readonly database"


def fail_on_audit_insert(engine, message: str) -> SqliteFault:
    """SQLite raises ``message`` when the audit rows are written (the last step)."""
    return SqliteFault(engine, "audit", message)


def counts(cb) -> dict[str, int]:
    with cb.ctx.db.read() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in (cases, case_codes, audit, drafts)}


def stored(cb) -> list[tuple]:
    with cb.ctx.db.read() as conn:
        return [tuple(r) for r in conn.execute(select(cases).order_by(cases.c.id))]


@pytest.mark.expected_errors("read-only and full-disk writes fail (logged)")
@pytest.mark.parametrize("message, words", [(DISK_FULL, "disk is full"),
                                            (READ_ONLY, "read-only")])
def test_failed_writes_say_why_and_leave_nothing(filled, reference_cases, message, words):
    before, rows, head = counts(filled), stored(filled), read_head(filled.paths.audit_head)
    fail_on_audit_insert(filled.ctx.db.engine, message)
    edited = filled.cases.open_case(reference_cases[0].case_id)
    edited.patient.age_at_day0 = 71
    new = reference_cases[1].model_copy(update={"case_id": "HC-NEW00001", "version": 0})
    for action in (lambda: filled.cases.save_case(edited),
                   lambda: filled.cases.save_case(new),
                   lambda: filled.cases.trash_case(edited.case_id),
                   lambda: filled.cases.import_cases([new]),
                   lambda: filled.audit.record("pdf-print", edited.case_id, "identified PDF")):
        with pytest.raises(StorageError, match=words) as caught:
            action()
        assert "nothing was saved" in str(caught.value)
        assert counts(filled) == before and stored(filled) == rows
        assert read_head(filled.paths.audit_head) == head
    assert filled.audit.verify().ok


@pytest.mark.expected_errors("a full disk makes the import fail (logged)")
def test_command_line_import_on_a_full_disk(data_home, monkeypatch, capsys):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    real = store_engine.make_engine

    def failing_engine(path):
        engine = real(path)
        fail_on_audit_insert(engine, DISK_FULL)
        return engine
    capsys.readouterr()
    with monkeypatch.context() as patched:
        patched.setattr(store_engine, "make_engine", failing_engine)
        assert main(["import", "--as-new", str(REFERENCE_CASEBOOK)]) == 1
    assert "disk is full: nothing was saved" in capsys.readouterr().err
    assert main(["list"]) == 0
    assert "2 case(s)" in capsys.readouterr().err


@pytest.mark.expected_errors("a database locked too long makes the write fail (logged)")
def test_locked_beyond_the_busy_timeout(data_home, monkeypatch, reference_cases):
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(store_engine, "PRAGMAS", (*store_engine.PRAGMAS[:-1],
                                                  "PRAGMA busy_timeout=100"))
    from core.services import open_casebook

    cb = open_casebook(data_home)
    other = sqlite3.connect(cb.paths.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError, match="busy in another program"):
            cb.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert cb.cases.count_cases() == 0
    cb.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    assert cb.cases.count_cases() == 1
    cb.close()


def test_a_failed_head_write_does_not_undo_a_committed_save(filled, reference_cases,
                                                            monkeypatch):
    """The head written after the commit fails: the pending head, written before it, stands."""
    head = read_head(filled.paths.audit_head)
    real_write = store_audit.write_head

    def disk_full_after_commit(path, head, key=None, pending=None, **options):
        if pending is not None:  # the pending head, before the commit: written
            return real_write(path, head, key, pending, **options)
        raise OSError(errno.ENOSPC, "No space left on device")

    def disk_full(*_args, **_options):  # the plain head after the commit
        raise OSError(errno.ENOSPC, "No space left on device")
    edited = filled.cases.open_case(reference_cases[0].case_id)
    edited.patient.age_at_day0 = 71
    with monkeypatch.context() as patched:
        patched.setattr(store_audit, "write_head", disk_full_after_commit)
        patched.setattr(store_audit, "write_plain_head", disk_full)
        saved = filled.cases.save_case(edited)
        settle()  # the plain head is written in a writer thread, after the save returns
    assert filled.cases.open_case(edited.case_id).version == saved.version
    assert read_head(filled.paths.audit_head) == head
    report = filled.audit.verify()
    assert report.ok and read_head(filled.paths.audit_head).count == report.entries


def test_a_failed_pending_head_write_saves_nothing(filled, reference_cases, monkeypatch):
    """The head cannot be recorded before the commit: nothing is saved (a commit the head
    does not know of would read as entries added behind Casebook's back)."""
    head, entries = read_head(filled.paths.audit_head), filled.audit.count()

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    edited = filled.cases.open_case(reference_cases[0].case_id)
    edited.patient.age_at_day0 = 71
    with monkeypatch.context() as patched:
        patched.setattr(store_audit, "write_head", disk_full)
        with pytest.raises(StorageError, match="nothing was saved"):
            filled.cases.save_case(edited)
    assert filled.cases.open_case(edited.case_id).version == edited.version
    assert filled.audit.count() == entries and read_head(filled.paths.audit_head) == head
    assert filled.audit.verify().ok
