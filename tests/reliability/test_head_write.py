"""The head files of a save (issue 20): the pending head is written as a new file, flushed and
renamed into place before the commit; the plain head after the commit is a new file renamed into
place too (not flushed), never written over the file where it stands (a torn write could leave
it neither old nor new), in a writer thread once the save has returned. A reader reads a head
file until two reads agree, after the head writes this process still runs."""

from __future__ import annotations

import json
import os
import sqlite3
import threading

import pytest

from core.store import heads
from core.store.heads import ChainHead, read_head_file, write_head, write_plain_head
from tests.reliability.tamper import (
    CASE,
    broken,
    copy_file,
    entries,
    head_file,
    save_more,
    verify,
)


def test_a_save_renames_two_files_per_head_and_leaves_no_pending(filled, capsys, monkeypatch):
    renamed: list[str] = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append(str(b)), real(a, b))[1])
    save_more(filled)
    # the pending head before the commit, the plain head after it: each a new file
    assert sorted(renamed) == sorted([str(head_file(filled)), str(copy_file(filled))] * 2)
    n = entries(filled)
    for path in (head_file(filled), copy_file(filled)):
        head = json.loads(path.read_text())
        assert head["count"] == n and "pending" not in head, head
        assert not path.with_suffix(".tmp").exists()
    code, out = verify(capsys)
    assert code == 0 and out.startswith(f"OK: {n} audit entries verified"), out
    assert "(" not in out.splitlines()[0], out  # nothing left to settle: no note


def test_the_save_returns_before_the_head_after_the_commit_and_readers_wait_for_it(
        filled, monkeypatch):
    from core.store import audit as store_audit

    gate, real = threading.Event(), store_audit.write_plain_head
    monkeypatch.setattr(store_audit, "write_plain_head",
                        lambda *args: (gate.wait(10), real(*args))[1])
    path = filled.paths.root / "config" / "audit-head.json"  # no settle(): read as it is
    case = filled.cases.open_case(CASE)
    case.patient.age_at_day0 = 33
    filled.cases.save_case(case)  # returns while the plain head waits at the gate
    n = entries(filled)
    on_disk = json.loads(path.read_text())
    assert on_disk["pending"]["count"] == n and on_disk["count"] < n  # the pending head
    read: list[ChainHead | None] = []
    reader = threading.Thread(target=lambda: read.append(heads.read_head(path)))
    reader.start()
    reader.join(0.3)
    assert reader.is_alive() and not read  # an in-process reader waits for the write
    gate.set()
    reader.join(10)
    assert read[0] is not None and read[0].count == n
    assert "pending" not in json.loads(path.read_text())


def test_two_readers_at_once_both_wait_for_the_head_after_the_commit(filled, monkeypatch):
    """Review: the second of two concurrent readers used to find the list of writes emptied
    by the first and read the head at N-1 (pending N): 'the save under way when Casebook
    stopped had committed' though nothing stopped."""
    from core.store import audit as store_audit

    gate, real = threading.Event(), store_audit.write_plain_head
    monkeypatch.setattr(store_audit, "write_plain_head",
                        lambda *args: (gate.wait(10), real(*args))[1])
    path = filled.paths.root / "config" / "audit-head.json"
    case = filled.cases.open_case(CASE)
    case.patient.age_at_day0 = 36
    before = entries(filled)
    filled.cases.save_case(case)
    n = entries(filled)
    assert n > before  # the save made entries: its plain head waits at the gate
    read: list[ChainHead | None] = []
    readers = [threading.Thread(target=lambda: read.append(heads.read_head_file(path)))
               for _ in range(2)]
    for reader in readers:
        reader.start()
        reader.join(0.3)
    assert all(reader.is_alive() for reader in readers) and not read
    gate.set()
    for reader in readers:
        reader.join(10)
    assert [(f.head.count, f.pending) for f in read] == [(n, None), (n, None)]


@pytest.mark.expected_errors("none: a bug in the head write is logged as a WARNING")
def test_an_unexpected_error_in_the_head_write_is_logged_not_raised_later(filled, monkeypatch,
                                                                          caplog):
    from core.store import audit as store_audit

    def broken_write(*_args):
        raise ValueError("a bug in the head write")
    monkeypatch.setattr(store_audit, "write_plain_head", broken_write)
    case = filled.cases.open_case(CASE)
    case.patient.age_at_day0 = 37
    filled.cases.save_case(case)
    heads.settle()  # does not raise
    assert filled.backups.create()  # the next reader of the head goes on
    assert any("a bug in the head write" in r.getMessage() and r.levelname == "WARNING"
               for r in caplog.records)
    assert filled.audit.verify().ok  # the pending head stands


def test_the_head_after_the_commit_is_a_new_file_not_written_in_place(filled):
    from core.store.audit import AuditEntry

    trail = filled.ctx.audit
    with filled.ctx.db.write() as conn:
        trail.append(conn, "dr.test", [AuditEntry("note", None, None, None, "x")])
    pending_inode = head_file(filled).stat().st_ino
    pending_copy = copy_file(filled).stat().st_ino
    assert "pending" in json.loads(head_file(filled).read_text())
    trail.commit_head()
    assert head_file(filled).stat().st_ino != pending_inode
    assert copy_file(filled).stat().st_ino != pending_copy
    for path in (head_file(filled), copy_file(filled)):
        found = read_head_file(path)
        assert found is not None and found.head is not None and found.pending is None
        assert found.head.count == entries(filled)
        assert found.raw == found.raw.strip()  # no padding left from an in-place write


def test_an_older_database_put_back_is_still_seen(filled, capsys, tmp_path):
    """A copy of the database one save older, put back after the save: the head (written
    over its file after the commit) records the save, so the missing entries are reported."""
    older = tmp_path / "older.db"
    with sqlite3.connect(filled.paths.database) as src, sqlite3.connect(older) as dst:
        src.backup(dst)
    before = entries(filled)
    save_more(filled)
    after = entries(filled)
    assert after > before
    filled.close()
    with sqlite3.connect(older) as src, sqlite3.connect(filled.paths.database) as dst:
        src.backup(dst)
    broken(capsys, f"the database ends at entry {before} but the chain head records {after}",
           at=before + 1)


def test_the_plain_head_is_written_where_there_is_no_file_yet(tmp_path):
    key = b"k" * 32
    path = tmp_path / "head.json"
    write_plain_head(path, ChainHead(1, "a" * 64), key, None)
    path.write_text("{}")
    write_plain_head(path, ChainHead(7, "b" * 64), key, None)
    found = read_head_file(path)
    assert found is not None and found.head == ChainHead(7, "b" * 64)
    assert json.loads(path.read_text())["count"] == 7


def _reads(monkeypatch, contents: list[bytes]) -> list[bytes]:
    """``read_bytes`` gives ``contents`` in turn (the last one from then on); the reads made
    are logged in the list returned."""
    made: list[bytes] = []

    def read(_self):
        made.append(contents[min(len(made), len(contents) - 1)])
        return made[-1]
    monkeypatch.setattr(heads.Path, "read_bytes", read)
    return made


def test_a_head_caught_half_written_is_read_again(tmp_path, monkeypatch):
    path = tmp_path / "head.json"
    write_head(path, ChainHead(3, "c" * 64), b"k" * 32, copy=None)
    whole = path.read_bytes()
    made = _reads(monkeypatch, [whole[:40] + b" " * (len(whole) - 40), whole])
    found = read_head_file(path)
    assert found is not None and found.head == ChainHead(3, "c" * 64)
    assert made[-2:] == [whole, whole]


def test_a_reader_racing_a_write_never_returns_a_mixed_head(tmp_path, monkeypatch):
    """A read that catches the file while it changes can parse (the new count and MAC, the old
    tag): it is read again until two reads agree, and the new head is returned."""
    key = b"k" * 32
    path = tmp_path / "head.json"
    write_head(path, ChainHead(3, "c" * 64), key, pending=ChainHead(4, "d" * 64), copy=None)
    old = json.loads(path.read_bytes())
    write_head(path, ChainHead(4, "d" * 64), key, copy=None)
    new = path.read_bytes()
    mixed = json.dumps({**json.loads(new), "tag": old["tag"]}).encode()
    assert heads._read_head_file(path) is not None  # (parses, unpatched)
    made = _reads(monkeypatch, [json.dumps(old).encode(), mixed, new])
    found = read_head_file(path)
    assert found is not None and found.raw == new and found.head is not None
    assert heads.authentic(key, found.head)
    assert len(made) == 4  # old, mixed, new, new: two reads in a row agree


def test_reads_stop_once_two_agree_and_are_bounded(tmp_path, monkeypatch):
    path = tmp_path / "head.json"
    write_head(path, ChainHead(3, "c" * 64), b"k" * 32, copy=None)
    whole = path.read_bytes()
    made = _reads(monkeypatch, [whole])
    assert read_head_file(path) is not None and len(made) == 2
    changing = [whole + b" " * n for n in range(20)]  # never the same twice
    made = _reads(monkeypatch, changing)
    found = read_head_file(path)
    assert len(made) == heads.READS and found is not None and found.raw == made[-1]


@pytest.mark.parametrize("garbage", [b"not json at all", b'{"count": 1}'])
def test_a_file_that_is_no_head_stays_unreadable(tmp_path, garbage):
    path = tmp_path / "head.json"
    path.write_bytes(garbage)
    found = read_head_file(path)
    assert found is not None and found.head is None and found.raw == garbage


# -- the pending head goes to disk while the save writes its index rows ------------------------
def _slow_head_writes(monkeypatch, log: list[tuple[str, float]]) -> None:
    """``write_head`` (the pending head, in the writer thread) and ``write_index`` (in the
    saving thread) log when they start and end; the head write takes 0.5 s at least, and
    the index waits (up to 5 s) for it to have started: a save that writes its index before
    it sends its head to the writer thread logs "index start" without it."""
    import threading
    import time

    from core.services import cases as case_services
    from core.store import audit as store_audit

    real_head, real_index = store_audit.write_head, case_services.write_index
    head_started = threading.Event()

    def slow_head(*args, **options):
        log.append(("head start", time.perf_counter()))
        head_started.set()
        time.sleep(0.5)
        real_head(*args, **options)
        log.append(("head end", time.perf_counter()))

    def logged_index(*args, **options):
        if head_started.wait(timeout=5):
            log.append(("index start", time.perf_counter()))
        real_index(*args, **options)
        log.append(("index end", time.perf_counter()))
    monkeypatch.setattr(store_audit, "write_head", slow_head)
    monkeypatch.setattr(case_services, "write_index", logged_index)


@pytest.mark.parametrize("new_case", [False, True])
def test_the_index_is_written_while_the_head_goes_to_disk_before_the_commit(
        filled, monkeypatch, reference_cases, new_case):
    import time

    from sqlalchemy import event

    log: list[tuple[str, float]] = []
    _slow_head_writes(monkeypatch, log)
    engine = filled.ctx.db.engine
    commit_logger = lambda _conn: log.append(("commit", time.perf_counter()))  # noqa: E731
    event.listen(engine, "commit", commit_logger)
    try:
        if new_case:
            filled.cases.save_case(reference_cases[0].model_copy(
                update={"case_id": "HC-OVERLAP01", "version": 0}))
        else:
            save_more(filled)
    finally:
        event.remove(engine, "commit", commit_logger)
    saving = [name for name, _ in log].index("head start")  # (reads commit too, before)
    assert [name for name, _ in log[saving:]] == ["head start", "index start", "index end",
                                                  "head end", "commit"], log
    assert filled.audit.verify().ok


@pytest.mark.expected_errors("the index rows of the save fail on purpose")
def test_a_save_whose_index_fails_after_its_head_was_sent_leaves_nothing(filled, monkeypatch,
                                                                         capsys):
    from core.services import cases as case_services

    n = entries(filled)
    case = filled.cases.open_case(CASE)

    def broken_index(*_args, **_options):
        raise RuntimeError("index rows failed")
    case.patient.age_at_day0 = 33
    with monkeypatch.context() as patched, pytest.raises(RuntimeError, match="index rows"):
        patched.setattr(case_services, "write_index", broken_index)
        filled.cases.save_case(case)
    assert entries(filled) == n and filled.cases.open_case(CASE).version == case.version
    assert filled.ctx.audit._job is None  # no head write left running
    head = json.loads(head_file(filled).read_text())
    assert head["count"] == n and head["pending"]["count"] > n  # the save that did not commit
    code, out = verify(capsys)
    assert code == 0 and out.startswith(f"OK: {n} audit entries verified"), out
    save_more(filled)
    assert filled.audit.verify().ok and entries(filled) > n


@pytest.mark.expected_errors("the save is refused on purpose: the chain was tampered with")
def test_a_save_onto_a_chain_its_head_does_not_vouch_for_is_refused(filled):
    """The head files are checked in the writer thread now, before it writes: the save is
    still refused, nothing is written, and the head files are left as they were."""
    from core.errors import StorageError
    from tests.reliability.conftest import raw

    n = entries(filled)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq = ?", (n,))
    before = (head_file(filled).read_bytes(), copy_file(filled).read_bytes())
    case = filled.cases.open_case(CASE)
    case.patient.age_at_day0 = 37
    with pytest.raises(StorageError, match="does not match its recorded head"):
        filled.cases.save_case(case)
    assert filled.ctx.audit._job is None
    assert entries(filled) == n - 1 and filled.cases.open_case(CASE).version == case.version
    assert (head_file(filled).read_bytes(), copy_file(filled).read_bytes()) == before


def test_a_failed_save_keeps_its_own_exception_when_its_head_write_fails_too(filled, caplog):
    """The save's exception is raised, not one of another type from the head write beside it
    (which is logged); a StorageError from it is dropped as before."""
    from concurrent.futures import Future

    trail = filled.ctx.audit
    for other in (RuntimeError("head writer broke"), OSError(28, "No space left")):
        job: Future[None] = Future()
        job.set_exception(other)
        with pytest.raises(ValueError, match="the save failed"), trail.beside():
            trail._job = job
            raise ValueError("the save failed")
        assert trail._job is None
    assert any("head writer broke" in r.getMessage() for r in caplog.records)
