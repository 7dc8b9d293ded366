"""Exact result sets of every filter, and of combinations, over the reference and near-miss
cases (tests/core/search/search_cases.py)."""

from __future__ import annotations

import pytest

from tests.core.search.conftest import REF1, REF2

B_ALL = {REF2, "HC-BLINCNS1", "HC-CNS3NOBL", "HC-CRSGRADE2", "HC-CNS3ATDX", "HC-MULLER"}
CML = {REF1, "HC-T315IABL1", "HC-T315IOTHR"}
EVERY = B_ALL | CML
CNS3 = {REF1, REF2, "HC-CNS3NOBL", "HC-CRSGRADE2", "HC-CNS3ATDX"}
BLINATUMOMAB = {REF1, REF2, "HC-BLINCNS1", "HC-CRSGRADE2"}


@pytest.mark.parametrize(("query", "expected"), [
    # diagnosis: entity, ICD code prefix (WHO and CM codes)
    ("dx:C91.0", B_ALL), ("dx:C91", B_ALL), ('dx:"B-ALL"', B_ALL), ("dx:b-all", B_ALL),
    ("dx:CML", CML), ("dx:C92.1", CML), ("dx:C92.12", {REF1}), ("dx:C95", set()),
    # drugs: name or ATC prefix
    ("drug:blinatumomab", BLINATUMOMAB), ("drug:L01FX07", BLINATUMOMAB),
    ("drug:l01fx", BLINATUMOMAB), ("drug:dasatinib", {REF1, "HC-T315IABL1"}),
    ("drug:L01EA02", {REF1, "HC-T315IABL1"}), ("drug:pegaspargase", {REF2}),
    # CNS status: effective value of any entry ("ever"), subcategories, at diagnosis
    ("cns:CNS3", CNS3), ("cns:3", CNS3),
    ("cns:CNS1", {REF1, REF2, "HC-BLINCNS1", "HC-CNS3NOBL"}),
    ("cns:CNS3c", {REF2}), ("cns:CNS3a", CNS3), ("cns:CNS2", set()),
    ("cnsdx:CNS3", {"HC-CNS3ATDX"}),
    ("cnsdx:CNS1", {REF1, REF2, "HC-BLINCNS1", "HC-CNS3NOBL"}),
    # cnsdx: takes cns:'s sub-categories (the main diagnosis' episode)
    ("cnsdx:CNS3a", {"HC-CNS3ATDX"}), ("cnsdx:cns3a", {"HC-CNS3ATDX"}),
    ("cnsdx:CNS3c", set()), ("cnsdx:CNS2c", set()), ("cns:CNS2c", set()),
    # response and MRD
    ("response:CR", {REF1, REF2}), ("response:CNS_remission", {REF1, REF2}),
    ("response:CRi", set()), ("mrd:negative", {REF1, REF2}), ("mrd:MRD_failure", {REF1, REF2}),
    ("mrd:complete_MRD_response", {REF1, REF2}),
    # adverse events: term (or abbreviation) and grade
    ("ae:crs", {REF2, "HC-BLINCNS1", "HC-CRSGRADE2"}), ("ae:crs>=2", {"HC-CRSGRADE2"}),
    ("ae:crs>1", {"HC-CRSGRADE2"}), ("ae:crs<2", {REF2, "HC-BLINCNS1"}),
    ("ae:crs=1", {REF2, "HC-BLINCNS1"}), ("ae:crs=2..3", {"HC-CRSGRADE2"}),
    ('ae:"cytokine release syndrome">=2', {"HC-CRSGRADE2"}), ("ae:>=3", {REF2}),
    ("ae:neutrophil>=3", {REF2}), ("ae:icans", set()),
    # mutations: short form, gene, gene and short form
    ("mut:T315I", {"HC-T315IABL1", "HC-T315IOTHR"}), ("mut:ABL1:T315I", {"HC-T315IABL1"}),
    ('mut:"ABL1 T315I"', {"HC-T315IABL1"}), ("mut:ABL1", {"HC-T315IABL1"}),
    ("mut:ABL2:T315I", {"HC-T315IOTHR"}), ("mut:E255K", set()),
    # demographics, record status, dates
    ("sex:f", {REF2, "HC-CNS3NOBL", "HC-CNS3ATDX", "HC-T315IOTHR", "HC-MULLER"}),
    ("sex:m", {REF1, "HC-BLINCNS1", "HC-CRSGRADE2", "HC-T315IABL1"}),
    ("age:18..40", {REF1, REF2, "HC-CRSGRADE2", "HC-MULLER"}), ("age:<18", {"HC-CNS3NOBL"}),
    ("age:>=60", {"HC-CNS3ATDX"}), ("age:52", {"HC-T315IABL1"}), ("age:..8", {"HC-CNS3NOBL"}),
    ("status:complete", {REF1, REF2}), ("status:draft", EVERY - {REF1, REF2}),
    ("status:locked", set()),
    ("day0:2022", {"HC-CRSGRADE2"}), ("day0:2022..2023", {"HC-CRSGRADE2", "HC-CNS3ATDX"}),
    ("day0:>=2023", {"HC-CNS3ATDX"}), ("day0:<2022-05-10", set()),
    ("day0:<=2022-05-10", {"HC-CRSGRADE2"}), ("day0:2023-11", {"HC-CNS3ATDX"}),
    ("day0:2023-11-01", {"HC-CNS3ATDX"}),  # a partial Day 0 counts as its first day
    ("updated:>2000-01-01", EVERY), ("updated:<2000", set()),
])
def test_each_filter_finds_exactly_its_cases(find, query, expected):
    assert find(query) == expected


@pytest.mark.parametrize(("query", "expected"), [
    # "all my CNS3 B-ALL patients who got blinatumomab"
    ("dx:B-ALL cns:CNS3 drug:blinatumomab", {REF2, "HC-CRSGRADE2"}),
    ("drug:blinatumomab cns:CNS3", {REF1, REF2, "HC-CRSGRADE2"}),
    ("drug:blinatumomab -cns:CNS3", {"HC-BLINCNS1"}),
    ("cns:CNS3 -drug:blinatumomab", {"HC-CNS3NOBL", "HC-CNS3ATDX"}),
    ("ae:crs>=2 OR cnsdx:CNS3", {"HC-CRSGRADE2", "HC-CNS3ATDX"}),
    ("mut:T315I -mut:ABL1", {"HC-T315IOTHR"}),
    ("dx:CML sex:f", {"HC-T315IOTHR"}),
    ("blinatumomab sex:m age:<40", {REF1, "HC-CRSGRADE2"}),
    ("blinatumomab -dasatinib", {REF2, "HC-BLINCNS1", "HC-CRSGRADE2"}),
    ("dasatinib OR cnsdx:CNS3", {REF1, "HC-T315IABL1", "HC-CNS3ATDX"}),
    ("-dx:B-ALL -dx:CML", set()),
    ("NOT dx:B-ALL", CML),
    ("dasatinib OR updated:<2000", {REF1, "HC-T315IABL1"}),
    ("dasatinib OR updated:>2000", EVERY), ("-updated:>2000", set()),
    ("dx:CML -updated:<2000 -T315I", {REF1}),
    ("", EVERY),
])
def test_combinations_find_exactly_their_cases(find, query, expected):
    assert find(query) == expected


def test_trashed_cases_are_not_found(filled, find):
    filled.cases.trash_case("HC-CRSGRADE2")
    assert find("ae:crs>=2") == set()
    assert "HC-CRSGRADE2" not in find("")
    filled.cases.restore_case("HC-CRSGRADE2")
    assert find("ae:crs>=2") == {"HC-CRSGRADE2"}


def test_a_cns_override_is_the_effective_status(filled, find):
    case = filled.cases.open_case("HC-BLINCNS1")
    case.csf_assessments[0].cns_status_override = "CNS3"
    case.csf_assessments[0].override_reason = "cytospin reviewed"
    filled.cases.save_case(case)
    assert "HC-BLINCNS1" in find("cns:CNS3")
    assert "HC-BLINCNS1" not in find("cns:CNS1")
