"""A head file torn by a power cut (cut short, garbage, or valid JSON whose tag no longer
verifies) while the other head file is authentic and vouches for the database's tip: a crash
leftover, not a tamper. The folder opens and verifies with a warning, the next save works and
writes the damaged file again. Both damaged, or the intact one not vouching: refused as before.
"""

from __future__ import annotations

import json
import logging

import pytest

from core.store.heads import ChainHead, authentic, read_head_file, signed, write_copy
from tests.conftest import REFERENCE_CASEBOOK
from tests.reliability.conftest import raw
from tests.reliability.tamper import (
    broken,
    cli,
    copy_file,
    entries,
    head_file,
    mac_of,
    save_more,
    verify,
    writer_refused,
)

DAMAGE = ["cut short", "garbage", "bad tag"]


def damage(path, how: str) -> None:
    whole = path.read_bytes()
    if how == "cut short":
        path.write_bytes(whole[:40])
    elif how == "garbage":
        path.write_bytes(b"\x00" * 17 + whole[60:])
    else:  # parses, but its tag is not the key's
        data = json.loads(whole)
        data["tag"] = ("0" if data["tag"][0] != "0" else "1") + data["tag"][1:]
        path.write_text(json.dumps(data))


def files(cb):
    return {"head": head_file(cb), "copy": copy_file(cb)}


@pytest.mark.parametrize("which", ["head", "copy"])
@pytest.mark.parametrize("how", DAMAGE)
def test_one_torn_head_file_verifies_with_a_warning_and_the_next_save_rewrites_it(
        filled, capsys, caplog, which, how):
    path = files(filled)[which]
    damage(path, how)
    n = entries(filled)
    with caplog.at_level(logging.WARNING):
        code, out = verify(capsys)
    assert code == 0 and out.startswith(f"OK: {n} audit entries verified ("), out
    assert f"{path} is damaged" in out and f"vouches for entry {n}" in out, out
    warned = [r for r in caplog.records if "is damaged" in r.getMessage()]
    assert warned and all(r.levelno == logging.WARNING for r in warned)
    save_more(filled)  # a save is not refused, and writes both files again
    key = filled.ctx.audit.key
    for name, each in files(filled).items():
        found = read_head_file(each)
        assert found is not None and found.head is not None, name
        assert found.head.count == entries(filled) > n and found.pending is None, name
        assert found.head.tag is not None and authentic(key, found.head), name
    code, out = verify(capsys)
    assert code == 0 and out.startswith(f"OK: {entries(filled)} audit entries verified"), out
    assert "(" not in out.splitlines()[0], out  # no note left


@pytest.mark.parametrize("how", DAMAGE)
def test_a_torn_head_file_with_an_intact_copy_opens_and_saves(filled, capsys, how):
    damage(head_file(filled), how)
    n = entries(filled)
    filled.close()
    code, out = cli(capsys, "import", str(REFERENCE_CASEBOOK), "--as-new")  # opens, saves
    assert code == 0, out
    assert entries(filled) > n
    code, out = verify(capsys)
    assert code == 0 and "(" not in out.splitlines()[0], out


def test_a_torn_head_file_with_a_copy_vouching_by_its_pending_head(filled, capsys):
    """A crash after the commit: the copy still holds the pending head of the save (which
    committed), and the head file in the data folder is torn."""
    n = entries(filled)
    key = filled.ctx.audit.key
    earlier, tip = ChainHead(n - 1, mac_of(filled, n - 1)), ChainHead(n, mac_of(filled, n))
    write_copy(copy_file(filled), signed(key, earlier), signed(key, tip, "pending"),
               durable=False, folder=filled.paths.root)
    damage(head_file(filled), "cut short")
    code, out = verify(capsys)
    assert code == 0 and "is damaged" in out, out
    assert filled.audit.verify().ok  # a writer writes both again
    for each in files(filled).values():
        assert json.loads(each.read_text())["count"] == n


@pytest.mark.parametrize("how", DAMAGE)
def test_both_head_files_torn_are_still_refused(filled, capsys, how):
    damage(head_file(filled), how)
    damage(copy_file(filled), "cut short" if how != "cut short" else "bad tag")
    broken(capsys, str(head_file(filled)), "second copy of the chain head")
    writer_refused(capsys)


def test_a_torn_head_file_whose_copy_does_not_vouch_is_refused(filled, capsys):
    """Last entries deleted and the head file garbled: the intact copy records the deleted
    entries, so it does not vouch for the tip, and the deletion is reported."""
    n = entries(filled)
    raw(filled.paths.database).execute("DELETE FROM audit WHERE seq > ?", (n - 2,))
    damage(head_file(filled), "garbage")
    broken(capsys, "cannot be read", f"entries {n - 1} to {n} were deleted", at=n - 1)
    writer_refused(capsys)
