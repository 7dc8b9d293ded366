"""A lock names its signer (a stranger's run: it recorded only the OS account, "signed by
root"): the name goes into the case's locked_by and into an audit entry of its own beside the
account, which the chain verifies; a lock from before signers were named still reads, as
signed by its account; a missing, multi-line, long or patient-naming name locks nothing."""

from __future__ import annotations

import pytest

from core.services.cases import CaseService
from core.services.reason_rules import ReasonRefused
from core.services.signing import lock_change_words, signed_locks

C1 = "SEED-C1-CAO2023"  # stored complete
NAME = "Dr A. Placeholder"


def lock_words(casebook) -> list[str]:
    rows = casebook.audit.history(C1)
    signed = signed_locks(rows)
    return [w for w in (lock_change_words(r, signed) for r in rows) if w]


def test_a_lock_keeps_the_signer_beside_the_account(casebook, reference_cases):
    casebook.cases.import_cases(reference_cases[:1])
    case = casebook.cases.open_case(C1)
    stored = casebook.cases.set_status(C1, "locked", case.version, signer=f"  {NAME} ")
    assert (stored.status, stored.locked_by) == ("locked", NAME)
    assert casebook.cases.open_case(C1).locked_by == NAME
    [lock] = casebook.audit.entries(C1, ("lock",))
    [sign] = casebook.audit.entries(C1, ("sign",))
    assert (lock.user, lock.path, lock.old, lock.new) == ("dr.test", "status", "complete",
                                                          "locked")
    assert (sign.user, sign.path, sign.new, sign.ts) == ("dr.test", "locked_by", NAME, lock.ts)
    assert lock_words(casebook) == [f"Locked — signed by {NAME} (account dr.test)"]
    assert casebook.audit.verify().ok
    assert casebook.audit.document_matches(C1)


def test_a_lock_without_a_signer_reads_as_signed_by_its_account(casebook, reference_cases):
    casebook.cases.import_cases(reference_cases[:1])
    case = casebook.cases.open_case(C1)
    stored = casebook.cases.set_status(C1, "locked", case.version)  # as before signers
    assert stored.locked_by == "dr.test"
    assert not casebook.audit.entries(C1, ("sign",))
    assert lock_words(casebook) == ["complete → locked — signed by dr.test"]
    assert casebook.audit.verify().ok


@pytest.mark.parametrize(("name", "words"), [
    ("   ", "Signed by: give your full name"),
    ("Dr A.\nPlaceholder", "Signed by: give the name on one line"),
    ("D" * 201, "Signed by: at most 200 characters (201 given)"),
    ("Dr Jane Placeholder", "Signed by: the name contains one of the patient's identifiers"),
    ("Dr Placeholder Jane", "Signed by: the name contains one of the patient's identifiers"),
])
def test_a_bad_signer_locks_nothing(casebook, reference_cases, name, words):
    lenient = CaseService(casebook.ctx, blocking=lambda case: [])  # identifiers: rule V57
    casebook.cases.import_cases(reference_cases[:1])
    case = lenient.open_case(C1)
    case.patient.name = "Jane Placeholder"
    case = lenient.save_case(case)  # still complete (no rule blocks it here)
    before = casebook.audit.count()
    with pytest.raises(ReasonRefused) as refused:
        lenient.set_status(C1, "locked", case.version, signer=name)
    assert str(refused.value).startswith(words)
    assert casebook.cases.open_case(C1).status == "complete"
    assert casebook.audit.count() == before


def test_audit_show_says_who_signed(casebook, reference_cases, capsys):
    from core.cli import main

    casebook.cases.import_cases(reference_cases[:1])
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "locked", case.version, signer=NAME)
    capsys.readouterr()
    assert main(["--data-dir", str(casebook.paths.root), "audit", "show", C1]) == 0
    out = capsys.readouterr().out
    assert f"sign  Locked — signed by {NAME} (account dr.test)" in out
