"""Mark complete: the reasons name fields in words; a refused completion stores nothing; a
completion with edits saves and completes in one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.errors import StatusError
from core.model import Case
from core.store.tables import audit


def _audit_count(casebook) -> int:
    with casebook.ctx.db.read() as conn:
        return conn.execute(select(func.count()).select_from(audit)).scalar_one()


def _draft_of(reference_cases) -> Case:
    return reference_cases[0].model_copy(update={"version": 0, "status": "draft"})


def test_reasons_name_fields_in_words_once_each():
    from core.clinical import completion_blockers

    blockers = completion_blockers(Case(case_report={"title": "Bare"}))
    texts = [str(b) for b in blockers]
    assert "Patient › Sex: Sex is required (female, male, other or unknown)" in texts
    assert all("[" not in t and "_" not in t for t in texts), texts  # no raw paths
    assert sum(b.path == "patient.sex" for b in blockers) == 1   # the rule, not also REQUIRED
    care = next(b for b in blockers if b.rule == "CARE 13")
    assert (care.path, care.label) == ("consent.status", "CARE 13 Informed consent")


def test_refused_completion_of_an_edit_stores_nothing(casebook, reference_cases):
    stored = casebook.cases.save_case(_draft_of(reference_cases))
    before = _audit_count(casebook)
    edited = stored.model_copy(deep=True)
    edited.patient.weight_kg = 680
    with pytest.raises(StatusError) as info:
        casebook.cases.complete_case(edited)
    [blocker] = info.value.blockers
    assert (blocker.path, blocker.label, blocker.rule) == ("patient.weight_kg", "Patient › Weight",
                                                           "V03")
    assert info.value.reasons == ["Patient › Weight: Weight must be 0.5–300 kg (entered: 680)"]
    again = casebook.cases.open_case(stored.case_id)
    assert (again.version, again.status, again.patient.weight_kg) == (
        stored.version, "draft", stored.patient.weight_kg)
    assert _audit_count(casebook) == before


def test_completion_saves_the_edit_and_completes_in_one_go(casebook, reference_cases):
    stored = casebook.cases.save_case(_draft_of(reference_cases))
    edited = stored.model_copy(deep=True)
    edited.patient.weight_kg = 69.5
    done = casebook.cases.complete_case(edited)
    again = casebook.cases.open_case(stored.case_id)
    assert (again.status, again.patient.weight_kg, again.version) == ("complete", 69.5,
                                                                      stored.version + 2)
    assert done.version == again.version
    with casebook.ctx.db.read() as conn:
        rows = conn.execute(select(audit.c.action, audit.c.path, audit.c.ts)
                            .where(audit.c.case_id == stored.case_id)
                            .order_by(audit.c.seq)).all()
    last = [r for r in rows if r.ts == rows[-1].ts]  # one transaction, one time stamp
    assert [r.action for r in last if r.action != "document"] == ["save", "complete"]
    assert ("save", "patient.weight_kg") in {(r.action, r.path) for r in last}
    assert casebook.maintenance.verify_audit().ok


def test_a_new_case_is_created_and_completed(casebook, reference_cases):
    done = casebook.cases.complete_case(_draft_of(reference_cases))
    assert casebook.cases.open_case(done.case_id).status == "complete"
