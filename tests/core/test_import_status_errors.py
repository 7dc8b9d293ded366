"""Rule errors block draft -> complete, and an import or a lock must not get round it (a
review: reference case 1 with vincristine given intrathecally, rule V42 with no override,
imported from a file saying "complete" or "locked" was stored so, and could then be locked).
Such a case is stored as a draft and the import names it; locking a complete case checks it
again and is refused with the reasons, as completing is."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest

from core.cli import main
from core.errors import StatusError
from core.model import Case
from core.paths import data_paths
from core.services import open_casebook
from tests.conftest import REFERENCE_CASEBOOK

C1 = "SEED-C1-CAO2023"
V42 = ("V42 Treatment › Treatment lines › row 1 › Administrations › row 1 › Route: Vincristine "
       "must never be given intrathecally (fatal)")


def with_v42(status: str, *, alone: bool = True) -> dict:
    """The reference file with case 1's first vincristine given intrathecally, ``status``."""
    doc = json.loads(REFERENCE_CASEBOOK.read_text("utf-8"))
    case = doc["cases"][0]
    assert case["case_id"] == C1
    admin = case["treatment_lines"][0]["administrations"][0]
    assert admin["drug_inn"] == "vincristine"
    admin["route"] = "IT"
    case["status"] = status
    if status == "locked":
        case.update(locked_by="dr.other", locked_at="2024-01-02T10:00:00Z")
    if alone:
        doc["cases"] = doc["cases"][:1]
    return doc


def write(tmp_path: Path, doc: dict, name: str = "v42.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def stored(home: Path) -> tuple[str, int, str | None]:
    """Case 1's status, version and signer as stored."""
    with sqlite3.connect(data_paths(home).database) as con:
        status, version, document = con.execute(
            "SELECT status, version, document FROM cases WHERE id = ?", (C1,)).fetchone()
    return status, version, json.loads(document).get("locked_by")


def audit_count(home: Path) -> int:
    with sqlite3.connect(data_paths(home).database) as con:
        return con.execute("SELECT count(*) FROM audit").fetchone()[0]


@pytest.mark.parametrize("status", ["complete", "locked"])
def test_cli_import_stores_it_as_a_draft_and_says_why(capsys, tmp_path, data_home, status):
    path = write(tmp_path, with_v42(status, alone=False))
    assert main(["import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "Imported 2 case(s)" in err
    said = "the file says locked; " if status == "locked" else ""
    assert f"  {C1}: imported as a draft: {said}1 error blocks 'complete' ({V42})" in err, err
    assert "Warning: 1 case(s) marked complete or locked in the file are stored as drafts" \
        in err
    assert "SEED-C2-CAO2023" not in err  # the valid one keeps its status
    assert stored(data_home) == ("draft", 1, None)
    cb = open_casebook(data_home)
    try:
        assert cb.cases.open_case("SEED-C2-CAO2023").status == "complete"
        [entry] = [e for e in cb.audit.history(C1) if e.action == "import"]
        assert entry.reason.endswith(f"stored as a draft: {said}1 error blocks 'complete'")
    finally:
        cb.close()


def test_replacing_a_locked_case_with_such_a_file_unlocks_it_and_a_reimport_keeps_it(
        capsys, tmp_path, data_home):
    good = json.loads(REFERENCE_CASEBOOK.read_text("utf-8"))
    good["cases"][0].update(status="locked", locked_by="dr.test",
                            locked_at="2024-01-02T10:00:00Z")
    assert main(["import", str(write(tmp_path, good, "good.json"))]) == 0
    assert stored(data_home) == ("locked", 1, "dr.test")
    path = write(tmp_path, with_v42("locked"))
    assert main(["import", "--replace", str(path)]) == 1  # an amendment: a reason first
    assert stored(data_home) == ("locked", 1, "dr.test")
    capsys.readouterr()
    assert main(["import", "--replace", "--reason", "route corrected at the source",
                 str(path)]) == 0
    assert f"{C1}: imported as a draft: the file says locked; 1 error blocks 'complete'" \
        in capsys.readouterr().err
    assert stored(data_home) == ("draft", 2, None)
    cb = open_casebook(data_home)
    try:
        actions = {e.action: e for e in cb.audit.history(C1)}
        assert actions["unlock"].old.startswith("dr.test at ")  # the signature went
        assert (actions["status"].old, actions["status"].new) == ("locked", "draft")
        assert "stored as a draft" in actions["amendment"].reason
    finally:
        cb.close()
    entries = audit_count(data_home)
    # the same file again: the draft it made is left as it is (not named, no new version)
    assert main(["import", "--replace", str(path)]) == 0
    err = capsys.readouterr().err
    assert "1 unchanged" in err and "imported as a draft" not in err
    assert stored(data_home) == ("draft", 2, None) and audit_count(data_home) == entries


def test_a_dataset_import_checks_it_too(capsys, tmp_path, data_home):
    """A CSV dataset of a case stored complete with the error (before this check, or the
    rules changed since) imports it as a draft elsewhere."""
    source = tmp_path / "source"
    cb = open_casebook(source)
    try:  # import_cases stores what it is given (the demo's path): complete, with V42
        cb.cases.import_cases([Case.model_validate(with_v42("complete")["cases"][0])])
    finally:
        cb.close()
    dataset = tmp_path / "dataset.zip"
    assert main(["--data-dir", str(source), "export", "--format", "csv", "-o",
                 str(dataset)]) == 0
    capsys.readouterr()
    assert main(["import", str(dataset)]) == 0
    assert f"{C1}: imported as a draft: 1 error blocks 'complete' (V42 " in \
        capsys.readouterr().err
    assert stored(data_home)[0] == "draft"


def test_locking_a_complete_case_with_errors_is_refused(casebook):
    case = Case.model_validate(with_v42("complete")["cases"][0])
    casebook.cases.import_cases([case])  # stored complete: imported so before this check
    before = casebook.cases.open_case(C1)
    entries = len(casebook.audit.history(C1))
    with pytest.raises(StatusError) as info:
        casebook.cases.set_status(C1, "locked", before.version)
    assert str(info.value).startswith("The case cannot be locked:")
    assert [str(b) for b in info.value.blockers] == [V42.removeprefix("V42 ")]
    assert info.value.blockers[0].rule == "V42"
    after = casebook.cases.open_case(C1)
    assert (after.status, after.version, after.locked_by) == ("complete", before.version, None)
    assert len(casebook.audit.history(C1)) == entries  # no lock entry


def test_a_valid_complete_case_still_locks(casebook, reference_cases):
    casebook.cases.import_cases(copy.deepcopy(reference_cases))
    case = casebook.cases.open_case(C1)
    locked = casebook.cases.set_status(C1, "locked", case.version)
    assert (locked.status, locked.locked_by) == ("locked", "dr.test")
