"""Search service: every stored case, full text plus clinical filters (issue #6).

``search()`` never raises for what the user typed: a malformed query comes back as
``SearchResult.error`` (message, position, caret text). The other calls raise ``QueryError``
for a malformed query. A query is the search-box text or a ``core.search.Query`` (a filter
panel builds one; ``Query.to_text()`` gives the box its text).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select

from core.errors import CasebookError
from core.io.outputs import check_output_path
from core.search import Query, QueryError, parse, rebuild_index
from core.search.cohort import (
    ages,
    best_response_counts,
    count_ae_grade,
    count_with_facet,
    facet_counts,
    write_csv,
)
from core.search.compile import Plan, compile_query
from core.search.filter_hints import filter_hints
from core.search.grade_hint import grade_hint
from core.search.index import INDEX_VERSION, index_version
from core.search.naive import naive_scan
from core.search.parser import shown_query
from core.search.prefix_forms import prefix_forms
from core.search.results import CohortSummary, QueryProblem, SavedSearch, SearchResult, SortKey
from core.search.run import DEFAULT_DESCENDING, bounded_count, count, hit_cap, hits, page
from core.search.suggest import suggestion
from core.search.values import display_counts
from core.search.word_hint import Counter, word_hint
from core.services.context import Context
from core.store.audit import utc_now
from core.store.tables import saved_searches

QueryInput = str | Query
MAX_LIMIT = 1000
MAX_OFFSET = 2**31  # SQLite's OFFSET is a 64-bit integer; no casebook holds more cases


def _counter(conn: Connection, as_you_type: bool) -> Counter:
    """The hits of a query or text (read as the search read its own), at most the cap."""
    def hits(query: Query | str) -> tuple[int, bool]:
        try:
            parsed = parse(query, as_you_type=as_you_type) if isinstance(query, str) else query
            total, low = bounded_count(conn, compile_query(parsed, conn), hit_cap())
        except QueryError:
            return 0, False
        return total, low is not None
    return hits


class SearchService:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def parse(self, query: QueryInput, *, as_you_type: bool = False) -> Query:
        """The structured form of a query text (QueryError when malformed)."""
        return query if isinstance(query, Query) else parse(query, as_you_type=as_you_type)

    def search(self, query: QueryInput, offset: int = 0, limit: int = 50,
               sort: SortKey = "relevance", *, descending: bool | None = None,
               as_you_type: bool = False, every: bool = False) -> SearchResult:
        """One page of hits, ranked or sorted, with the total and highlighted snippets.

        ``as_you_type``: the last word counts as a prefix and an unfinished quote or filter
        at the end is forgiven, for a search box that searches on every keystroke. More hits
        than the cap (``run.hit_cap``): answered from the newest ``cap`` hits, newest first
        for relevance, ``over_cap`` set and ``total`` the cap; ``every``: no cap (all hits,
        the exact count, as for exporting every case a search finds)."""
        text = shown_query(query if isinstance(query, str) else query.to_text())
        offset, limit = min(max(0, offset), MAX_OFFSET), min(max(1, limit), MAX_LIMIT)
        sort = sort if sort in DEFAULT_DESCENDING else "relevance"
        with self.ctx.db.read() as conn:
            try:
                parsed = self.parse(query, as_you_type=as_you_type)
                plan = compile_query(parsed, conn, text)
            except QueryError as exc:
                return SearchResult(query=text, error=QueryProblem.of(exc), offset=offset,
                                    limit=limit, sort=sort)
            total, low = (count(conn, plan), None) if every else bounded_count(conn, plan,
                                                                               hit_cap())
            rows, capped = page(conn, plan, total, sort, descending, offset, limit, low=low)
            found = hits(conn, plan, rows)
            notes: list[str] = []
            better: str | None = None
            worded: str | None = None
            if total == 0 and not offset:  # nothing found: say why, suggest what would find
                notes, better = filter_hints(conn, parsed, text)
                graded = grade_hint(parsed, text)  # "CRS grade 2": ae:crs>=2
                if graded is not None:
                    notes.append(graded[0])
                    better = better or graded[1]
                better = better or suggestion(conn, parsed, text)
                if not notes and better is None:  # "no case holds all 6 words: ..."
                    offer = word_hint(parsed, text, _counter(conn, as_you_type))
                    worded, better = offer if offer is not None else (None, None)
        return SearchResult(query=text, total=total, hits=found, offset=offset, limit=limit,
                            sort=sort, capped=capped, over_cap=low is not None,
                            suggestion=better, filter_hints=notes, word_hint=worded)

    def prefix_hint(self, query: str) -> SearchResult | None:
        """For a query that found nothing: the first of its prefix forms (``blinat*``, the
        last word first, as the search box reads it) that finds cases, its ``query`` the text
        to type and ``total`` its count (filters included); None when none does."""
        try:
            parsed = self.parse(query)
        except QueryError:
            return None
        for form in prefix_forms(parsed, query):
            found = self.search(form, limit=1)
            if found.total and found.error is None:
                return found
        return None

    def count(self, query: QueryInput, *, as_you_type: bool = False) -> int:
        parsed = self.parse(query, as_you_type=as_you_type)
        with self.ctx.db.read() as conn:
            return count(conn, compile_query(parsed, conn))

    def cohort_summary(self, query: QueryInput) -> CohortSummary:
        """Counts by sex, main diagnosis, CNS status at diagnosis, best response; cases with
        an adverse event of grade 3 or worse, with CRS or ICANS, with an MRD-negative
        assessment; median and range of the age at Day 0."""
        text = shown_query(query if isinstance(query, str) else query.to_text())
        with self.ctx.db.read() as conn:
            try:
                plan = compile_query(self.parse(query), conn, text)
            except QueryError as exc:
                return CohortSummary(query=text, error=QueryProblem.of(exc))
            return _summary(conn, plan, text)

    def export_csv(self, query: QueryInput, path: str | Path, sort: SortKey = "updated", *,
                   force: bool = False) -> int:
        """Write every hit to a CSV file (no identifiers), atomically (``force``: replace a file
        that is there); returns the number of cases. OutputError for a refused path."""
        parsed = self.parse(query)
        compile_query(parsed)  # a malformed query before the path is checked
        target = check_output_path(path, self.ctx.paths.root, force=force)
        with self.ctx.db.read() as conn:
            plan = compile_query(parsed, conn)
            return write_csv(conn, plan, count(conn, plan), target, sort, force=force)

    def naive_scan(self, query: QueryInput) -> list[str]:
        """The same hits found without any index (parse every document): the baseline."""
        parsed = self.parse(query)
        compile_query(parsed)  # the same QueryError as search() for a bad filter value
        with self.ctx.db.read() as conn:
            return naive_scan(conn, parsed)

    # -- saved searches --------------------------------------------------------------------
    def save_search(self, name: str, query: QueryInput) -> SavedSearch:
        """Save (or replace) a named search; the query must be well formed."""
        name = name.strip()
        if not name:
            raise CasebookError("A saved search needs a name.")
        text = self.parse(query).to_text() if isinstance(query, Query) else query.strip()
        compile_query(self.parse(text))
        saved = SavedSearch(name=name, query=text, created_at=utc_now())
        with self.ctx.write(side_table=True) as (conn, _audit):
            conn.execute(delete(saved_searches).where(saved_searches.c.name == name))
            conn.execute(insert(saved_searches).values(**saved.model_dump()))
        return saved

    def list_saved(self) -> list[SavedSearch]:
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(saved_searches).order_by(saved_searches.c.name))
            return [SavedSearch.model_validate(dict(r)) for r in rows.mappings()]

    def delete_saved(self, name: str) -> bool:
        with self.ctx.write(side_table=True) as (conn, _audit):
            result = conn.execute(delete(saved_searches).where(saved_searches.c.name == name))
        return result.rowcount > 0

    def restore_saved(self, saved: SavedSearch) -> None:
        """Put a deleted saved search back as it was (name, query and when it was saved): the
        app's undo of a delete. Refused when a search of that name was saved since, which
        it would replace."""
        with self.ctx.write(side_table=True) as (conn, _audit):
            taken = conn.execute(select(saved_searches.c.name)
                                 .where(saved_searches.c.name == saved.name)).first()
            if taken is not None:
                raise CasebookError(f'A saved search named "{saved.name}" was saved since; '
                                    "the deleted one was not put back over it.")
            conn.execute(insert(saved_searches).values(**saved.model_dump()))

    # -- maintenance -----------------------------------------------------------------------
    def reindex(self, on_progress: Callable[[int, int], None] | None = None, *,
                left_out: list[str] | None = None) -> int:
        """Rebuild every index row of every case in one transaction (readers beside see the
        old index until it commits); the folder's index version is then the app's.
        ``left_out``: gets the id of each stored case the model cannot read (not indexed)."""
        with self.ctx.write() as (conn, _audit):
            return rebuild_index(conn, on_progress, left_out=left_out)

    def index_outdated(self) -> bool:
        """Whether the folder's search index was built with another index version (other
        facets or words) than this Casebook's, or before index versions: ``reindex`` then."""
        with self.ctx.db.read() as conn:
            return index_version(conn) != INDEX_VERSION


def _summary(conn: Connection, plan: Plan, text: str) -> CohortSummary:
    total = count(conn, plan)
    found = ages(conn, plan)
    return CohortSummary(
        query=text, total=total,
        by_diagnosis=display_counts("maindx", facet_counts(conn, plan, "maindx", total)),
        by_cns_at_diagnosis=display_counts("cnsdx", facet_counts(conn, plan, "cnsdx", total)),
        by_best_response=display_counts("best_response",
                                        best_response_counts(conn, plan, total)),
        ae_grade3_or_worse=count_ae_grade(conn, plan, 3),
        median_age=statistics.median(found) if found else None,
        age_range=(min(found), max(found)) if found else None,
        by_sex=display_counts("sex", facet_counts(conn, plan, "sex", total)),
        with_crs=count_with_facet(conn, plan, "ae", "crs"),  # any grade, or none given
        with_icans=count_with_facet(conn, plan, "ae", "icans"),
        mrd_negative=count_with_facet(conn, plan, "mrd", "negative_sufficient"))  # LoD <=1e-4
