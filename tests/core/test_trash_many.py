"""Moving many cases to the trash (and back) in one write transaction: all of them or none,
one audit entry per case; the app's Move to trash wrote one transaction a case, each loading
the whole case for the reason's identifier check (~6 ms a case). The check now reads the
stored JSON and gives the answers the whole case gave, for trash and purge alike."""

from __future__ import annotations

import pytest

from core.errors import NotFound, StatusError
from core.model import Case
from core.services.reason_rules import NAMES_PATIENT
from core.store import repository as repo
from tests.core.test_reason_identifiers_stored import (  # noqa: F401
    old_identifiers,
    old_problem,
    old_values,
    reasons,
    stored_ids,
)
from tests.core.test_reason_rules import stored
from tests.gui.conftest import audit_rows
from tests.gui.test_trash_locked import trashed_ids

REASON = "Entered twice by mistake"


def many(count: int = 12) -> list[Case]:
    """Every third one a draft, the others locked; each with a name and a record number."""
    return [Case(case_id=f"SYN-T{i:03d}", status="draft" if i % 3 == 0 else "locked",
                 case_report={"title": f"Case {i:03d}"},
                 patient={"name": f"Patient Number{i}", "record_number": f"MRN-T{i:03d}"})
            for i in range(count)]


@pytest.fixture
def ids(casebook) -> list[str]:
    cases = many()
    casebook.cases.import_cases(cases)
    return [c.case_id for c in cases]


def writes(casebook, monkeypatch) -> list[int]:
    """Counts the write transactions opened from now on."""
    opened: list[int] = []
    write = casebook.ctx.write

    def counted(*args, **kwargs):
        opened.append(1)
        return write(*args, **kwargs)

    monkeypatch.setattr(casebook.ctx, "write", counted)
    return opened


def test_many_cases_go_to_the_trash_in_one_transaction(casebook, ids, monkeypatch):
    opened = writes(casebook, monkeypatch)
    progress: list[tuple[int, int]] = []
    casebook.cases.trash_cases(ids, f"  {REASON} ", on_progress=lambda d, t:
                               progress.append((d, t)))
    assert len(opened) == 1
    assert trashed_ids(casebook) == set(ids)
    assert progress == [(n, len(ids)) for n in range(1, len(ids) + 1)]
    for i, case_id in enumerate(ids):
        [entry] = [row for row in audit_rows(casebook, case_id) if row["action"] == "trash"]
        # the reason is the locked cases' (the app asks it for those), as before
        assert entry["reason"] == (None if i % 3 == 0 else REASON)

    casebook.cases.restore_cases(ids, on_progress=lambda d, t: progress.append((d, t)))
    assert len(opened) == 2
    assert trashed_ids(casebook) == set()
    assert progress[-1] == (len(ids), len(ids))
    assert all([row["action"] for row in audit_rows(casebook, case_id)][-2:] ==
               ["trash", "restore"] for case_id in ids)


def test_a_failure_in_the_middle_leaves_every_case_as_it_was(casebook, ids, monkeypatch):
    before = stored(casebook)
    set_trashed = repo.set_trashed
    done: list[str] = []

    def fails_at_the_seventh(conn, case_id, when, now):
        if len(done) == 6:
            raise StatusError("disk trouble")
        set_trashed(conn, case_id, when, now)
        done.append(case_id)

    monkeypatch.setattr(repo, "set_trashed", fails_at_the_seventh)
    with pytest.raises(StatusError, match="disk trouble"):
        casebook.cases.trash_cases(ids, REASON)
    assert len(done) == 6  # six were written in the transaction, then rolled back
    assert stored(casebook) == before  # no case trashed, no audit entry
    monkeypatch.setattr(repo, "set_trashed", set_trashed)
    casebook.cases.trash_cases(ids[:6], REASON)
    before = stored(casebook)
    done.clear()
    monkeypatch.setattr(repo, "set_trashed", fails_at_the_seventh)
    done.extend(["x", "y", "z"])
    with pytest.raises(StatusError, match="disk trouble"):
        casebook.cases.restore_cases(ids[:6])
    assert stored(casebook) == before


@pytest.mark.parametrize(("reason", "change", "error", "match"), [
    (None, None, StatusError, r"8 cases are locked \(SYN-T001, \.\.\.\): give a reason"),
    ("Seen with patient number7", None, StatusError, NAMES_PATIENT),
    ("Record mrn-t010 twice", None, StatusError, NAMES_PATIENT),
    (REASON, "missing", NotFound, "There is no case SYN-NOTHERE"),
    ("Ab\ncd", None, StatusError, "more than one line"),
])
def test_a_refusal_moves_none(casebook, ids, reason, change, error, match):
    before = stored(casebook)
    chosen = ids[:5] + ["SYN-NOTHERE"] + ids[5:] if change == "missing" else ids
    with pytest.raises(error, match=match):
        casebook.cases.trash_cases(chosen, reason)
    assert stored(casebook) == before


def test_one_locked_case_without_a_reason_is_named(casebook, ids):
    with pytest.raises(StatusError, match="^Case SYN-T001 is locked: give a reason to move it "
                                          "to the trash.$"):
        casebook.cases.trash_cases([ids[0], ids[1], ids[3]], None)


def test_the_identifier_check_answers_as_the_whole_case_did(casebook, stored_ids):  # noqa: F811
    """Trash and purge refuse a reason naming a stored case's patient exactly when loading
    the whole case did (its values as a word, in other case; not inside a word)."""
    answers = []
    for case_id in stored_ids[:8]:
        with casebook.ctx.db.read() as conn:
            values = sorted(old_identifiers(repo.load_case(conn, case_id).to_json_dict()))
        known = old_values(casebook, [case_id])  # trash and restore change none of them
        for reason in reasons(values):
            old = old_problem(known, reason, [case_id])
            answers.append(old)
            before = stored(casebook)
            if old:
                with pytest.raises(StatusError, match=NAMES_PATIENT):
                    casebook.cases.trash_case(case_id, reason)
                assert stored(casebook) == before
            else:
                casebook.cases.trash_case(case_id, reason)
                casebook.cases.restore_case(case_id)
        casebook.cases.trash_case(case_id, "Entered twice")
        for reason in reasons(values):  # the refused ones first: the purge deletes the case
            if old_problem(known, reason, [case_id]):
                before = stored(casebook)
                with pytest.raises(StatusError, match=NAMES_PATIENT):
                    casebook.cases.purge_case(case_id, reason)
                assert stored(casebook) == before
        casebook.cases.purge_case(case_id, f"x{values[0]}" if values else "Entered twice")
        with pytest.raises(NotFound, match=f"There is no case {case_id}"):
            casebook.cases.purge_case(case_id, "Entered twice")
    assert True in answers and False in answers
