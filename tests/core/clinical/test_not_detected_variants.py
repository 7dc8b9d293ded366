"""Variants listed under a molecular test that detected nothing were looked for, not found (a
review: an ABL1 panel "not detected" listing T315I was found by mut:T315I and warned that
T315I reduces sensitivity to dasatinib)."""

from __future__ import annotations

from clinical_refcases import build_case, setp

from core.clinical import evaluate

KD_VARIANT = [{"gene": "ABL1", "hgvs_p": "p.Thr315Ile"}]
L2 = "treatment_lines[1]"


def _with_t315i(detected: str):
    return build_case(1, setp("molecular_tests[4].day", 30),
                      setp("molecular_tests[4].variants", KD_VARIANT),
                      setp("molecular_tests[4].detected", detected))


def test_a_variant_not_detected_raises_no_resistance_warning():
    found = [f for f in evaluate(_with_t315i("detected")).findings if f.rule_id == "V15"]
    assert [f.path for f in found] == [f"{L2}.administrations[0].drug_inn"]
    assert [f for f in evaluate(_with_t315i("not_detected")).findings
            if f.rule_id == "V15"] == []


def test_a_variant_not_detected_is_not_a_mutation_of_the_case(casebook):
    found, absent = _with_t315i("detected"), _with_t315i("not_detected")
    found.case_id, absent.case_id = "SYN-T315I-FOUND", "SYN-T315I-ABSENT"
    casebook.cases.import_cases([found, absent], source="test")
    hits = {h.case_id for h in casebook.search.search("mut:T315I").hits}
    assert hits == {"SYN-T315I-FOUND"}
    assert "SYN-T315I-ABSENT" in {h.case_id for h in casebook.search.search("T315I").hits} \
        or "SYN-T315I-ABSENT" in {h.case_id for h in casebook.search.search("Thr315Ile").hits}
