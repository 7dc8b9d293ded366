"""The plain values the GUI shows or hands back, from one place in ``services``: the GUI imports
``core.services`` and ``core.model``, never ``core.store`` or ``core.search`` (the second import
contract in pyproject.toml). These are results and queries, not the machinery behind them."""

from __future__ import annotations

from core.search import Clause, Filter, Query, QueryError, parse
from core.search.filters import coded_values
from core.search.results import CohortSummary, QueryProblem, SavedSearch, SearchResult, Span
from core.services.listing import CaseSummary, ListKey, ListQuery
from core.store.audit import AuditKeyProblem
from core.store.engine import sqlite_version

__all__ = [
    "AuditKeyProblem", "CaseSummary", "Clause", "CohortSummary", "Filter", "ListKey",
    "ListQuery", "Query", "QueryError", "QueryProblem", "SavedSearch", "SearchResult", "Span",
    "coded_values", "parse", "sqlite_version",
]
