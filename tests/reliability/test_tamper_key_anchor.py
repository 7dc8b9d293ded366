"""The audit key and the anchor (issue 13): a missing, empty, garbled or replaced key opens the
folder read-only and never makes a new key; an anchor written down or printed catches a rewind
or a rewritten chain that the head files alone no longer show."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import REFERENCE_CASEBOOK
from tests.reliability.conftest import raw
from tests.reliability.tamper import (
    CASE,
    FIELDS,
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
)


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


@pytest.mark.expected_errors("a missing or bad audit key is logged")
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


@pytest.mark.expected_errors("a missing audit key is logged")
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


@pytest.mark.expected_errors("a missing audit key is logged")
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
