"""Full text: reference §10 checks, ranking, highlighting, diacritics, Chinese, prefixes and
phrases, and an edit that changes results at once."""

from __future__ import annotations

import pytest

from tests.core.search.conftest import REF1, REF2

CNS3_CASES = {REF1, REF2, "HC-CNS3NOBL", "HC-CRSGRADE2", "HC-CNS3ATDX"}


@pytest.mark.parametrize(("query", "expected"), [
    ("dasatinib", {REF1, "HC-T315IABL1"}),
    ("L01EA02", {REF1, "HC-T315IABL1"}),
    ("CNS3", CNS3_CASES),  # derived CNS status is indexed as text
    ("parenchymal", {REF1, REF2}),  # case 1 says "No parenchymal ... abnormality"
    ("blinatumomab", {REF1, REF2, "HC-BLINCNS1", "HC-CRSGRADE2"}),
])
def test_reference_section_10_searches(find, query, expected):
    assert find(query) == expected


def test_reference_cases_are_found_by_each_section_10_term(find):
    for term in ("dasatinib", "L01EA02"):
        assert REF1 in find(term) and REF2 not in find(term)
    for term in ("CNS3", "parenchymal", "blinatumomab"):
        assert {REF1, REF2} <= find(term)


@pytest.mark.parametrize(("query", "expected"), [
    ("T315I", {"HC-T315IABL1", "HC-T315IOTHR"}),
    ('"cerebral parenchymal"', {REF2}),
    ('"parenchymal cerebral"', set()),
    ("blinat*", {REF1, REF2, "HC-BLINCNS1", "HC-CRSGRADE2"}),
    ("C92*", {REF1, "HC-T315IABL1", "HC-T315IOTHR"}),
    ("dasatinib OR pegaspargase", {REF1, REF2, "HC-T315IABL1"}),
    ("leukemia -blinatumomab", {"HC-CNS3NOBL"}),
    ("BCR::ABL1", {REF1, REF2}),
    ("MRN-48213", {"HC-MULLER"}),  # a record number finds its case
    ("48213", {"HC-MULLER"}),
    ("SEED-C2-CAO2023", {REF2}),
    ("hcsearchnothing", set()),
])
def test_words_phrases_prefixes_or_and_exclusion(find, query, expected):
    assert find(query) == expected


def test_diacritics_are_ignored_both_ways(find):
    assert find("muller") == {"HC-MULLER"}
    assert find("Müller") == {"HC-MULLER"}
    assert find("JÜRGEN") == {"HC-MULLER"}


@pytest.mark.parametrize("word", ["白血病", "患者", "复发", "中枢神经"])
def test_chinese_words_inside_a_sentence(find, word):
    assert find(word) == {"HC-MULLER"}


def test_chinese_characters_that_are_not_adjacent_do_not_match(find):
    assert find("白病") == set()
    assert find("白血病 患者") == {"HC-MULLER"}


def test_a_title_match_ranks_above_a_body_match(filled):
    hits = filled.search.search("parenchymal").hits
    assert [h.case_id for h in hits] == [REF2, REF1]
    assert hits[0].score > hits[1].score


def test_ranking_prefers_the_case_with_the_term_in_its_title(filled):
    hits = filled.search.search("meningeal").hits
    assert hits[0].case_id == "HC-CNS3NOBL"  # in the title; case 1 has it in an impression


def test_matching_words_are_highlighted_in_snippet_and_title(filled):
    hit = next(h for h in filled.search.search("dasatinib").hits if h.case_id == REF1)
    marked = [s.text.lower() for s in hit.snippet if s.hit]
    assert marked and set(marked) == {"dasatinib"}
    assert "".join(s.text for s in hit.title_spans) == hit.title
    assert [s.text for s in hit.title_spans if s.hit] == ["dasatinib"]


def test_highlighting_keeps_diacritics_and_joins_chinese(filled):
    hit = filled.search.search("muller").hits[0]
    assert "Müller" in [s.text for s in hit.snippet if s.hit]
    hit = filled.search.search("白血病").hits[0]
    assert "白血病" in "".join(s.text for s in hit.title_spans if s.hit)
    assert " " not in "".join(s.text for s in hit.snippet if s.hit)


def test_filters_alone_give_hits_without_snippets(filled):
    hits = filled.search.search("ae:crs>=2").hits
    assert [h.case_id for h in hits] == ["HC-CRSGRADE2"]
    assert hits[0].snippet == [] and hits[0].score is None
    assert hits[0].main_dx == "B-ALL (C91.0)" and hits[0].status == "draft"


def test_an_edit_changes_results_at_once(filled, find):
    case = filled.cases.open_case(REF2)
    case.case_report.take_away = "A zebrafish-like pattern on imaging."
    case.patient.sex = "male"
    filled.cases.save_case(case)
    assert find("zebrafish") == {REF2}
    assert REF2 not in find("sex:f") and REF2 in find("sex:m")
    case = filled.cases.open_case(REF2)
    case.adverse_events[0].grade = 3
    case.adverse_events[0].override_reason = "clinician graded"
    filled.cases.save_case(case)
    assert REF2 in find("ae:crs>=2")


def test_a_new_case_is_found_once_saved(filled, find):
    from tests.core.search.search_cases import make_case

    filled.cases.save_case(make_case("HC-NEWCASE1", "Quokka case"))
    assert find("quokka") == {"HC-NEWCASE1"}


def test_as_you_type_reads_the_last_word_as_a_prefix(filled):
    assert filled.search.search("dasat").total == 0
    assert filled.search.search("dasat", as_you_type=True).total == 2
    assert filled.search.search('"cerebral parench', as_you_type=True).error is None
    assert filled.search.search("dasatinib cns:", as_you_type=True).total == 2
    assert filled.search.parse("d", as_you_type=True).items[0].prefix is False  # one letter
    assert filled.search.parse("da", as_you_type=True).items[0].prefix is True
