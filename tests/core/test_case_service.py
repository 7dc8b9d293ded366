"""Saving: optimistic locking, audit entries per changed field, identifiers never in clear."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.errors import ConflictError, StatusError
from core.model import Case
from core.services.listing import ListQuery
from core.store.tables import audit, cases


def _audit_rows(casebook, case_id=None):
    with casebook.ctx.db.read() as conn:
        stmt = select(audit).order_by(audit.c.seq)
        if case_id:
            stmt = stmt.where(audit.c.case_id == case_id)
        return [dict(r) for r in conn.execute(stmt).mappings()]


def _new_case(reference_cases) -> Case:
    return reference_cases[0].model_copy(update={"version": 0, "status": "draft"})


def test_create_then_save_audits_changed_paths(casebook, reference_cases):
    stored = casebook.cases.save_case(_new_case(reference_cases))
    assert stored.version == 1
    edited = stored.model_copy(deep=True)
    edited.csf_assessments[2].wbc_per_uL = 55
    edited.patient.sex = "female"
    saved = casebook.cases.save_case(edited)
    assert saved.version == 2
    rows = [r for r in _audit_rows(casebook, stored.case_id) if r["action"] == "save"]
    assert {(r["path"], r["old"], r["new"]) for r in rows} == {
        ("csf_assessments[2].wbc_per_uL", "48.0", "55.0"), ("patient.sex", "male", "female")}
    assert all(r["user"] == "dr.test" for r in rows)
    assert casebook.maintenance.verify_audit().ok


def test_stale_version_gets_conflict_and_nothing_is_overwritten(casebook, reference_cases):
    stored = casebook.cases.save_case(_new_case(reference_cases))
    first = stored.model_copy(deep=True)
    first.case_report.title = "First editor's title: a case report"
    casebook.cases.save_case(first)
    second = stored.model_copy(deep=True)
    second.case_report.title = "Second editor's title"
    before = len(_audit_rows(casebook))
    with pytest.raises(ConflictError, match="changed elsewhere"):
        casebook.cases.save_case(second)
    current = casebook.cases.open_case(stored.case_id)
    assert current.case_report.title == "First editor's title: a case report"
    assert current.version == 2
    assert len(_audit_rows(casebook)) == before


def test_identifier_values_never_in_clear_in_audit(casebook, reference_cases):
    case = _new_case(reference_cases)
    case.patient.name = "Zhang Wei-Ming"
    case.patient.record_number = "MRN-0042917"
    stored = casebook.cases.save_case(case)
    stored.patient.name = "Zhang Weiming"
    casebook.cases.save_case(stored)
    with casebook.ctx.db.read() as conn:
        dump = "\n".join(str(tuple(r)) for r in conn.execute(select(audit)))
    for secret in ("Zhang", "Weiming", "0042917"):
        assert secret not in dump
    name_rows = [r for r in _audit_rows(casebook) if r["path"] == "patient.name"]
    assert name_rows and all(r["new"].startswith("hmac:") for r in name_rows)


def test_saving_an_unchanged_case_writes_nothing(casebook, reference_cases):
    stored = casebook.cases.save_case(_new_case(reference_cases))
    before = len(_audit_rows(casebook))
    again = casebook.cases.save_case(stored)
    assert again.version == stored.version
    assert len(_audit_rows(casebook)) == before


def test_locked_case_needs_reason_and_is_an_amendment(casebook, reference_cases):
    stored = casebook.cases.save_case(_new_case(reference_cases))
    casebook.cases._blocking = lambda case: []
    done = casebook.cases.set_status(stored.case_id, "complete", stored.version)
    locked = casebook.cases.set_status(stored.case_id, "locked", done.version)
    assert locked.locked_by == "dr.test" and locked.locked_at
    edit = locked.model_copy(deep=True)
    edit.outcome.vital_status = "alive"
    with pytest.raises(StatusError, match="reason"):
        casebook.cases.save_case(edit)
    amended = casebook.cases.save_case(edit, reason="follow-up visit")
    assert amended.status == "locked"
    actions = [r["action"] for r in _audit_rows(casebook, stored.case_id)]
    assert "lock" in actions and "amendment" in actions


def test_complete_refused_with_reasons(casebook, reference_cases):
    stored = casebook.cases.save_case(_new_case(reference_cases))
    casebook.cases._blocking = lambda case: ["V42 Vincristine must never be given intrathecally"]
    with pytest.raises(StatusError) as info:
        casebook.cases.set_status(stored.case_id, "complete", stored.version)
    assert "intrathecally" in info.value.reasons[0]
    assert casebook.cases.open_case(stored.case_id).status == "draft"


def test_trash_and_restore(casebook, reference_cases):
    stored = casebook.cases.save_case(_new_case(reference_cases))
    casebook.cases.trash_case(stored.case_id, "duplicate")
    assert casebook.cases.count_cases() == 0
    assert casebook.cases.count_cases(ListQuery(trashed=True)) == 1
    casebook.cases.restore_case(stored.case_id)
    assert casebook.cases.count_cases() == 1
    assert [r["action"] for r in _audit_rows(casebook, stored.case_id)][-2:] == ["trash", "restore"]


def test_list_is_paged_and_sorted_in_sql(casebook, reference_cases):
    base = reference_cases[0]
    items = []
    for i in range(30):
        c = base.model_copy(deep=True, update={"case_id": f"HC-T{i:03d}"})
        c.case_report.title = f"Case {29 - i:02d}"
        items.append(c)
    casebook.cases.import_cases(items)
    page = casebook.cases.list_cases(ListQuery(offset=5, limit=10, sort="title", descending=False))
    assert [r.title for r in page] == [f"Case {i:02d}" for i in range(5, 15)]
    assert casebook.cases.count_cases(ListQuery(text="case 0")) == 10
    with casebook.ctx.db.read() as conn:
        assert conn.execute(select(cases.c.id)).all()


def test_connections_use_wal_and_full_sync(casebook):
    assert casebook.ctx.db.pragma("journal_mode") == "wal"
    assert casebook.ctx.db.pragma("synchronous") == 2
    assert casebook.ctx.db.pragma("foreign_keys") == 1
