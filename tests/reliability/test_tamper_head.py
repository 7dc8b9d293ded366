"""The chain head, the audit key and the anchor against someone without the key (issue 13).

Each test tampers with the files the way someone with ``sqlite3`` and a text editor would, then
runs the command line: verification reports what was done with the entry numbers (never OK,
never an unexpected error), and a writer refuses to extend a chain its head does not vouch for
(it would hide what was done). The helpers reach the files by path only, so the tests also run
against an older Casebook and show what it missed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

import pytest

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK
from tests.reliability.conftest import raw

CASE = "SEED-C1-CAO2023"
FIELDS = ("seq", "ts", "user", "case_id", "action", "path", "old", "new", "reason")
UNEXPECTED = "Unexpected error"


# -- helpers: the files as someone outside Casebook sees them ----------------------------------
def cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert UNEXPECTED not in out + err and "Traceback" not in out + err
    return code, out + err


def verify(capsys, *extra: str) -> tuple[int, str]:
    return cli(capsys, "audit", "verify", *extra)


def broken(capsys, *words: str, at: int | None = None) -> str:
    """``audit verify`` and ``check`` both report the chain broken, with ``words``."""
    code, out = verify(capsys)
    assert code == 1 and out.startswith("BROKEN"), out
    if at is not None:
        assert out.startswith(f"BROKEN at entry {at}:"), out
    for word in words:
        assert word in out, out
    code, checked = cli(capsys, "check")
    assert code == 1 and "audit chain: OK" not in checked, checked
    return out


def entries(cb) -> int:
    return raw(cb.paths.database).execute("SELECT count(*) FROM audit").fetchone()[0]


def mac_of(cb, seq: int) -> str:
    return raw(cb.paths.database).execute("SELECT mac FROM audit WHERE seq = ?",
                                          (seq,)).fetchone()[0]


def head_file(cb) -> Path:
    return cb.paths.root / "config" / "audit-head.json"


def copy_file(cb) -> Path:
    """The head's second copy in the user's configuration folder (XDG_CONFIG_HOME here)."""
    ident = hashlib.sha256(str(cb.paths.root.resolve()).encode()).hexdigest()
    return Path(os.environ["XDG_CONFIG_HOME"]) / "Casebook" / "heads" / f"{ident}.json"


def key_file(cb) -> Path:
    return cb.paths.root / "config" / "audit.key"


def save_more(cb, times: int = 1) -> None:
    """Changes made through Casebook: more entries, each save advancing the head."""
    for n in range(times):
        case = cb.cases.open_case(CASE)
        case.patient.age_at_day0 = 40 + n + (case.patient.age_at_day0 or 0) % 7
        cb.cases.save_case(case)


def writer_refused(capsys) -> str:
    """A writer on the tampered folder saves nothing and says why, plainly (a save would
    extend a chain its head does not vouch for, and hide what was done)."""
    code, out = cli(capsys, "import", str(REFERENCE_CASEBOOK), "--as-new")
    assert code == 1 and "Nothing was saved" in out, out
    return out


def mac_with(key: bytes, prev: str, row: dict) -> str:
    text = "\x1f".join([prev] + ["" if row.get(f) is None else str(row[f]) for f in FIELDS])
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


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
    copy = json.loads(copy_file(filled).read_text())
    copy["tag"] = "0" * 64
    copy_file(filled).write_text(json.dumps(copy))
    broken(capsys, "second copy of the chain head", "is not authenticated")


@pytest.mark.parametrize("garbage", ["", "{not json", '{"count": "many"}', "[]"])
def test_garbled_head_file(filled, capsys, garbage):
    head_file(filled).write_text(garbage)
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


# -- the key -------------------------------------------------------------------------------------
def _spoil(path: Path, how: str) -> None:
    if how == "deleted":
        path.unlink()
    elif how == "emptied":
        path.write_text("")
    elif how == "garbled":
        path.write_text("this is not a key\n")
    elif how == "short":
        path.write_text("abcd")
    elif how == "replaced":
        path.write_text(os.urandom(32).hex())


@pytest.mark.parametrize("how", ["deleted", "emptied", "garbled", "short", "replaced"])
def test_key_problems_open_read_only_and_say_how_to_put_the_key_back(filled, capsys, how):
    key = key_file(filled)
    original = key.read_text()
    _spoil(key, how)
    spoiled = key.read_bytes() if key.exists() else None
    out = broken(capsys, str(key))
    assert "audit key export" in out and "read-only" in out
    code, checked = cli(capsys, "check")
    assert code == 1 and str(key) in checked
    for writer in (["import", str(REFERENCE_CASEBOOK), "--as-new"], ["purge", CASE,
                                                                     "--reason", "x"]):
        code, said = cli(capsys, *writer)
        assert code == 1 and str(key) in said and "Put the key back" in said, said
    for reader in (["list"], ["show", CASE], ["audit", "show", CASE]):
        code, said = cli(capsys, *reader)
        assert code == 0, said
    assert (key.read_bytes() if key.exists() else None) == spoiled  # no new key made
    key.write_text(original)
    assert verify(capsys)[0] == 0


def test_no_new_key_for_a_chain_with_entries(filled):
    from core.services import open_casebook
    from core.store.audit import AuditKeyProblem

    key_file(filled).unlink()
    with pytest.raises(AuditKeyProblem, match="never makes a new key"):
        open_casebook(filled.paths.root)
    assert not key_file(filled).exists()
    cb = open_casebook(filled.paths.root, read_only=True)  # readers still read
    try:
        assert cb.cases.open_case(CASE).case_id == CASE
        assert not cb.audit.verify().ok
    finally:
        cb.close()


def test_key_and_head_both_gone_still_no_new_key(filled, capsys):
    """The database's entries alone are reason enough not to start a new key."""
    key_file(filled).unlink()
    head_file(filled).unlink()
    copy_file(filled).unlink()
    code, said = cli(capsys, "import", str(REFERENCE_CASEBOOK), "--as-new")
    assert code == 1 and "never makes a new key" in said
    assert not key_file(filled).exists()


def test_a_new_folder_still_gets_a_key(data_home, capsys):
    code, _ = cli(capsys, "import", str(REFERENCE_CASEBOOK))
    assert code == 0 and (data_home / "config" / "audit.key").exists()
    assert verify(capsys)[0] == 0


# -- anchors -------------------------------------------------------------------------------------
def anchor(capsys) -> str:
    code, out = cli(capsys, "audit", "anchor")
    assert code == 0, out
    return out.splitlines()[0].strip()


def test_anchor_printed_and_verified(filled, capsys):
    code = anchor(capsys)
    n = entries(filled)
    assert code == f"{n}-{mac_of(filled, n)[:10]}"
    ok, out = verify(capsys, "--anchor", code)
    assert ok == 0 and f"the anchor {code} matches" in out
    save_more(filled)  # later saves keep an old anchor valid
    assert verify(capsys, "--anchor", code)[0] == 0


def test_anchor_catches_a_rewind_that_nothing_else_sees(filled, capsys):
    """Someone who kept both head files from earlier puts them back and deletes what came
    after: the files agree with the database, only the anchor on paper does not."""
    earlier = head_file(filled).read_bytes(), copy_file(filled).read_bytes()
    n0 = entries(filled)
    save_more(filled, 2)
    code = anchor(capsys)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq > ?", (n0,))
    head_file(filled).write_bytes(earlier[0])
    copy_file(filled).write_bytes(earlier[1])
    status, out = verify(capsys, "--anchor", code)
    assert status == 1 and out.startswith(f"BROKEN at entry {n0 + 1}:"), out
    assert f"before the anchor {code}" in out and "rewound" in out


def test_anchor_catches_a_rewritten_chain(filled, capsys):
    """Whoever holds the key rewrites the last entry and re-signs head and copy: verify is OK,
    the anchor is not."""
    from core.store.heads import ChainHead, write_head

    code = anchor(capsys)
    n = entries(filled)
    key = bytes.fromhex(key_file(filled).read_text().strip())
    con = raw(filled.paths.database)
    row = dict(zip(FIELDS, con.execute(f"SELECT {', '.join(FIELDS)} FROM audit WHERE seq = ?",
                                       (n,)).fetchone(), strict=True))
    row["reason"] = "rewritten"
    mac = mac_with(key, mac_of(filled, n - 1), row)
    con.execute("UPDATE audit SET reason = ?, mac = ? WHERE seq = ?", ("rewritten", mac, n))
    write_head(head_file(filled), ChainHead(n, mac), key)
    assert verify(capsys)[0] == 0
    status, out = verify(capsys, "--anchor", code)
    assert status == 1 and f"entry {n} does not match the anchor {code}" in out, out


def test_anchor_that_is_not_one(filled, capsys):
    code, out = verify(capsys, "--anchor", "not-an-anchor")
    assert code == 2 and "not an audit anchor" in out


def test_identified_pdf_carries_the_anchor(filled, capsys, tmp_path):
    from pypdf import PdfReader

    code = anchor(capsys)
    target = tmp_path / "summary.pdf"
    status, out = cli(capsys, "report", CASE, "-o", str(target))
    assert status == 0, out
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert f"Audit anchor {code}" in text
    assert verify(capsys, "--anchor", code)[0] == 0  # the report's own entry came after it
    deid = tmp_path / "deid.pdf"
    assert cli(capsys, "report", CASE, "--deidentified", "-o", str(deid))[0] == 0
    assert "Audit anchor" not in " ".join(p.extract_text() for p in PdfReader(deid).pages)


# -- an older Casebook's folder --------------------------------------------------------------
def test_an_older_head_is_authenticated_at_the_first_writer(data_home, capsys):
    import shutil

    from tests.conftest import DATA

    shutil.copytree(DATA / "v1-casebook", data_home)
    assert "tag" not in json.loads((data_home / "config" / "audit-head.json").read_text())
    code, out = cli(capsys, "reindex")  # a writer: upgrades, authenticates the head
    assert code == 0, out
    head = json.loads((data_home / "config" / "audit-head.json").read_text())
    assert head["tag"]
    assert verify(capsys)[0] == 0
