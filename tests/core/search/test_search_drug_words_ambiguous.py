"""Drug abbreviations as searched words, after a code review of 412a308:

- The word DNR found every case given daunorubicin (DNR is mostly do not resuscitate), CTX
  every case given cyclophosphamide: the dictionary marks such synonyms as not expanded in
  free-text search (``synonyms_not_searched``); drug:DNR is still daunorubicin.
- A quoted "MTX" was expanded to methotrexate too: in quotes a word is matched as typed.
- drug:CAR-T is every drug the dictionary lists CAR-T for: it found only tisagenlecleucel's
  cases (the first entry listing the synonym) while the word CAR-T found both products'.
Service (index and naive scan agreeing) and `casebook search`."""

from __future__ import annotations

import json

import pytest

from core.cli import main as cli_main
from core.model import Case

KYMRIAH = "SYN-NAME-1"
TECARTUS = "SYN-NAME-2"
STORED_CAR_T = "SYN-NAME-3"  # the drug stored as typed, CAR-T (which product not known)
DAUNO = "SYN-NAME-4"  # daunorubicin given, nothing says DNR
DO_NOT_RESUSCITATE = "SYN-NAME-5"  # DNR in its title, no daunorubicin
CYCLO = "SYN-NAME-6"
MTX = "SYN-NAME-7"  # methotrexate given


def _case(case_id: str, drug: str | None = None, atc: str | None = None,
          title: str = "") -> Case:
    admins = [{"drug_inn": drug, "atc": atc, "route": "IV"}] if drug else []
    return Case(case_id=case_id, case_report={"title": title or f"Case {case_id}"},
                treatment_lines=[{"line_no": 1, "regimen_name": "salvage",
                                  "administrations": admins}])


@pytest.fixture
def drugs(casebook):
    casebook.cases.import_cases([
        _case(KYMRIAH, "tisagenlecleucel", "L01XL04"),
        _case(TECARTUS, "brexucabtagene autoleucel", "L01XL06"),
        _case(STORED_CAR_T, "CAR-T"),
        _case(DAUNO, "daunorubicin", "L01DB02"),
        _case(DO_NOT_RESUSCITATE, title="DNR order after day 40"),
        _case(CYCLO, "cyclophosphamide", "L01AA01"),
        _case(MTX, "methotrexate", "L01BA01")], source="test")
    return casebook


def _ids(casebook, query: str) -> set[str]:
    result = casebook.search.search(query, limit=100)
    assert result.error is None, result.error
    found = {hit.case_id for hit in result.hits}
    assert found == set(casebook.search.naive_scan(query))  # index and scan agree
    return found


def test_dnr_and_ctx_are_not_expanded_in_words(drugs):
    assert _ids(drugs, "DNR") == {DO_NOT_RESUSCITATE}
    assert _ids(drugs, "CTX") == set()
    assert _ids(drugs, "drug:DNR") == {DAUNO}  # as a drug, unambiguous
    assert _ids(drugs, "drug:CTX") == {CYCLO}


def test_a_quoted_abbreviation_is_matched_as_typed(drugs):
    assert _ids(drugs, "MTX") == {MTX}
    assert _ids(drugs, '"MTX"') == set()


def test_command_line(drugs, capsys):
    assert cli_main(["search", "--json", "DNR"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {hit["case_id"] for hit in out["hits"]} == {DO_NOT_RESUSCITATE}
    assert cli_main(["search", "--json", '"MTX"']) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["hits"] == []


def test_drug_car_t_is_both_products(drugs):
    both = {KYMRIAH, TECARTUS, STORED_CAR_T}
    assert _ids(drugs, "drug:CAR-T") == both
    assert _ids(drugs, "CAR-T") == both
    assert drugs.search.search("drug:CAR-T").filter_hints == []
    # a product is not found by the name it shares with the other, stored in its place
    assert _ids(drugs, "drug:tisagenlecleucel") == {KYMRIAH}
    assert _ids(drugs, "drug:Tecartus") == {TECARTUS}


def test_command_line_drug_car_t(drugs, capsys):
    assert cli_main(["search", "--json", "drug:CAR-T"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {hit["case_id"] for hit in out["hits"]} == {KYMRIAH, TECARTUS, STORED_CAR_T}
    assert cli_main(["search", "drug:CAR-T"]) == 0
    captured = capsys.readouterr()
    assert TECARTUS in captured.out and "matches no drug" not in captured.err
