"""V38 offers the drug dictionary's name for a misspelled drug (a research nurse's stranger run,
item 12): 'daunorubicn' without an ATC code said only "give its ATC code (e.g. L01XX00)"."""

from __future__ import annotations

from clinical_refcases import DELETE, build_case, setp

from core.clinical import evaluate

DRUG = "treatment_lines[0].administrations[4]"  # reference case 1: dasatinib


def v38(name: str, atc: object = DELETE) -> list[tuple[str, str, str]]:
    case = build_case(1, setp(f"{DRUG}.drug_inn", name), setp(f"{DRUG}.atc", atc))
    return [(f.path, f.severity, f.message) for f in evaluate(case).findings
            if f.rule_id == "V38"]


def test_a_typo_is_offered_the_drug_it_is_close_to():
    assert v38("daunorubicn") == [(f"{DRUG}.atc", "error", (
        "'daunorubicn' is not in the drug dictionary: did you mean 'daunorubicin'? If not, "
        "give its ATC code (e.g. L01XX00)"))]


def test_an_unknown_code_keeps_the_close_name_in_its_warning():
    [(_, severity, message)] = v38("blinatumumab", "L01XX99")
    assert severity == "warning"
    assert message == ("'blinatumumab' (L01XX99) is not in the drug dictionary (did you mean "
                       "'blinatumomab'?): flagged for review")


def test_a_drug_nothing_is_close_to_is_asked_for_its_code_as_before():
    assert v38("zolbetuximab") == [(f"{DRUG}.atc", "error", (
        "'zolbetuximab' is not in the drug dictionary: give its ATC code (e.g. L01XX00)"))]
