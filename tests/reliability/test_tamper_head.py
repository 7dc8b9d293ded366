"""The chain head against someone without the key (issue 13): each test tampers with the files
as someone with ``sqlite3`` and a text editor would, then runs the command line. Verification
reports what was done with the entry numbers (never OK, never an unexpected error), and a
writer refuses to extend a chain its head does not vouch for (it would hide what was done).
"""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.reliability.conftest import raw
from tests.reliability.tamper import (
    CASE,
    broken,
    cli,
    copy_file,
    entries,
    head_file,
    key_file,
    mac_of,
    mac_with,
    save_more,
    verify,
    writer_refused,
)


# -- the head ------------------------------------------------------------------------------------
def test_untouched_folder_verifies_and_keeps_a_second_copy(filled, capsys):
    code, out = verify(capsys)
    assert code == 0 and out.startswith(f"OK: {entries(filled)} audit entries verified"), out
    head = json.loads(head_file(filled).read_text())
    copy = json.loads(copy_file(filled).read_text())
    assert head["count"] == copy["count"] == entries(filled)
    assert head["tag"] and head["tag"] == copy["tag"] and "pending" not in head


@pytest.mark.parametrize("k", [1, 3])
def test_last_entries_deleted_head_kept(filled, capsys, k):
    n = entries(filled)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq > ?", (n - k,))
    span = f"entry {n}" if k == 1 else f"entries {n - k + 1} to {n}"
    broken(capsys, f"the database ends at entry {n - k} but the chain head records {n} entries",
           f"{span} were deleted" if k > 1 else f"{span} was deleted", at=n - k + 1)
    writer_refused(capsys)
    broken(capsys, "deleted", at=n - k + 1)  # the refused writer hid nothing


@pytest.mark.parametrize("k", [1, 3])
def test_last_entries_deleted_with_the_head_file(filled, capsys, k):
    """The old trick: delete the newest entries and the head; the next writer rebuilt the head
    from the database and verify said OK."""
    n = entries(filled)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq > ?", (n - k,))
    head_file(filled).unlink()
    out = broken(capsys, "is missing although the database holds", f"records {n} entries",
                 "deleted", at=n - k + 1)
    assert str(copy_file(filled)) in out
    writer_refused(capsys)
    assert not head_file(filled).exists()  # never rebuilt from the database
    broken(capsys, "is missing", at=n - k + 1)


def test_missing_head_file_alone(filled, capsys):
    n = entries(filled)
    head_file(filled).unlink()
    broken(capsys, "is missing although the database holds", at=n + 1)
    assert "does not match its recorded head" in writer_refused(capsys)


def test_head_rewound_to_an_earlier_entry(filled, capsys):
    """Delete the last entries and write the head as {count, mac of that row}: without the key
    it carries no valid tag, and the second copy still records the entries."""
    n = entries(filled)
    mac = mac_of(filled, n - 3)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq > ?", (n - 3,))
    head_file(filled).write_text(json.dumps({"count": n - 3, "mac": mac}))
    broken(capsys, "is not authenticated", f"records {n} entries", f"holds {n - 3}",
           f"entries {n - 2} to {n} were deleted", at=n - 2)
    writer_refused(capsys)
    broken(capsys, "is not authenticated", at=n - 2)


def test_head_rewound_with_a_forged_tag(filled, capsys):
    n = entries(filled)
    mac = mac_of(filled, n - 3)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq > ?", (n - 3,))
    head_file(filled).write_text(json.dumps({"format": 2, "count": n - 3, "mac": mac,
                                             "tag": hashlib.sha256(mac.encode()).hexdigest()}))
    broken(capsys, "is not authenticated with the audit key", at=n - 2)


def test_genuine_earlier_head_put_back_disagrees_with_the_second_copy(filled, capsys):
    """A head Casebook itself wrote earlier (kept aside, or from a backup) is authentic; the
    second copy outside the data folder still names both counts."""
    earlier = head_file(filled).read_bytes()
    n0 = entries(filled)
    save_more(filled, 2)
    n = entries(filled)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq > ?", (n0,))
    head_file(filled).write_bytes(earlier)
    broken(capsys, f"the second copy of the chain head ({copy_file(filled)}) records {n} "
           f"entries, but the database holds {n0} and the chain head in the data folder "
           f"records {n0}", f"entries {n0 + 1} to {n} were deleted", at=n0 + 1)
    writer_refused(capsys)


def test_second_copy_that_disagrees(filled, capsys):
    older_copy = copy_file(filled).read_bytes()
    older = json.loads(older_copy)["count"]
    save_more(filled)
    copy_file(filled).write_bytes(older_copy)  # the copy is behind the head and the database
    n = entries(filled)
    broken(capsys, f"records {older} entries, but the database holds {n} and the chain head "
           f"in the data folder records {n}", at=older + 1)


def test_unauthenticated_copy(filled, capsys):
    """A copy whose tag does not verify, with the last entries deleted: the head in the data
    folder records them, and neither file vouches for the tip."""
    n = entries(filled)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq = ?", (n,))
    copy = json.loads(copy_file(filled).read_text())
    copy["tag"] = "0" * 64
    copy_file(filled).write_text(json.dumps(copy))
    broken(capsys, "second copy of the chain head", "is not authenticated",
           f"entry {n} was deleted", at=n)
    writer_refused(capsys)


def test_unauthenticated_copy_beside_a_head_that_vouches_is_a_warning(filled, capsys):
    """A copy whose tag does not verify while the head in the data folder is authentic and
    vouches for the tip: what a write cut short by a power cut leaves (``test_torn_head``),
    reported and written again, not a tamper (the head the key signed vouches for the tip, as
    where the copy is missing)."""
    copy = json.loads(copy_file(filled).read_text())
    copy["tag"] = "0" * 64
    copy_file(filled).write_text(json.dumps(copy))
    code, out = verify(capsys)
    assert code == 0 and "second copy of the chain head" in out and "is damaged" in out, out


@pytest.mark.parametrize("garbage", ["", "{not json", '{"count": "many"}', "[]"])
def test_garbled_head_file(filled, capsys, garbage):
    """The head file and its second copy garbled (one garbled beside an intact copy that
    vouches for the tip is a crash leftover: ``test_torn_head``)."""
    head_file(filled).write_text(garbage)
    copy_file(filled).write_text(garbage)
    broken(capsys, "cannot be read")
    writer_refused(capsys)


@pytest.mark.parametrize("garbage", ["", "{not json"])
def test_garbled_head_file_without_a_copy(filled, capsys, garbage):
    head_file(filled).write_text(garbage)
    copy_file(filled).unlink()
    broken(capsys, "cannot be read")
    writer_refused(capsys)


def test_entry_appended_without_a_valid_mac(filled, capsys):
    n = entries(filled)
    forged = hashlib.sha256(f"{mac_of(filled, n)}forged".encode()).hexdigest()
    raw(filled.paths.database).execute(
        "INSERT INTO audit (seq, ts, user, action, mac) VALUES (?, 'x', 'intruder', 'save', ?)",
        (n + 1, forged))
    broken(capsys, f"entry {n + 1} was changed, inserted or re-hashed", at=n + 1)
    writer_refused(capsys)


def test_entry_appended_with_a_valid_mac_beyond_the_head(filled, capsys):
    """Whoever holds the key can chain an entry on; it is still not one of Casebook's saves:
    the head (and its copy) never recorded it."""
    n = entries(filled)
    key = bytes.fromhex(key_file(filled).read_text().strip())
    row = {"seq": n + 1, "ts": "2024-01-01T00:00:00Z", "user": "intruder", "case_id": None,
           "action": "note", "path": None, "old": None, "new": "added", "reason": None}
    row["mac"] = mac_with(key, mac_of(filled, n), row)
    con = raw(filled.paths.database)
    con.execute(f"INSERT INTO audit ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()))
    broken(capsys, f"entry {n + 1} was added after the chain head (entry {n}), not by "
           "Casebook's own saves", at=n + 1)
    writer_refused(capsys)


def test_entry_edited(filled, capsys):
    raw(filled.paths.database).execute("UPDATE audit SET user = 'someone else' WHERE seq = 2")
    broken(capsys, "entry 2 was changed", at=2)


def test_last_entry_edited_stays_broken_after_a_save(filled, capsys):
    n = entries(filled)
    raw(filled.paths.database).execute("UPDATE audit SET reason = 'edited' WHERE seq = ?", (n,))
    broken(capsys, f"entry {n} was changed", at=n)
    save_more(filled)  # the MAC column was not touched: a save chains on, the edit stays seen
    broken(capsys, f"entry {n} was changed", at=n)


# -- a crash between the commit and the head ---------------------------------------------------
def test_pending_head_after_a_crash_verifies_and_is_recorded_by_a_writer(filled, capsys):
    from core.store.audit import AuditEntry

    n = entries(filled)
    trail = filled.ctx.audit
    with filled.ctx.db.write() as conn:
        trail.append(conn, "dr.test", [AuditEntry("note", CASE, None, None, "x")])
    trail.discard_pending()  # killed after the commit, before the head
    head = json.loads(head_file(filled).read_text())
    assert (head["count"], head["pending"]["count"]) == (n, n + 1)
    before = (head_file(filled).read_bytes(), copy_file(filled).read_bytes())
    code, out = verify(capsys)
    assert code == 0 and "had committed" in out, out
    assert (head_file(filled).read_bytes(), copy_file(filled).read_bytes()) == before  # reader
    assert filled.audit.verify().ok  # a writer records the head the save was making
    head = json.loads(head_file(filled).read_text())
    assert head["count"] == n + 1 and "pending" not in head
    assert json.loads(copy_file(filled).read_text())["count"] == n + 1


def test_crash_before_the_commit_leaves_the_database_at_the_head(filled, capsys):
    from core.store.audit import AuditEntry

    n = entries(filled)
    trail = filled.ctx.audit
    with pytest.raises(RuntimeError), filled.ctx.db.write() as conn:
        trail.append(conn, "dr.test", [AuditEntry("note", CASE, None, None, "x")])
        raise RuntimeError("killed before the commit")
    trail.discard_pending()
    assert json.loads(head_file(filled).read_text())["pending"]["count"] == n + 1
    code, out = verify(capsys)
    assert code == 0 and out.startswith(f"OK: {n} audit entries verified"), out
    save_more(filled)
    assert verify(capsys)[0] == 0


def test_entries_beyond_the_pending_head_are_broken(filled, capsys):
    from core.store.audit import AuditEntry

    n = entries(filled)
    trail = filled.ctx.audit
    with filled.ctx.db.write() as conn:
        trail.append(conn, "dr.test", [AuditEntry("note", CASE, None, None, "x")])
    trail.discard_pending()  # the database at the pending head; then one entry more
    key = bytes.fromhex(key_file(filled).read_text().strip())
    row = {"seq": n + 2, "ts": "t", "user": "u", "case_id": None, "action": "note",
           "path": None, "old": None, "new": None, "reason": None}
    row["mac"] = mac_with(key, mac_of(filled, n + 1), row)
    raw(filled.paths.database).execute(
        f"INSERT INTO audit ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        tuple(row.values()))
    broken(capsys, f"entry {n + 2} was added after the chain head (entry {n + 1})", at=n + 2)


# -- readers write no head ---------------------------------------------------------------------
def test_readers_never_write_the_head(filled, capsys):
    head_file(filled).unlink()
    copy_file(filled).unlink()
    for args in (["audit", "verify"], ["check"], ["list"], ["show", CASE], ["audit", "anchor"]):
        cli(capsys, *args)
    assert not head_file(filled).exists() and not copy_file(filled).exists()
