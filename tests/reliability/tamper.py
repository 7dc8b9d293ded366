"""Tampering with a data folder the way someone outside Casebook would (issue 13): the files
are reached by path only (no Casebook API), so the tests also run against an older Casebook and
show what it missed. Shared by ``test_tamper_head`` and ``test_tamper_key_anchor``."""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK
from tests.reliability.conftest import raw

CASE = "SEED-C1-CAO2023"
FIELDS = ("seq", "ts", "user", "case_id", "action", "path", "old", "new", "reason")
UNEXPECTED = "Unexpected error"

try:  # the head write after a save runs in a writer thread: wait for it before tampering
    from core.store.heads import settle
except ImportError:  # an older Casebook wrote it before the save returned
    def settle() -> None:
        pass


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
    settle()
    return cb.paths.root / "config" / "audit-head.json"


def copy_file(cb) -> Path:
    """The head's second copy in the user's configuration folder (XDG_CONFIG_HOME here)."""
    settle()
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
    settle()


def writer_refused(capsys) -> str:
    """A writer on the tampered folder saves nothing and says why, plainly (a save would
    extend a chain its head does not vouch for, and hide what was done)."""
    code, out = cli(capsys, "import", str(REFERENCE_CASEBOOK), "--as-new")
    assert code == 1 and "Nothing was saved" in out, out
    return out


def mac_with(key: bytes, prev: str, row: dict) -> str:
    text = "\x1f".join([prev] + ["" if row.get(f) is None else str(row[f]) for f in FIELDS])
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
