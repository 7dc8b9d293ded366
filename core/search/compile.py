"""A ``Query`` as SQL: one FTS5 MATCH holding every word and filter (filters are facet words of
the row, see ``facet_tokens``), plus SQL predicates only for ``updated:`` (a column of
``cases``) and the trash.

Clauses join by AND, items of a clause by OR; an excluded item in an OR is ``(all NOT x)``, a
lone exclusion joins the MATCH as ``... NOT x``. A clause holding ``updated:`` becomes a
predicate on the row's doc id (``{doc} IN (...)``): ``+f.rowid`` when the FTS table drives
(the ``+`` keeps SQLite from running the subquery's values one by one as lookups),
``d.doc_id`` otherwise. ``phrases`` are those of every positive word, for highlighting;
``text`` is those words joined by OR, for ranking by title and diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from core.search import facet_tokens as words
from core.search.bounds import check_breadth
from core.search.expansion import Expansions, expand
from core.search.filters import CodeTest, ColumnTest, Condition, FilterValueError, NumberTest
from core.search.filters import resolve as resolve_filter
from core.search.index import DOCS_TABLE, FTS_TABLE
from core.search.match import Phrase, all_of, any_of, term_expression, term_phrases
from core.search.query import Clause, Filter, Item, Query, QueryError, Term
from core.search.ranges import NumRange, iso_bounds

TRASHED = "k.trashed_at > ''"  # not "IS NOT NULL": SQLite uses the index for this one
NOT_TRASHED = (f"{{doc}} NOT IN (SELECT m.doc_id FROM cases k JOIN {DOCS_TABLE} m "
               f"ON m.case_id = k.id WHERE {TRASHED})")


@dataclass
class Plan:
    main: str | None = None
    text: str | None = None  # every positive word, joined by OR
    phrases: list[Phrase] = field(default_factory=list)  # of every positive word
    spots: list[str] = field(default_factory=list)  # each positive word (not CJK) in the
    # title or a diagnosis, its other names and the words its prefix starts included
    predicates: list[str] = field(default_factory=list)
    params: dict[str, object] = field(default_factory=dict)
    trashed: bool = True  # whether any case may be in the trash (else no test for it)

    def where(self, doc: str) -> str:
        """Every predicate, not trashed included, for the doc id expression ``doc``."""
        tests = [NOT_TRASHED] if self.trashed else []
        return (" AND ".join([*tests, *self.predicates]) or "1").replace("{doc}", doc)


class _Compiler:
    def __init__(self, expansions: Expansions) -> None:
        self.plan = Plan()
        self.expansions = expansions

    def expression(self, term: Term) -> str | None:
        return term_expression(term, self.expansions)

    def param(self, value: object) -> str:
        name = f"p{len(self.plan.params)}"
        self.plan.params[name] = value
        return f":{name}"

    def compile(self, query: Query) -> Plan:
        included: list[str] = []
        excluded: list[str] = []
        for clause in query.clauses:
            self._clause(clause, included, excluded)
        if not included and excluded:
            included.append(words.phrase(words.ALL))
        self.plan.main = all_of(included, excluded)
        positives = [i for i in query.items if isinstance(i, Term) and not i.negated]
        self.plan.phrases = [f for term in positives for p in term_phrases(term)
                             for f in p.forms()]  # "methotrexate" highlighted for MTX too
        expressions = [(term, self.expression(term)) for term in positives]
        self.plan.text = any_of([e for _term, e in expressions if e])
        self.plan.spots = [f"{{title dx}} : ({e})" for term, e in expressions
                           if e and not all(p.cjk for p in term_phrases(term))]
        return self.plan

    def _clause(self, clause: Clause, included: list[str], excluded: list[str]) -> None:
        items = [i for i in clause.items if not (isinstance(i, Term) and not term_expression(i))]
        if not items:
            return
        if any(isinstance(i, Filter) and _is_sql(resolved(i)) for i in items):
            self.plan.predicates.append("(" + " OR ".join(map(self._sql_item, items)) + ")")
        elif len(items) == 1 and items[0].negated:
            excluded.append(self._positive(items[0]))
        else:
            included.append(_present(any_of([self._fts_item(i) for i in items])))

    def _positive(self, item: Item) -> str:
        if isinstance(item, Term):
            return _present(self.expression(item))
        return _present(any_of([_test_expression(t) for t in resolved(item).tests]))

    def _fts_item(self, item: Item) -> str:
        expression = self._positive(item)
        return f"({words.phrase(words.ALL)} NOT {expression})" if item.negated else expression

    def _sql_item(self, item: Item) -> str:
        condition = resolved(item) if isinstance(item, Filter) else None
        if condition is not None and _is_sql(condition):
            sql = "(" + " OR ".join(self._column(t) for t in condition.tests
                                    if isinstance(t, ColumnTest)) + ")"
        else:
            sql = (f"{{doc}} IN (SELECT rowid FROM {FTS_TABLE} "
                   f"WHERE {FTS_TABLE} MATCH {self.param(self._positive(item))})")
        return f"NOT {sql}" if item.negated else sql

    def _column(self, test: ColumnTest) -> str:
        low, high = iso_bounds(test.range or NumRange())
        parts = ["k.trashed_at IS NULL"]
        parts += [f"k.updated_at >= {self.param(low)}"] if low else []
        parts += [f"k.updated_at < {self.param(high)}"] if high else []
        return (f"{{doc}} IN (SELECT m.doc_id FROM cases k JOIN {DOCS_TABLE} m "
                f"ON m.case_id = k.id WHERE {' AND '.join(parts)})")


def _present(expression: str | None) -> str:
    """An FTS expression known to exist: the items without one (a term of no words) are left
    out before, and a filter has at least one test."""
    if expression is None:
        raise AssertionError("an FTS expression was expected")
    return expression


def _is_sql(condition: Condition) -> bool:
    return any(isinstance(t, ColumnTest) for t in condition.tests)


def _test_expression(test: CodeTest | NumberTest | ColumnTest) -> str:
    if isinstance(test, CodeTest):
        return words.code_expression(test)
    if isinstance(test, NumberTest):
        return words.number_expression(test)
    raise TypeError(test)  # column tests are SQL predicates


def resolved(item: Filter) -> Condition:
    """The filter's condition; a programmatic filter with a bad value is a QueryError."""
    try:
        return resolve_filter(item)
    except FilterValueError as exc:
        raise QueryError(str(exc), item.position) from None


def compile_query(query: Query, conn: Connection | None = None,
                  text: str | None = None) -> Plan:
    """The query as SQL. With ``conn``, each long prefix is bounded by how far it really
    expands in that index and searched as the words it starts (``expansion``; QueryError past
    the bound, ``text`` the typed query for the caret); without, left to FTS5 as typed."""
    check_breadth(query)  # a query built by a panel, not parsed: the same bounds
    if conn is None:
        return _Compiler({}).compile(query)
    plan = _Compiler(expand(conn, query, text)).compile(query)
    plan.trashed = any_trashed(conn)
    return plan


def any_trashed(conn: Connection) -> bool:
    """Whether any case is in the trash (one seek of ``ix_cases_day0``): when none is, a
    query does not test each hit against the trash (a third of counting a word in every case
    at 1M cases), the same snapshot being read by the query."""
    return conn.execute(text(f"SELECT 1 FROM cases k WHERE {TRASHED} LIMIT 1")).first() \
        is not None
