"""The filter panel's choices are the values the facets hold, and a filter takes a value's
words as well as its code (stranger 84): Filters › Response offered `SD` where cases hold
`SD_NR`, so choosing it found nothing; `response:"CNS remission"` and `mrd:"MRD failure"`,
typed as the report prints them, found no case."""

from __future__ import annotations

import itertools

import pytest

from core.clinical.mrd import mrd_category
from core.model.facets import filter_fields
from core.model.vocab import vocabulary
from core.search.filters import CodeTest, resolve
from core.search.query import Filter
from core.search.text import fold
from tests.core.search.conftest import REF1, REF2


def held_values() -> dict[str, set[str]]:
    """What each coded facet can hold, read from where the values come from (folded, as
    stored): the model's facet values, the response vocabulary, the MRD engine, CNS ranks."""
    from core.search.derived import CNS_RANK

    mrd: set[str] = {"negative", "positive"}
    for result, value, lod, reason in itertools.product(
            ("not_detected", "detected", "detected_not_quantifiable", None),
            (None, 1e-2, 1e-4, 5e-5, 1e-6), (None, 1e-5, 1e-3), (None, "pending")):
        found = mrd_category(result, value, lod, 1e-5, reason)
        mrd |= {v for v in (found.category, found.response) if v}
    held = {
        "cns": set(CNS_RANK), "mrd": mrd, "status": {"draft", "complete", "locked"},
        "response": {e.code for e in vocabulary("response_category").entries},
    }
    for name, found_field in filter_fields().items():
        if found_field.facet.kind == "code" and found_field.facet.values:
            held[name] = set(found_field.facet.values.values())
    return {name: {fold(v) for v in values} for name, values in held.items()}


def test_every_filter_choice_finds_a_value_its_facet_holds():
    from gui.search_filters import CODED_CHOICES

    held = held_values()
    for name, choices in CODED_CHOICES.items():
        for code in choices[1:]:
            tests = resolve(Filter(name, code)).tests
            assert all(isinstance(t, CodeTest) and set(t.exact) <= held[name]
                       for t in tests), (name, code)
    assert {"sd_nr", "cns_remission"} <= {fold(c) for c in CODED_CHOICES["response"]}


@pytest.mark.parametrize(("query", "expected"), [
    ('response:"CNS remission"', {REF1, REF2}), ('response:"cns remission"', {REF1, REF2}),
    ("response:CNS_remission", {REF1, REF2}), ('response:"complete remission"', {REF1, REF2}),
    ('mrd:"MRD failure"', {REF1, REF2}), ('mrd:"mrd failure"', {REF1, REF2}),
    ('mrd:"complete MRD response"', {REF1, REF2}), ("mrd:MRD_failure", {REF1, REF2}),
    ("response:CRi", set()),
])
def test_a_filter_takes_the_words_of_a_value(find, query, expected):
    assert find(query) == expected


def test_sd_nr_is_found_by_its_code_and_words(filled, find):
    case = filled.cases.open_case(REF1)
    case.response_assessments[0].category = "SD_NR"
    filled.cases.save_case(case)
    assert REF1 in find("response:SD_NR")
    assert REF1 in find('response:"SD/NR"')
    assert REF1 in find('response:"stable disease / no response"')
