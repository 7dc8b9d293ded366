"""Case content under the audit chain (issue 13): a case changed, deleted or added behind
Casebook's back with plain sqlite3 is reported by `casebook audit verify` and `casebook check`,
naming the case; never as OK, never as an unexpected error."""

from __future__ import annotations

import json
import sqlite3

import pytest

from core.cli import main
from core.model import Case
from core.store import content
from core.store.audit import ChainHead
from core.store.content import Ledger, document_digest, index_values
from core.store.verify import verify_chain_sqlite
from tests.conftest import DATA, REFERENCE_CASEBOOK
from tests.reliability.conftest import copy_folder, raw

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"
NAME, RECORD = "Jane Placeholder", "MRN-0042"
COLUMNS = "id, version, status, title, title_key, day0, main_dx, provenance, created_at, " \
          "updated_at, trashed_at, document"


def outputs(capsys) -> list[tuple[int, str]]:
    """Exit code and output of `audit verify` and of `check`."""
    found = []
    for args in (["audit", "verify"], ["check"]):
        code = main(args)
        captured = capsys.readouterr()
        found.append((code, captured.out + captured.err))
    return found


def assert_reported(capsys, *words: str) -> str:
    """Both commands exit 1 with every one of ``words``; return verify's output."""
    found = outputs(capsys)
    for code, text in found:
        assert code == 1, text
        assert "Unexpected error" not in text and "Traceback" not in text
        assert not text.startswith("OK") and "audit chain: OK" not in text
        for word in words:
            assert word in text, text
    return found[0][1]


def assert_clean(capsys) -> None:
    for code, text in outputs(capsys):
        assert code == 0, text
        assert "BROKEN" not in text


def stored_row(db, case_id: str) -> tuple:
    con = raw(db)
    try:
        return con.execute(f"SELECT {COLUMNS} FROM cases WHERE id = ?", (case_id,)).fetchone()
    finally:
        con.close()


# -- tampering ------------------------------------------------------------------------------
def test_untouched_folder_verifies(filled, capsys):
    assert_clean(capsys)


def test_document_edited(filled, capsys):
    raw(filled.paths.database).execute(
        "UPDATE cases SET document = json_set(document, '$.patient.age_at_day0', 99) "
        "WHERE id = ?", (C1,))
    assert_reported(capsys, f"case {C1}: its document does not match the hash last chained")


def test_document_edited_together_with_its_columns(filled, capsys):
    """A forger who keeps the case list consistent with the edited document is still seen."""
    con = raw(filled.paths.database)
    document = con.execute("SELECT document FROM cases WHERE id = ?", (C1,)).fetchone()[0]
    doc = json.loads(document)
    doc["case_report"]["title"] = "FORGED"
    forged = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    con.execute("UPDATE cases SET document = ?, title = 'FORGED', title_key = 'forged' "
                "WHERE id = ?", (forged, C1))
    assert_reported(capsys, f"case {C1}: its document does not match")


def test_document_that_is_not_json(filled, capsys):
    raw(filled.paths.database).execute("UPDATE cases SET document = '{\"not json' WHERE id = ?",
                                       (C1,))
    assert_reported(capsys, f"case {C1}: its document does not match the hash last chained")


def test_sqlite_json_probe_and_python_parse_agree(filled):
    """The case-list check reads the document through SQLite's JSON functions; without them
    (or on a document that is not JSON) it parses in Python, with the same findings."""
    con = raw(filled.paths.database)
    con.execute("UPDATE cases SET title = 'FORGED', day0 = 'd9' WHERE id = ?", (C1,))
    con.execute("UPDATE cases SET main_dx = NULL, status = 'locked' WHERE id = ?", (C2,))
    ledger = Ledger()
    for row in con.execute("SELECT case_id, action, new FROM audit ORDER BY seq"):
        ledger.see(dict(zip(("case_id", "action", "new"), row, strict=True)))
    fast = content._problems(con.execute, ledger, content.PROBE)
    assert fast == content._problems(con.execute, ledger, None) and len(fast) == 2
    assert "title, day0 do not match" in fast[0] + fast[1]


@pytest.mark.parametrize(("column", "value"), [
    ("title", "'FORGED'"), ("status", "'draft'"), ("version", "version + 1"),
    ("main_dx", "'CML'"), ("day0", "'d-5'"), ("provenance", "'synthetic'")])
def test_case_list_column_changed(filled, capsys, column, value):
    raw(filled.paths.database).execute(f"UPDATE cases SET {column} = {value} WHERE id = ?",
                                       (C1,))
    assert_reported(capsys, f"case {C1}: the case list's {column} does not match its document")


def test_case_row_deleted(filled, capsys):
    raw(filled.paths.database).execute("DELETE FROM cases WHERE id = ?", (C2,))
    assert_reported(capsys, f"case {C2}: its row was deleted outside Casebook")


def test_case_row_deleted_with_its_audit_entries(filled, capsys):
    """Its entries lie in the middle of the chain: the gap and the case are both named."""
    con = raw(filled.paths.database)
    seqs = [r[0] for r in con.execute("SELECT seq FROM audit WHERE case_id = ?", (C2,))]
    last = con.execute("SELECT max(seq) FROM audit").fetchone()[0]
    assert seqs and max(seqs) < last  # in the middle
    con.execute("DELETE FROM cases WHERE id = ?", (C2,))
    con.execute("DELETE FROM audit WHERE case_id = ?", (C2,))
    out = assert_reported(capsys, f"case {C2}:", f"entry {min(seqs)}")
    assert out.startswith(f"BROKEN at entry {min(seqs)}:")


def test_case_row_inserted_without_chain(filled, capsys):
    row = list(stored_row(filled.paths.database, C1))
    row[0] = "HC-FORGED01"
    row[-1] = row[-1].replace(C1, "HC-FORGED01")
    raw(filled.paths.database).execute(
        f"INSERT INTO cases ({COLUMNS}) VALUES ({', '.join('?' * len(row))})", row)
    assert_reported(capsys, "case HC-FORGED01: its row has no entry in the audit trail")


def test_purged_case_put_back(filled, capsys):
    row = stored_row(filled.paths.database, C2)
    filled.cases.trash_case(C2, "duplicate")
    filled.cases.purge_case(C2, "duplicate")
    assert_clean(capsys)
    raw(filled.paths.database).execute(
        f"INSERT INTO cases ({COLUMNS}) VALUES ({', '.join('?' * len(row))})", row)
    assert_reported(capsys, f"case {C2}: its row is present although the audit trail records "
                    "its purge")


def test_a_backup_copy_is_checked_too(filled):
    """Backups verify their copy with the same walk over plain sqlite3 (verify_chain_sqlite)."""
    db = filled.paths.database
    raw(db).execute("UPDATE cases SET title = 'FORGED' WHERE id = ?", (C1,))
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        count, mac = con.execute("SELECT seq, mac FROM audit ORDER BY seq DESC").fetchone()
        report = verify_chain_sqlite(con, filled.ctx.audit.key, ChainHead(count, mac))
    finally:
        con.close()
    assert not report.ok and report.case_problems == [
        f"case {C1}: the case list's title does not match its document (changed outside "
        "Casebook)"]


# -- what is chained ------------------------------------------------------------------------
def test_every_kind_of_change_chains_the_new_document(filled, capsys, reference_docs):
    """Create, save, status changes, lock, amendment, unlock, import --replace, trash, restore
    and purge: each leaves a folder that verifies, every document matching its last hash."""
    cases = filled.cases
    new = Case.model_validate({**reference_docs[0], "case_id": "HC-NEW0000001"})
    created = cases.save_case(new.model_copy(update={"version": 0}))
    created.patient.age_at_day0 = 33
    cases.save_case(created)
    c1 = cases.open_case(C1)
    if c1.status == "draft":
        c1 = cases.set_status(C1, "complete", c1.version)
    c1 = cases.set_status(C1, "locked", c1.version)
    c1.patient.age_at_day0 = 70
    c1 = cases.save_case(c1, reason="age corrected")
    c1 = cases.set_status(C1, "draft", c1.version, reason="to be edited")
    replacement = Case.model_validate(reference_docs[1])
    replacement.patient.age_at_day0 = 12
    cases.import_cases([replacement], replace=True, source="again.json")
    cases.trash_case(C2, "duplicate")
    cases.restore_case(C2)
    cases.trash_case("HC-NEW0000001", "test case")
    cases.purge_case("HC-NEW0000001", "test case")
    assert_clean(capsys)
    con = raw(filled.paths.database)
    for case_id, document in con.execute("SELECT id, document FROM cases"):
        last = con.execute("SELECT action, new FROM audit WHERE case_id = ? AND action IN "
                           "('document', 'create', 'import', 'baseline') ORDER BY seq DESC",
                           (case_id,)).fetchone()
        assert document_digest(document) in last[1]


def test_creation_is_one_entry_with_the_fields_set(casebook, reference_docs, capsys):
    case = Case.model_validate(reference_docs[0]).model_copy(update={"version": 0})
    case.patient.name, case.patient.record_number = NAME, RECORD
    before = casebook.audit.count()
    stored = casebook.cases.save_case(case)
    assert casebook.audit.count() == before + 1
    con = raw(casebook.paths.database)
    [(action, path, old, new)] = con.execute(
        "SELECT action, path, old, new FROM audit WHERE case_id = ?", (stored.case_id,))
    document = con.execute("SELECT document FROM cases WHERE id = ?",
                           (stored.case_id,)).fetchone()[0]
    data = json.loads(new)
    assert (action, path, old) == ("create", None, None)
    assert data["document"] == document_digest(document) and data["title"] == stored.title
    fields = data["fields"]
    assert len(fields) > 500  # every leaf set, in one entry
    assert fields["patient.name"].startswith("hmac:") and fields["patient.record_number"] \
        .startswith("hmac:")
    assert fields["case_report.title"] == stored.title
    everything = " ".join(str(v) for row in con.execute("SELECT * FROM audit") for v in row)
    assert NAME not in everything and RECORD not in everything
    # the history still shows the creation field by field, identifiers hashed
    [title] = casebook.audit.field_history(stored.case_id, "case_report.title")
    assert (title.action, title.old, title.new) == ("create", None, stored.title)
    [name] = casebook.audit.field_history(stored.case_id, "patient.name")
    assert name.new.startswith("hmac:")
    assert main(["audit", "verify"]) == 0, capsys.readouterr().out


# -- old folders ----------------------------------------------------------------------------
@pytest.mark.expected_errors("the baseline mark set again behind Casebook's back is logged")
def test_a_v1_folder_verifies_after_upgrade_and_is_then_guarded(data_home, capsys):
    copy_folder(DATA / "v1-casebook", data_home)
    assert main(["reindex"]) == 0  # a writer: upgrades, then writes the baseline entries
    capsys.readouterr()
    assert_clean(capsys)
    con = raw(data_home / "casebook.db")
    baseline = con.execute("SELECT case_id, new FROM audit WHERE action = 'baseline'").fetchall()
    assert len(baseline) == con.execute("SELECT count(*) FROM cases").fetchone()[0] == 4
    case_id = baseline[0][0]
    con.execute("UPDATE cases SET title = 'FORGED' WHERE id = ?", (case_id,))
    assert_reported(capsys, f"case {case_id}: the case list's title does not match")
    # the mark set again behind Casebook's back never writes a second baseline
    con.execute("UPDATE cases SET document = json_set(document, '$.patient.age_at_day0', 99) "
                "WHERE id = ?", (case_id,))
    con.execute("INSERT INTO app_meta (key, value) VALUES ('audit_baseline', 'pending')")
    assert main(["import", "--as-new", str(REFERENCE_CASEBOOK)]) == 0
    capsys.readouterr()
    assert con.execute("SELECT count(*) FROM audit WHERE action = 'baseline'").fetchone()[0] == 4
    assert_reported(capsys, f"case {case_id}: its document does not match")


def test_index_values_derive_from_the_json_as_from_the_model(reference_cases):
    from core.synth import generate_cases

    for case in [*reference_cases, *generate_cases(200, seed=5)]:
        doc = case.to_json_dict()
        dx = case.main_diagnosis()
        label = None
        if dx is not None and dx.entity is not None:
            label = dx.entity + (f", {dx.cml_phase} phase" if dx.entity == "CML"
                                 and dx.cml_phase else "")
            label += f" ({dx.icd10_who.code})" if dx.icd10_who else ""
        day0 = case.case_report.day0
        assert index_values(doc, json.dumps(doc)) | {"provenance": None} == {
            "status": case.status, "title": case.case_report.title or "",
            "title_key": (case.case_report.title or "").casefold(),
            "day0": day0.display() if day0 else None, "main_dx": label, "provenance": None}
