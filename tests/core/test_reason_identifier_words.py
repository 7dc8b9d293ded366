"""A reason is refused for naming the patient only when an identifier stands in it as whole
words (a review: the name "Max" refused "Maximum dose was entered wrong" when unlocking, and
a birth year refused any reason mentioning that year)."""

from __future__ import annotations

import pytest

from core.errors import StatusError
from core.model.when import parse_when
from core.services.cases import CaseService

C1 = "SEED-C1-CAO2023"


@pytest.fixture
def locked(casebook, reference_cases):
    casebook.cases.import_cases(reference_cases)
    lenient = CaseService(casebook.ctx, blocking=lambda case: [])
    case = lenient.open_case(C1)
    case.patient.name = "Max"
    case.patient.record_number = "MRN-4471"
    case.patient.birth_date = parse_when("1989")
    return lenient.set_status(C1, "locked", lenient.save_case(case).version)


def test_a_name_inside_a_longer_word_is_not_the_name(casebook, locked):
    check = casebook.reason_check([C1])
    assert check("Corrected the maximum dose") is None
    assert check("Dose entered from the 1989 protocol") is None  # a birth year alone
    unlocked = casebook.cases.set_status(C1, "draft", locked.version,
                                         "Maximum dose was entered wrong")
    assert unlocked.status == "draft"


def test_the_name_and_record_number_as_words_are_refused(casebook, locked):
    check = casebook.reason_check([C1])
    assert check("Max asked for a correction") is not None
    assert check("chart mrn-4471 reviewed") is not None
    with pytest.raises(StatusError):
        casebook.cases.set_status(C1, "draft", locked.version, "Wrong dose, said Max.")
    assert casebook.cases.open_case(C1).status == "locked"
