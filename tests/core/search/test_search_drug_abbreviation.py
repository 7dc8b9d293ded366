"""A drug abbreviation the drug cell takes (MTX, Ara-C, VCR) also works in search: the word MTX
found only the cases whose text says MTX (a regimen named HD-MTX), not a case given
methotrexate, and drug:MTX said "matches no drug in this casebook". Now MTX finds the cases
given methotrexate too (highlighted), and drug:MTX is methotrexate (or its ATC code, L01BA01),
in the service, the naive scan and `casebook search`. Found by a stranger run (hematology
fellow)."""

from __future__ import annotations

import json

import pytest

from core.cli import main as cli_main
from core.model import Case
from tests.core.search.test_search_drug_words_ambiguous import _ids  # index and scan agree

GIVEN = "SYN-DRUG-1"  # intrathecal methotrexate, nothing says MTX
TYPED = "SYN-DRUG-2"  # the drug stored as MTX (an import keeps it as written)
CODED = "SYN-DRUG-3"  # a brand name as the drug, methotrexate's ATC code
OTHER = "SYN-DRUG-4"  # cytarabine only
REGIMEN = "SYN-DRUG-5"  # a regimen named HD-MTX, its drug not entered


def _case(case_id: str, drug: str | None = None, atc: str | None = None,
          regimen: str = "triple IT") -> Case:
    admins = [{"drug_inn": drug, "atc": atc, "route": "IT"}] if drug or atc else []
    return Case(case_id=case_id, case_report={"title": f"Case {case_id}"},
                treatment_lines=[{"line_no": 1, "regimen_name": regimen,
                                  "administrations": admins}])


@pytest.fixture
def drugs(casebook):
    casebook.cases.import_cases([
        _case(GIVEN, "methotrexate", "L01BA01"), _case(TYPED, "MTX"),
        _case(CODED, "Metoject", "L01BA01"), _case(OTHER, "cytarabine", "L01BC01"),
        _case(REGIMEN, regimen="HD-MTX consolidation")], source="test")
    return casebook


def test_the_word_mtx_finds_the_cases_given_methotrexate(drugs):
    assert _ids(drugs, "MTX") == {GIVEN, TYPED, REGIMEN}
    assert _ids(drugs, "mtx") == {GIVEN, TYPED, REGIMEN}
    assert _ids(drugs, "-MTX") == {CODED, OTHER}
    assert _ids(drugs, "methotrexate") == {GIVEN}  # the name finds what says it, as before
    assert _ids(drugs, "Ara-C") == {OTHER}
    [hit] = drugs.search.search("MTX IT -consolidation -drug-2").hits
    assert hit.case_id == GIVEN
    assert any("methotrexate" in text for text, marked in hit.snippet if marked)


def test_drug_mtx_is_methotrexate(drugs):
    assert _ids(drugs, "drug:MTX") == {GIVEN, TYPED, CODED}
    assert _ids(drugs, "drug:methotrexate") == {GIVEN, TYPED, CODED}
    assert _ids(drugs, "drug:ara-c") == {OTHER}
    assert _ids(drugs, "drug:L01BA") == {GIVEN, CODED}  # an ATC prefix, as before
    assert drugs.search.search("drug:MTX").filter_hints == []


def test_command_line_finds_mtx(drugs, capsys):
    assert cli_main(["search", "--json", "drug:MTX"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {hit["case_id"] for hit in out["hits"]} == {GIVEN, TYPED, CODED}
    assert out["filter_hints"] == []
    assert cli_main(["search", "--json", "MTX"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {hit["case_id"] for hit in out["hits"]} == {GIVEN, TYPED, REGIMEN}
    assert cli_main(["search", "drug:MTX"]) == 0
    captured = capsys.readouterr()
    assert GIVEN in captured.out and "matches no drug" not in captured.err
