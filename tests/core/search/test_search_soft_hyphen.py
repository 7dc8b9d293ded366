"""Soft hyphens (U+00AD) pasted from a PDF or a drug's SmPC do not split a word for search."""

from __future__ import annotations

from core.search.documents import json_case_text
from core.search.text import clean
from tests.core.search.conftest import REF2

PASTED = "Pegaspar\u00adgase"


def test_a_soft_hyphenated_word_is_found_without_the_hyphen_and_stays_stored(filled, find):
    case = filled.cases.open_case(REF2)
    case.case_report.take_away = f"Remission after {PASTED} and immuno\u00adphenotyping."
    case.treatment_lines[0].administrations[0].drug_inn = PASTED
    filled.cases.save_case(case)
    assert find("pegaspargase") == {REF2}
    assert find("immunophenotyping") == {REF2}  # before: the tokenizer split it in two
    assert find("pegaspar") == set()  # no longer two words
    stored = filled.cases.open_case(REF2)
    assert stored.treatment_lines[0].administrations[0].drug_inn == PASTED  # the user's text
    assert PASTED in (stored.case_report.take_away or "")
    filled.search.reindex()  # a full rebuild (from the stored JSON) indexes it the same way
    assert find("pegaspargase") == {REF2}


def test_the_indexed_text_has_no_soft_hyphen(reference_docs):
    from core.model import Case
    from core.search.derived import clinical_values

    doc = reference_docs[1]
    doc["case_report"]["take_away"] = f"After {PASTED}."
    text = json_case_text(doc, clinical_values(Case.model_validate(doc)))
    assert "Pegaspargase" in text.body and "\u00ad" not in text.body
    assert clean(f"a\x01{PASTED}") == "a Pegaspargase"


def test_a_pasted_query_with_a_soft_hyphen_finds_the_word(filled, find):
    case = filled.cases.open_case(REF2)
    case.case_report.take_away = f"Remission after {PASTED}."
    filled.cases.save_case(case)
    assert find(PASTED) == {REF2}
    assert find(f'"after {PASTED}"') == {REF2}
    assert find("Pegaspar\u00adg*") == {REF2}


def test_the_word_is_highlighted_in_title_and_snippet(filled):
    case = filled.cases.open_case(REF2)
    case.case_report.title = f"Relapse after {PASTED}"
    case.case_report.take_away = "Remission after Onc\u00adaspar."
    filled.cases.save_case(case)
    hit = filled.search.search("pegaspargase").hits[0]
    assert hit.case_id == REF2
    assert hit.title == f"Relapse after {PASTED}"  # shown as stored
    assert "".join(s.text for s in hit.title_spans) == hit.title
    assert [s.text for s in hit.title_spans if s.hit] == [PASTED]  # before: not marked
    hit = filled.search.search("oncaspar").hits[0]
    assert [s.text.lower() for s in hit.snippet if s.hit] == ["oncaspar"]


def test_a_drug_name_with_a_soft_hyphen_is_found_by_the_drug_filter(filled, find):
    case = filled.cases.open_case(REF2)
    case.treatment_lines[0].administrations[0].drug_inn = "Quokka\u00admab"
    filled.cases.save_case(case)
    assert find("drug:quokkamab") == {REF2}  # before: the code row held the soft hyphen
    assert find("drug:Quokka\u00admab") == {REF2}
    assert find("quokkamab") == {REF2}
