"""Relevance ranks first the cases holding more of the query's words in their title or a
diagnosis, then by bm25. Found in the demo data: 'blinatumomab CNS' put the two reference cases
(both words in their titles) 9th and 14th, as FTS5's bm25 gives a word found in more than half
the cases an IDF of almost nothing, so every case scored nearly alike."""

from __future__ import annotations

from core.services.demo import fill_demo
from tests.core.search.conftest import REF1, REF2


def _title_dx(cb, case_id: str) -> str:
    case = cb.cases.open_case(case_id)
    return " ".join([case.case_report.title or "", *(str(d) for d in case.diagnoses)]).casefold()


def test_common_words_in_the_title_rank_first(casebook):
    fill_demo(casebook.cases, count=200)  # as the demo: both words in most cases
    result = casebook.search.search("blinatumomab CNS", limit=200)
    assert result.error is None and not result.over_cap and result.total > 20
    ranked = [h.case_id for h in result.hits]
    assert ranked.index(REF1) < 5 and ranked.index(REF2) < 10
    both = [("blinatumomab" in t and "cns" in t) for t in (_title_dx(casebook, c) for c in ranked)]
    assert both[0], "the first case has both words in its title or a diagnosis"
    assert not any(both[both.index(False):]), "no case with both words after one without"

    worst = casebook.search.search("blinatumomab CNS", limit=200, descending=True)
    assert [h.case_id for h in worst.hits][-1] == ranked[0]  # worst first: the order reversed


def test_a_word_counts_once_with_its_other_names_and_cjk_not_at_all():
    """One title lookup per query word: a drug's other names are in the same lookup (MTX and
    methotrexate in one title count once), a CJK word has none (its own column), and each is
    looked for among the query's hits only."""
    from core.search import parse
    from core.search.compile import compile_query

    plan = compile_query(parse("MTX leukemia 白血病 -dasatinib"))
    assert len(plan.spots) == 2
    assert "methotrexate" in plan.spots[0].lower() and "leukemia" in plan.spots[1]
    assert not any("dasatinib" in spot for spot in plan.spots)
