"""V45: an adverse-event grade above the highest CTCAE v5.0 defines for its term is an error
naming the term and that grade (neutrophil count decreased has no grade 5, nausea and headache
stop at 3). Before, any grade 1–5 passed."""

from __future__ import annotations

import pytest
from clinical_refcases import build_case, setp

from core.clinical import evaluate
from core.model.vocab import vocabulary

NEUTROPENIA = "adverse_events[1]"  # reference case 2: Neutrophil count decreased, grade 3


def v45(*mutators) -> list[tuple[str, str, str]]:
    return [(f.path, f.severity, f.message) for f in evaluate(build_case(2, *mutators)).findings
            if f.rule_id == "V45"]


@pytest.mark.parametrize(("term", "grade", "top"), [
    ("Neutrophil count decreased", 5, 4),
    ("Nausea", 4, 3),
    ("Headache", 4, 3),
    ("Headache", 5, 3),
    ("Platelet count decreased", 5, 4),
])
def test_a_grade_above_the_terms_maximum_is_an_error(term, grade, top):
    found = v45(setp(f"{NEUTROPENIA}.term", term), setp(f"{NEUTROPENIA}.grade", grade))
    assert found == [(f"{NEUTROPENIA}.grade", "error",
                      f"CTCAE v5.0 grades '{term}' up to grade {top} (entered: {grade})")]


@pytest.mark.parametrize(("term", "grade"), [
    ("Neutrophil count decreased", 4),
    ("Nausea", 3),
    ("Headache", 3),
    ("Sepsis", 5),  # no maximum below 5
    ("Not a CTCAE term", 5),  # free text: unbounded
])
def test_up_to_the_maximum_is_quiet(term, grade):
    assert v45(setp(f"{NEUTROPENIA}.term", term), setp(f"{NEUTROPENIA}.grade", grade)) == []


def test_the_term_is_matched_regardless_of_case():
    found = v45(setp(f"{NEUTROPENIA}.term", "nausea"), setp(f"{NEUTROPENIA}.grade", 4))
    assert found and "up to grade 3" in found[0][2]


def test_a_grade_outside_1_to_5_is_reported_once():
    assert v45(setp(f"{NEUTROPENIA}.grade", 6)) == [
        (f"{NEUTROPENIA}.grade", "error", "An adverse-event grade is 1–5 (entered: 6)")]


def test_the_vocabulary_maxima_are_grades():
    maxima = {e.code: e.get("max_grade") for e in vocabulary("ctcae") if e.get("max_grade")}
    assert maxima["Neutrophil count decreased"] == 4
    assert maxima["Nausea"] == maxima["Headache"] == 3
    assert all(isinstance(m, int) and 1 <= m <= 4 for m in maxima.values())
    assert "Cytokine release syndrome" not in maxima  # grade 5 is death from CRS
