"""An import stopped mid-way leaves a marker; the next writer undoes it. Found by review: when
that undo failed, the same process could still save, and the undo at the next open then
truncated those saves' audit entries and put the replaced cases back over them. While the
marker stands and its undo failed, saves to cases and the audit trail are refused with a
message (drafts still are kept); the command line says so too."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from core.cli import main
from core.errors import InvalidData, StorageError
from core.services import import_undo, open_casebook
from core.synth import generate_cases

C1 = "SEED-C1-CAO2023"


def _failing_file(tmp_path: Path, n: int = 120) -> Path:
    cases = [c.to_json_dict() for c in generate_cases(n, seed=5)]
    cases.append({"case_id": "bad-1", "status": "nonsense"})  # found late: the import stops
    path = tmp_path / "import.json"
    path.write_text(json.dumps({"format": "casebook", "cases": cases}), "utf-8")
    return path


def _audit_count(folder: Path) -> int:
    con = sqlite3.connect(f"file:{folder / 'casebook.db'}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM audit").fetchone()[0]
    finally:
        con.close()


def _leave_undo_that_fails(folder: Path) -> None:
    """A marker whose recorded chain position the trail does not hold: its undo fails."""
    con = sqlite3.connect(folder / "casebook.db")
    try:
        con.execute("INSERT INTO app_meta (key, value) VALUES (?, ?)",
                    (import_undo.MARKER, json.dumps({"seq": 1, "mac": "not-this-one"})))
        con.commit()
    finally:
        con.close()


@pytest.mark.expected_errors("the immediate undo is made to fail: its failure is logged")
def test_saves_are_refused_while_a_failed_undo_stands(filled, data_home, tmp_path,
                                                      monkeypatch):
    real_undo = import_undo.undo
    monkeypatch.setattr(import_undo, "undo", lambda conn, audit: (_ for _ in ()).throw(
        StorageError("disk full")))
    filled.interchange.chunk = 40
    before = filled.cases.count_cases()
    with pytest.raises(InvalidData):
        filled.interchange.import_files([_failing_file(tmp_path)], "refuse")
    left = filled.cases.count_cases()
    assert left > before  # committed chunks stayed: the undo failed
    entries = _audit_count(data_home)
    case = filled.cases.open_case(C1)
    case.patient.weight_kg = 71.5
    with pytest.raises(StorageError, match="not undone yet") as refused:
        filled.cases.save_case(case)
    assert "open it again" in str(refused.value)
    with pytest.raises(StorageError, match="not undone yet"):
        filled.cases.trash_case(C1, "a reason")
    assert _audit_count(data_home) == entries  # nothing written ...
    assert filled.cases.open_case(C1).version == case.version
    assert filled.drafts.save_draft(case) == C1  # ... but the edit is kept as a draft
    # the folder's next open undoes the import; saves then go through and stay
    monkeypatch.setattr(import_undo, "undo", real_undo)
    assert import_undo.undo_unfinished(filled.interchange.ctx) == left - before
    assert filled.interchange.ctx.writes_refused is None
    saved = filled.cases.save_case(case)
    assert filled.cases.open_case(C1).patient.weight_kg == 71.5
    assert saved.version == case.version + 1
    assert filled.maintenance.verify_audit().ok


@pytest.mark.expected_errors("the undo at open fails: logged as a warning, saves refused")
def test_an_open_whose_undo_fails_refuses_saves_in_the_command_line(filled, data_home,
                                                                    tmp_path, capsys):
    filled.close()
    _leave_undo_that_fails(data_home)
    entries = _audit_count(data_home)
    cb = open_casebook(data_home, user="dr.test")
    try:
        assert cb.ctx.writes_refused and "not undone yet" in cb.ctx.writes_refused
        with pytest.raises(StorageError, match="not undone yet"):
            cb.cases.save_case(cb.cases.open_case(C1))
    finally:
        cb.close()
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"format": "casebook", "cases": [
        c.to_json_dict() for c in generate_cases(1, seed=9)]}), "utf-8")
    assert main(["import", str(one)]) != 0
    said = capsys.readouterr().err
    assert "not undone yet" in said and "Traceback" not in said
    assert _audit_count(data_home) == entries
