"""What a search returns: frozen pydantic objects, never rows or connections."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.search.query import QueryError

SortKey = Literal["relevance", "day0", "updated", "title", "case_id", "status", "main_dx"]
SORT_NAMES = {"relevance": "relevance", "day0": "Day 0", "updated": "last change",
              "title": "title", "case_id": "case id", "status": "status",
              "main_dx": "main diagnosis"}


class Span(BaseModel):
    """A piece of a snippet or title; ``hit`` marks the words that matched."""

    model_config = ConfigDict(frozen=True)
    text: str
    hit: bool = False


class CaseHit(BaseModel):
    model_config = ConfigDict(frozen=True)
    case_id: str
    title: str
    title_spans: list[Span] = Field(default_factory=list)
    main_dx: str | None = None
    status: str
    updated_at: str
    day0: str | None = None
    snippet: list[Span] = Field(default_factory=list)
    score: float | None = None  # bm25, higher is better; None unless ranked by relevance


class QueryProblem(BaseModel):
    """A malformed query: the message, where (0-based character offset) and how long."""

    model_config = ConfigDict(frozen=True)
    message: str
    position: int | None = None
    length: int = 1
    caret: str = ""

    @classmethod
    def of(cls, error: QueryError) -> QueryProblem:
        return cls(message=error.message, position=error.position, length=error.length,
                   caret=error.caret_text())


class SearchResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    query: str
    total: int = 0
    hits: list[CaseHit] = Field(default_factory=list)
    error: QueryProblem | None = None
    offset: int = 0
    limit: int = 50
    sort: SortKey = "relevance"
    capped: bool = False  # very common words: only the newest hits ranked, older ones follow
    # more hits than the cap: ``total`` is the cap, the hits are the newest ``total`` matches
    # (relevance: newest first, unranked); narrow the query to count and rank them all
    over_cap: bool = False
    suggestion: str | None = None  # no hits: the query with close known words ("Did you mean")
    # no hits: a message per filter whose value no case holds (core.search.filter_hints), and
    # the filter for words that read as a grade ("CRS grade 2": core.search.grade_hint)
    filter_hints: list[str] = Field(default_factory=list)
    # no hits and no other hint: the words no case holds, and the search without them (its
    # text in ``suggestion``): core.search.word_hint
    word_hint: str | None = None

    def over_cap_note(self) -> str:
        """For a search with more hits than the cap: which hits these are, in which order."""
        order = ("those with a query word in the title or a diagnosis first, each newest "
                 "first" if self.sort == "relevance" else f"sorted by {SORT_NAMES[self.sort]}")
        return (f"these are the {self.total:,} most recent matches, {order} (not ranked by "
                "relevance, the rest not counted); add words or filters to narrow the search.")


class CohortSummary(BaseModel):
    model_config = ConfigDict(frozen=True)
    query: str
    total: int = 0
    by_diagnosis: dict[str, int] = Field(default_factory=dict)
    by_cns_at_diagnosis: dict[str, int] = Field(default_factory=dict)
    by_best_response: dict[str, int] = Field(default_factory=dict)
    ae_grade3_or_worse: int = 0
    median_age: float | None = None
    age_range: tuple[float, float] | None = None  # youngest and oldest at Day 0
    by_sex: dict[str, int] = Field(default_factory=dict)
    with_crs: int = 0  # cases with cytokine release syndrome of any grade (or none given)
    with_icans: int = 0  # ... with ICANS of any grade
    mrd_negative: int = 0  # ... with an MRD-negative assessment of LoD <= 1e-4
    error: QueryProblem | None = None


class SavedSearch(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str
    query: str
    created_at: str
