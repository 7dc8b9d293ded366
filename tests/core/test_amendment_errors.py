"""An amendment of a locked case that would bring errors blocking 'complete' is refused by the
service (so by the app, the command line and the figure service alike), each error named at
its field, nothing stored and no audit entry; before, it was stored and the case stayed
locked, signed over errors. A rule that allows an override is confirmed in the case with a
reason, and the amendment is then saved; an error the stored version has already (the rules
changed since it was locked) does not stop an amendment."""

from __future__ import annotations

import pytest

from core.errors import Blocker, StatusError
from core.model import Case
from core.model.report import RuleOverride
from core.services.amend_check import OVERRIDE_HINT, AmendmentRefused
from core.services.cases import CaseService
from tests.core.test_import_status_errors import C1
from tests.gui.conftest import audit_rows

REASON = "Corrected from the chart"
DATED = "seen on 2023-04-18"  # a date in free text: rule V57, which allows an override


def stored_row(casebook) -> tuple[str, int, str | None, int]:
    case = casebook.cases.open_case(C1)
    return case.status, case.version, case.locked_by, len(audit_rows(casebook, C1))


@pytest.fixture
def locked(casebook, reference_cases) -> Case:
    casebook.cases.import_cases(reference_cases)
    case = casebook.cases.open_case(C1)
    return casebook.cases.set_status(C1, "locked", case.version)


def test_an_amendment_adding_an_error_is_refused_and_stores_nothing(casebook, locked):
    before = stored_row(casebook)
    case = casebook.cases.open_case(C1)
    case.patient.age_at_day0 = 130  # V01, no override
    with pytest.raises(AmendmentRefused) as refused:
        casebook.cases.save_case(case, REASON)
    assert isinstance(refused.value, StatusError)  # the command line prints its reasons
    assert str(refused.value).startswith(f"The amendment to {C1} was not saved: it would "
                                         "bring errors that block 'complete'")
    assert refused.value.blockers == [Blocker(
        "patient.age_at_day0", "Age at Day 0 must be 0–120 years (entered: 130)",
        "Patient › Age at Day 0", "V01")]
    assert stored_row(casebook) == before
    assert casebook.cases.open_case(C1).patient.age_at_day0 == locked.patient.age_at_day0


def test_an_overridable_error_is_saved_once_confirmed_with_a_reason(casebook, locked):
    case = casebook.cases.open_case(C1)
    case.case_report.title += f" ({DATED})"
    with pytest.raises(AmendmentRefused) as refused:
        casebook.cases.save_case(case, REASON)
    [blocker] = refused.value.blockers
    assert (blocker.rule, blocker.path, blocker.overridable) == ("V57", "case_report.title",
                                                                 True)
    assert str(blocker).endswith(OVERRIDE_HINT)  # the way out is named with the error

    case.overrides = [RuleOverride(rule_id="V57", path="case_report.title", match="2023-04-18",
                                   reason="a publication date, not the patient's")]
    saved = casebook.cases.save_case(case, REASON)
    assert (saved.status, saved.version, saved.locked_by) == ("locked", locked.version + 1,
                                                              "dr.test")
    assert DATED in casebook.cases.open_case(C1).case_report.title
    assert [r["reason"] for r in audit_rows(casebook, C1)
            if r["action"] == "amendment"][-1] == REASON


def test_an_error_the_locked_case_had_already_does_not_stop_an_amendment(casebook, locked):
    """The rules changed since the lock (scripted here): the stored version has the error,
    so correcting another field is an amendment like any other."""
    casebook.cases = CaseService(casebook.ctx, blocking=lambda c: [
        Blocker("patient.sex", "new rule", "Patient › Sex", "V99")])
    case = casebook.cases.open_case(C1)
    case.patient.age_at_day0 = 35
    saved = casebook.cases.save_case(case, REASON)
    assert (saved.status, saved.patient.age_at_day0) == ("locked", 35)


def _last_lab_error(case: Case) -> list[Blocker]:
    """A scripted rule (the rules changed since the lock): an error at the last lab row,
    quoting its place."""
    last = len(case.labs) - 1
    return [Blocker(f"labs[{last}].value", f"row {last + 1} is wrong", "Labs", "V98")] \
        if case.labs else []


def test_an_old_error_that_moved_with_a_deleted_row_does_not_stop_an_amendment(casebook,
                                                                                locked):
    """A review: deleting a row above an old error moved it (labs[5] -> labs[4], its message
    quoting the row), so it counted as new and the amendment was refused."""
    casebook.cases = CaseService(casebook.ctx, blocking=_last_lab_error)
    case = casebook.cases.open_case(C1)
    assert len(case.labs) >= 2
    del case.labs[0]
    saved = casebook.cases.save_case(case, REASON)
    assert (saved.status, len(saved.labs)) == ("locked", len(locked.labs) - 1)


def test_a_new_error_beside_a_moved_old_one_is_still_refused(casebook, locked):
    casebook.cases = CaseService(casebook.ctx, blocking=lambda c: [*_last_lab_error(c), *(
        [Blocker("patient.sex", "new error", "Patient › Sex", "V97")]
        if c.patient.sex != locked.patient.sex else [])])
    case = casebook.cases.open_case(C1)
    del case.labs[0]
    case.patient.sex = "male" if locked.patient.sex != "male" else "female"
    with pytest.raises(AmendmentRefused) as refused:
        casebook.cases.save_case(case, REASON)
    assert [b.rule for b in refused.value.blockers] == ["V97"]


def _bad_notes(case: Case) -> list[Blocker]:
    """A scripted rule: an error at each lab row noted 'BAD' (the same message for each)."""
    return [Blocker(f"labs[{i}].note", "a bad row", "Labs", "V98")
            for i, lab in enumerate(case.labs) if lab.note == "BAD"]


def test_an_error_moved_to_another_row_by_an_edit_is_refused(casebook, reference_cases):
    """A review: fixing the old error's row while another row takes the same error kept the
    count of errors, and the amendment was saved: a new error in a signed case."""
    first = reference_cases[0]
    assert first.case_id == C1 and len(first.labs) >= 3
    first.labs[2].note = "BAD"
    casebook.cases.import_cases(reference_cases)
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "locked", case.version)
    casebook.cases = CaseService(casebook.ctx, blocking=_bad_notes)
    case = casebook.cases.open_case(C1)
    case.labs[2].note, case.labs[0].note = None, "BAD"
    with pytest.raises(AmendmentRefused) as refused:
        casebook.cases.save_case(case, REASON)
    assert [b.path for b in refused.value.blockers] == ["labs[0].note"]
    case.labs[0].note = None  # fixed without a new one: saved
    assert casebook.cases.save_case(case, REASON).labs[2].note is None
