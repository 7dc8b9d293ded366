"""A "did you mean" that offers one value carries it (``Finding.proposal``: the field it is for
and the value) for the editor's quick fix; one offering several, or none, carries none. V38 is
listed at the ATC code and proposes the drug's name (its own field)."""

from __future__ import annotations

from clinical_refcases import DELETE, build_case, setp

from core.clinical import evaluate
from core.clinical.findings import Proposal

DRUG = "treatment_lines[0].administrations[4]"  # reference case 1: dasatinib
AE = "adverse_events[1]"  # reference case 2


def proposals(case, rule: str) -> list[tuple[str, Proposal | None]]:
    return [(f.path, f.proposal) for f in evaluate(case).findings if f.rule_id == rule]


def drug(name: str, atc: object = DELETE):
    return build_case(1, setp(f"{DRUG}.drug_inn", name), setp(f"{DRUG}.atc", atc))


def test_v38_proposes_the_one_drug_meant_for_the_drug_field():
    assert proposals(drug("blinatu"), "V38") == [
        (f"{DRUG}.atc", Proposal(f"{DRUG}.drug_inn", "blinatumomab"))]
    assert proposals(drug("blinatumumab", "L01XX99"), "V38") == [  # the warning too
        (f"{DRUG}.atc", Proposal(f"{DRUG}.drug_inn", "blinatumomab"))]


def test_v38_proposes_nothing_for_none_or_a_choice():
    assert proposals(drug("zolbetuximab"), "V38") == [(f"{DRUG}.atc", None)]
    assert proposals(drug("CAR-T"), "V38") == [(f"{DRUG}.atc", None)]  # several products


def test_v63_proposes_the_one_term_meant():
    case = build_case(2, setp(f"{AE}.term", "Cytokine rel"))
    assert proposals(case, "V63") == [(f"{AE}.term", Proposal(f"{AE}.term",
                                                               "Cytokine release syndrome"))]
    two = build_case(2, setp(f"{AE}.term", "neutropenia"))  # two terms offered: no proposal
    assert proposals(two, "V63") == [(f"{AE}.term", None)]


def test_v64_proposes_the_listed_value_meant_as_its_code():
    path = "response_assessments[6].category"  # reference case 1: an MRD response
    case = build_case(1, setp(path, "complete MRD"))
    assert proposals(case, "V64") == [(path, Proposal(path, "complete_MRD_response"))]
    assert proposals(build_case(1, setp(path, "nonsense")), "V64") == [(path, None)]
