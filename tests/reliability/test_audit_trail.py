"""The audit trail for people (history, field history, users, CSV) and purging a case."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select

from core.cli import main
from core.errors import NotFound, StatusError
from core.lock import DataFolderLock
from core.store.tables import audit, case_codes, case_numbers, cases, drafts

NAME, RECORD = "Jane Placeholder", "MRN-0042"


@pytest.fixture
def named(filled, reference_cases):
    """Case 1 with identifiers entered, age changed twice, a draft, then moved to the trash."""
    case = filled.cases.open_case(reference_cases[0].case_id)
    case.patient.name, case.patient.record_number = NAME, RECORD
    case = filled.cases.save_case(case)
    for age in (60, 61):
        case.patient.age_at_day0 = age
        case = filled.cases.save_case(case)
    filled.drafts.save_draft(case)
    filled.cases.trash_case(case.case_id, "to be purged")
    return case


def test_history_field_history_and_users(filled, named):
    rows = filled.audit.history(named.case_id)
    assert [r.seq for r in rows] == sorted(r.seq for r in rows)
    assert {r.action for r in rows} >= {"import", "save", "trash", "restore"}
    patient = filled.audit.history(named.case_id, field_prefix="patient")
    assert patient and all(r.path.startswith("patient.") for r in patient)
    ages = filled.audit.field_history(named.case_id, "patient.age_at_day0")
    assert [r.new for r in ages][-2:] == ["60", "61"]
    assert filled.audit.history(named.case_id, user="nobody") == []
    assert filled.audit.users() == ["dr.test"]


def test_identifiers_are_never_in_clear(filled, named):
    [name_entry] = filled.audit.field_history(named.case_id, "patient.name")
    assert name_entry.new.startswith("hmac:") and NAME not in name_entry.new


def test_record_for_pdf_and_gui_actions(filled, reference_cases):
    filled.audit.record("pdf-print", reference_cases[1].case_id, "identified PDF printed")
    last = filled.audit.history(reference_cases[1].case_id)[-1]
    assert (last.action, last.new, last.user) == ("pdf-print", "identified PDF printed", "dr.test")
    assert filled.audit.verify().ok


def test_purge_removes_the_case_and_keeps_a_verifiable_trail(filled, named):
    entries_before = filled.audit.count()
    filled.cases.purge_case(named.case_id, "duplicate entry")
    with pytest.raises(NotFound):
        filled.cases.open_case(named.case_id)
    with filled.ctx.db.read() as conn:
        for table in (cases, case_codes, case_numbers, drafts):
            column = table.c.id if table is cases else table.c.case_id
            count = select(func.count()).select_from(table).where(column == named.case_id)
            assert conn.execute(count).scalar() == 0
        text = " ".join(str(v) for row in conn.execute(select(audit)) for v in row)
    assert NAME not in text and RECORD not in text
    purge = filled.audit.history(named.case_id)[-1]
    assert (purge.action, purge.reason, purge.old, purge.new) == (
        "purge", "duplicate entry", None, None)
    assert filled.audit.count() == entries_before + 1 and filled.audit.verify().ok


def test_purge_needs_the_trash_and_a_reason_without_identifiers(filled, named, reference_cases):
    with pytest.raises(StatusError, match="trash"):
        filled.cases.purge_case(reference_cases[1].case_id, "duplicate")
    with pytest.raises(StatusError, match="reason"):
        filled.cases.purge_case(named.case_id, "  ")
    with pytest.raises(StatusError, match="identifiers"):
        filled.cases.purge_case(named.case_id, f"duplicate of {NAME.upper()}")
    assert filled.cases.open_case(named.case_id).case_id == named.case_id


def test_purge_and_audit_on_the_command_line(filled, named, tmp_path, capsys):
    with DataFolderLock(filled.paths, "Casebook"):
        assert main(["purge", named.case_id, "--reason", "duplicate"]) == 3
    assert main(["purge", named.case_id, "--reason", "duplicate"]) == 0
    capsys.readouterr()
    assert main(["audit", "show", named.case_id, "--field", "patient.age_at_day0"]) == 0
    out = capsys.readouterr().out
    assert "patient.age_at_day0: 60 -> 61" in out and "dr.test" in out
    assert main(["audit", "show", "HC-UNKNOWN0"]) == 1
    target = tmp_path / "audit.csv"
    assert main(["audit", "export", "-o", str(target)]) == 0
    with open(target, encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == filled.audit.count() - 1 and table[-1]["action"] == "purge"
    with filled.ctx.db.read() as conn:  # the export itself is recorded, after the rows it wrote
        last = conn.execute(select(audit.c.action).order_by(audit.c.seq.desc())).first()
    assert last.action == "audit-export"
    assert main(["audit", "verify"]) == 0
