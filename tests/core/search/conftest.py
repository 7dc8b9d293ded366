"""A data folder holding the two reference cases and the near-miss cases (search_cases.py)."""

from __future__ import annotations

import pytest

from tests.core.search.search_cases import near_misses

REF1, REF2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


@pytest.fixture
def filled(casebook, reference_cases):
    """The casebook with every test case stored."""
    casebook.cases.import_cases(reference_cases + near_misses(), source="test")
    return casebook


@pytest.fixture
def find(filled):
    """Ids of every hit of a query (all pages), as a set; fails on a query error."""
    def run(query: str) -> set[str]:
        result = filled.search.search(query, limit=1000)
        assert result.error is None, result.error
        assert result.total == len(result.hits)
        return {hit.case_id for hit in result.hits}
    return run
