"""A filter value no case holds, but that names something the casebook holds otherwise: the
hint offers it (ae:neutropenia: the CTCAE term Neutrophil count decreased)."""

from __future__ import annotations

from tests.core.search.conftest import REF2
from tests.core.search.search_cases import make_case


def test_ae_neutropenia_offers_the_ctcae_term_first(filled, find):
    filled.cases.import_cases([make_case("HC-FN", "Febrile neutropenia after induction", aes=(
        {"term": "Febrile neutropenia", "grading_system": "CTCAE-5.0", "grade": 3,
         "onset_day": 10},))], source="test")
    result = filled.search.search("ae:neutropenia")
    assert result.total == 0
    # febrile neutropenia is another condition: the term CTCAE names neutropenia by comes first
    assert result.filter_hints == [
        'ae:neutropenia matches no adverse event in this casebook. Did you mean '
        'ae:"neutrophil count decreased" or ae:"febrile neutropenia"?']
    assert result.suggestion == 'ae:"neutrophil count decreased"'
    assert find(result.suggestion) == {REF2}


def test_a_related_term_no_case_holds_is_not_offered(filled):
    [hint] = filled.search.search("ae:thrombocytopenia").filter_hints
    assert "platelet" not in hint  # no case has Platelet count decreased
