"""Common phrasings of CTCAE terms are offered the term they mean (a code review): V63 answered
'Neutropenic fever' with "did you mean 'Fever' or 'Neutrophil count decreased'?" (inviting
Fever for a febrile neutropenia) and 'Platelets decreased' or 'low platelets' with nothing; the
ae: filter hint offered nothing for them either. The CTCAE vocabulary's related words now name
them (resources/vocab/ctcae.json)."""

from __future__ import annotations

import pytest

from core.clinical import evaluate
from core.search.query import Filter
from tests.core.clinical.clinical_refcases import build_case, setp
from tests.core.search.search_cases import make_case

AE = "adverse_events[1]"  # reference case 2: Neutrophil count decreased, grade 3
MEANT = [
    ("Neutropenic fever", "Febrile neutropenia"), ("neutropaenic fever", "Febrile neutropenia"),
    ("Platelets decreased", "Platelet count decreased"),
    ("low platelets", "Platelet count decreased"),
    ("Thrombocytopenia", "Platelet count decreased"),
    ("leukopenia", "White blood cell decreased"), ("WBC decreased", "White blood cell decreased"),
    ("lymphopenia", "Lymphocyte count decreased"), ("anaemia", "Anemia"),
    ("Hemoglobin decreased", "Anemia"),  # was offered Hemoglobin increased first
]


@pytest.mark.parametrize(("typed", "meant"), MEANT)
def test_v63_offers_the_term_meant_first(typed, meant):
    [message] = [f.message for f in evaluate(build_case(2, setp(f"{AE}.term", typed))).findings
                 if f.rule_id == "V63"]
    assert message.startswith(f"'{typed}' is not a CTCAE v5.0 term: did you mean '{meant}'")


@pytest.fixture
def held(filled):
    """The casebook with a case holding each term meant."""
    aes = tuple({"term": term, "grading_system": "CTCAE-5.0", "grade": 3, "onset_day": 10 + i}
                for i, term in enumerate(dict.fromkeys(meant for _, meant in MEANT)))
    filled.cases.import_cases([make_case("HC-CYTOPENIAS", "Cytopenias after induction",
                                         aes=aes)], source="test")
    return filled


@pytest.mark.parametrize(("typed", "meant"), MEANT)
def test_the_ae_filter_hint_offers_the_term_meant_first(held, find, typed, meant):
    query, offered = Filter("ae", typed).to_text(), Filter("ae", meant.casefold()).to_text()
    result = held.search.search(query)  # ae:"low platelets", ae:leukopenia
    assert result.total == 0
    [hint] = result.filter_hints
    assert hint.startswith(f"{query} matches no adverse event in this casebook. Did you mean "
                           f"{offered}"), hint
    assert result.suggestion == offered
    assert "HC-CYTOPENIAS" in find(result.suggestion)
