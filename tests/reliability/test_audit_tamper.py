"""`casebook audit verify` detects edits made behind Casebook's back (ARCHITECTURE decision 6)."""

from __future__ import annotations

import hashlib
import json

import pytest

from core.cli import main
from core.store.audit import FIELDS, AuditEntry, read_head
from tests.reliability.conftest import raw


def verify(capsys) -> tuple[int, str]:
    code = main(["audit", "verify"])
    return code, capsys.readouterr().out


def count(cb) -> int:
    return cb.audit.count()


def test_untouched_chain_verifies(filled, capsys):
    code, out = verify(capsys)
    assert code == 0 and out.startswith(f"OK: {count(filled)} audit entries verified")


def test_changed_value(filled, capsys):
    raw(filled.paths.database).execute("UPDATE audit SET new = 'male' WHERE seq = 3")
    code, out = verify(capsys)
    assert code == 1 and out.startswith("BROKEN at entry 3:") and "does not match" in out


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_deleted_row(filled, capsys, which):
    n = count(filled)
    seq = {"first": 1, "middle": n // 2 + 1, "last": n}[which]
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq = ?", (seq,))
    code, out = verify(capsys)
    assert code == 1 and out.startswith(f"BROKEN at entry {seq}:")
    assert ("missing" if which != "last" else "deleted") in out


def test_inserted_row(filled, capsys):
    n = count(filled)
    con = raw(filled.paths.database)
    con.execute("UPDATE audit SET seq = seq + 1000 WHERE seq > 2")
    con.execute("INSERT INTO audit (seq, ts, user, case_id, action, mac) "
                "VALUES (3, '2024-01-01T00:00:00Z', 'intruder', NULL, 'save', ?)", ("0" * 64,))
    con.execute("UPDATE audit SET seq = seq - 999 WHERE seq > 1000")
    assert count(filled) == n + 1
    code, out = verify(capsys)
    assert code == 1 and out.startswith("BROKEN at entry 3:")


def test_appended_forged_row(filled, capsys):
    """An extra entry after the head is accepted only with a valid keyed hash."""
    n = count(filled)
    last_mac = raw(filled.paths.database).execute("SELECT mac FROM audit WHERE seq = ?",
                                                  (n,)).fetchone()[0]
    forged = hashlib.sha256(f"{last_mac}forged".encode()).hexdigest()
    raw(filled.paths.database).execute(
        "INSERT INTO audit (seq, ts, user, action, mac) VALUES (?, 'x', 'intruder', 'save', ?)",
        (n + 1, forged))
    code, out = verify(capsys)
    assert code == 1 and out.startswith(f"BROKEN at entry {n + 1}:")


def test_rows_rewritten_with_plain_sha256(filled, capsys):
    con = raw(filled.paths.database)
    con.execute("UPDATE audit SET new = 'male' WHERE seq = 3")
    prev = "casebook-audit-genesis"
    for row in con.execute(f"SELECT {', '.join(FIELDS)} FROM audit ORDER BY seq").fetchall():
        text = "\x1f".join([prev] + ["" if v is None else str(v) for v in row])
        prev = hashlib.sha256(text.encode()).hexdigest()
        con.execute("UPDATE audit SET mac = ? WHERE seq = ?", (prev, row[0]))
    code, out = verify(capsys)
    assert code == 1 and out.startswith("BROKEN at entry 1:")


def test_truncated_chain(filled, capsys):
    n = count(filled)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq > ?", (n - 3,))
    code, out = verify(capsys)
    assert code == 1 and out.startswith(f"BROKEN at entry {n - 2}:")
    assert f"ends at entry {n - 3} but the chain head records {n} entries" in out
    assert f"entries {n - 2} to {n} were deleted" in out


def test_emptied_table(filled, capsys):
    raw(filled.paths.database).execute("DELETE FROM audit")
    code, out = verify(capsys)
    assert code == 1 and "deleted" in out


def test_missing_head_file(filled, capsys):
    filled.paths.audit_head.unlink()
    code, out = verify(capsys)
    assert code == 1 and "head" in out


def test_head_behind_after_crash_is_accepted_and_refreshed(filled, capsys):
    """A crash between commit and head write leaves the database at the pending head, which
    the save recorded before its commit."""
    n = count(filled)
    trail = filled.ctx.audit
    with filled.ctx.db.write() as conn:
        trail.append(conn, "dr.test", [AuditEntry("save", "SEED-C1-CAO2023", "x", "1", "2")])
    trail.discard_pending()  # the head write that never happened
    assert read_head(filled.paths.audit_head).count == n
    code, out = verify(capsys)
    assert code == 0 and "the save under way when Casebook stopped had committed" in out
    assert read_head(filled.paths.audit_head).count == n  # the command line reader writes nothing
    assert filled.audit.verify().ok  # the app (the writer) records the pending head
    assert read_head(filled.paths.audit_head).count == n + 1
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq = ?", (n + 1,))
    code, out = verify(capsys)
    assert code == 1 and "deleted" in out


def test_head_that_names_another_entry_is_detected(filled, capsys):
    """A head written without the key (no tag) is not the app's, even where it names an
    entry that exists."""
    head = read_head(filled.paths.audit_head)
    filled.paths.audit_head.write_text(json.dumps({"count": head.count - 1, "mac": head.mac}))
    code, out = verify(capsys)
    assert code == 1 and "is not authenticated" in out
