"""A filter value no case holds, but that names something the casebook holds otherwise: the
hint offers it (ae:neutropenia: the CTCAE term Neutrophil count decreased)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.core.search.conftest import REF1, REF2
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


def test_a_cml_phase_as_the_case_list_shows_it_is_a_diagnosis(filled, find):
    # the case list's diagnosis column shows reference case 1 as "CML, blast phase (C92.1)"
    with filled.ctx.db.read() as conn:
        shown = conn.execute(text("SELECT main_dx FROM cases WHERE id = :id"),
                             {"id": REF1}).scalar()
    assert shown == "CML, blast phase (C92.1)"
    assert find('dx:"CML, blast phase"') == {REF1}
    assert find('dx:"cml blast phase"') == {REF1}
    assert find('dx:"CML, chronic phase"') == {"HC-T315IABL1", "HC-T315IOTHR"}
    assert REF1 in find("dx:CML")


def test_a_value_of_several_words_no_case_holds_gets_a_query_it_can_run(filled):
    [hint] = filled.search.search('dx:"CML, accelerated phase"').filter_hints
    assert hint == ('dx:"CML, accelerated phase" matches no diagnosis in this casebook; filters '
                    'take whole values (for part of a word, search cml accelerated phase* '
                    'without dx:).')


@pytest.mark.parametrize("typed", ["ae:grade3", "ae:G3", 'ae:"grade 3"', "ae:gr3"])
def test_a_grade_typed_as_the_term_points_at_the_grade_filter(filled, find, typed):
    result = filled.search.search(typed)
    assert result.total == 0
    assert result.filter_hints == [
        f"{typed} matches no adverse event: a grade goes after the term (or after ae: for any "
        "event) as a range. Did you mean ae:>=3 (any adverse event of grade 3 or more) or ae:=3 "
        "(grade 3 only)?"]
    assert result.suggestion == "ae:>=3"
    assert REF2 in find(result.suggestion)  # Neutrophil count decreased, grade 3


def test_a_grade_word_with_a_range_points_at_the_range(filled):
    result = filled.search.search("ae:grade>=3 dx:B-ALL")
    assert result.filter_hints == ["ae:grade>=3 matches no adverse event: a grade goes after the "
                                   "term (or after ae: for any event). Did you mean ae:>=3?"]
    assert result.suggestion == "ae:>=3 dx:B-ALL"


def test_a_route_typed_as_a_drug_points_at_the_route(filled, find):
    result = filled.search.search("drug:IT")
    assert result.total == 0
    assert result.filter_hints == [
        "drug:IT matches no drug: IT is a route (Intrathecal use); drug: takes a drug name or "
        "ATC code (drug:methotrexate, drug:L01BA01). Did you mean \"intrathecal use\" (the "
        "route's name in the text)?"]
    assert result.suggestion == '"intrathecal use"'
    assert {REF1, REF2} <= find(result.suggestion)
    assert filled.search.search("drug:intrathecal").suggestion == '"intrathecal use"'
