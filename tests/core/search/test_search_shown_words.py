"""Words a case is shown in but does not store: a route's name (the stored code is IT), an
adverse event's abbreviation (CRS) or what it stands for."""

from __future__ import annotations

from tests.core.search.conftest import REF1, REF2
from tests.core.search.search_cases import crs as crs_event
from tests.core.search.search_cases import make_case


def test_a_route_is_found_by_its_name(find):
    # both reference cases received triple intrathecal therapy, stored as route IT; the
    # route's picker and tooltip name it "Intrathecal use"
    assert {REF1, REF2} <= find("intrathecal")
    assert "HC-BLINCNS1" not in find("intrathecal")  # blinatumomab only, route CIV
    assert "HC-BLINCNS1" in find('"intravenous use"')


def test_an_adverse_event_is_found_by_the_abbreviation_its_filter_takes(find, filled):
    # ae:crs finds every cytokine release syndrome; the word CRS found only the cases whose
    # text happened to say CRS
    crs = find("ae:crs")
    assert {REF2, "HC-BLINCNS1", "HC-CRSGRADE2"} <= crs
    assert find("CRS") >= crs
    assert find("crs") >= crs  # case does not matter
    filled.cases.import_cases([make_case(
        "HC-CRSTYPED", "Cytokine storm", aes=({**crs_event(1), "term": "CRS"},
                                              {**crs_event(1), "term": "Febrile neutropenia"}))],
        source="test")
    assert "HC-CRSTYPED" in find('"cytokine release syndrome"')  # and back
    assert "HC-CRSTYPED" in find("FN") and "HC-CRSTYPED" in find("ae:fn")
    assert find("ICANS") >= find("ae:icans")


def test_a_country_and_a_subdivision_are_found_by_their_names(filled, find):
    # stored as codes (CN; DE, DE-BY), printed by name in the PDF (China; Germany, Bavaria):
    # "china" found nothing, the text held only "CN"
    from tests.core.search.search_cases import make_case

    filled.cases.import_cases([make_case("HC-BAVARIA", "Relapse in a Munich patient",
                                         patient={"country": "DE", "subdivision": "DE-BY"})],
                              source="test")
    assert find("china") == {REF1, REF2}  # both reference cases: country CN
    assert find("germany") == find("bavaria") == {"HC-BAVARIA"}
    assert find("cn") == {REF1, REF2}  # the code still finds them
