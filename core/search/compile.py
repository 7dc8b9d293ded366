"""A ``Query`` as SQL: one FTS5 MATCH for the text that every hit must contain (``main``),
plus predicates for filters, OR mixes and exclusions, each a test of a row's ``doc_id``
against a subquery of doc ids (``{doc} IN (...)``).

Clauses of plain words go into ``main`` (FTS5 intersects them fastest, and ranks by them);
an excluded word joins ``main`` as ``NOT``; anything else becomes a predicate. ``phrases`` are
those of every positive term, for highlighting. The predicates name the row's doc id as
``{doc}``: ``+f.rowid`` when the FTS table drives (the ``+`` keeps SQLite from re-running the
MATCH once per value of an IN list), ``d.doc_id`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.search.filters import CodeTest, ColumnTest, Condition, FilterValueError, NumberTest
from core.search.filters import resolve as resolve_filter
from core.search.index import DOCS_TABLE, FTS_TABLE
from core.search.match import Phrase, all_of, any_of, term_expression, term_phrases
from core.search.query import Clause, Filter, Item, Query, QueryError, Term
from core.search.ranges import NumRange, iso_bounds

TOP = "\U0010ffff"  # above every character: value < prefix + TOP means "starts with prefix"


def docs_where(table: str, where: str) -> str:
    """Doc ids of the cases whose rows of ``table`` (alias k) meet ``where``."""
    key = "k.id" if table == "cases" else "k.case_id"
    return f"SELECT m.doc_id FROM {table} k JOIN {DOCS_TABLE} m ON m.case_id = {key} WHERE {where}"


TRASHED = "k.trashed_at > ''"  # not "IS NOT NULL": SQLite uses the index for this one
NOT_TRASHED = f"{{doc}} NOT IN ({docs_where('cases', TRASHED)})"


@dataclass
class Plan:
    main: str | None = None
    phrases: list[Phrase] = field(default_factory=list)  # of every positive term
    predicates: list[str] = field(default_factory=list)
    params: dict[str, object] = field(default_factory=dict)

    def where(self, doc: str) -> str:
        """Every predicate, not trashed included, for the doc id expression ``doc``."""
        return " AND ".join([NOT_TRASHED, *self.predicates]).replace("{doc}", doc)


class _Compiler:
    def __init__(self) -> None:
        self.plan = Plan()

    def param(self, value: object) -> str:
        name = f"p{len(self.plan.params)}"
        self.plan.params[name] = value
        return f":{name}"

    def compile(self, query: Query) -> Plan:
        included: list[str] = []
        excluded: list[str] = []
        for clause in query.clauses:
            self._clause(clause, included, excluded)
        self.plan.main = all_of(included, excluded)
        if self.plan.main is None:
            self.plan.predicates += [f"NOT {self.text_predicate(e)}" for e in excluded]
        positives = [i for i in query.items if isinstance(i, Term) and not i.negated]
        self.plan.phrases = [p for term in positives for p in term_phrases(term)]
        return self.plan

    def _clause(self, clause: Clause, included: list[str], excluded: list[str]) -> None:
        items = [i for i in clause.items if not (isinstance(i, Term) and not term_expression(i))]
        if not items:
            return
        if all(isinstance(i, Term) and not i.negated for i in items):
            included.append(any_of([term_expression(i) for i in items]))  # type: ignore[misc]
        elif len(items) == 1 and isinstance(items[0], Term):
            excluded.append(term_expression(items[0]))  # type: ignore[arg-type]
        else:
            self.plan.predicates.append("(" + " OR ".join(self.item(i) for i in items) + ")")

    def item(self, item: Item) -> str:
        if isinstance(item, Term):
            sql = self.text_predicate(term_expression(item))  # type: ignore[arg-type]
        else:
            sql = self.condition(resolved(item))
        return f"NOT {sql}" if item.negated else sql

    def text_predicate(self, expression: str) -> str:
        return (f"{{doc}} IN (SELECT rowid FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH {self.param(expression)})")

    def condition(self, condition: Condition) -> str:
        return "(" + " OR ".join(self.test(t) for t in condition.tests) + ")"

    def test(self, test: CodeTest | NumberTest | ColumnTest) -> str:
        if isinstance(test, CodeTest):
            return self._codes(test)
        if isinstance(test, NumberTest):
            return self._numbers(test)
        return self._column(test)

    def _codes(self, test: CodeTest) -> str:
        values = [f"k.value IN ({', '.join(self.param(v) for v in test.exact)})"] if test.exact \
            else []
        values += [f"(k.value >= {self.param(p)} AND k.value < {self.param(p + TOP)})"
                   for p in test.prefix]
        where = f"k.facet = {self.param(test.facet)} AND ({' OR '.join(values)})"
        return f"{{doc}} IN ({docs_where('case_codes', where)})"

    def _numbers(self, test: NumberTest) -> str:
        facet = (f"k.facet >= {self.param(test.facet)} AND k.facet < "
                 f"{self.param(test.facet + TOP)}" if test.facet_prefix
                 else f"k.facet = {self.param(test.facet)}")
        bounds = self._range("k.value", test.range)
        where = f"{facet} AND {bounds}" if bounds else facet
        return f"{{doc}} IN ({docs_where('case_numbers', where)})"

    def _range(self, column: str, rng: NumRange) -> str:
        parts = []
        if rng.low is not None:
            parts.append(f"{column} {'>' if rng.low_open else '>='} {self.param(rng.low)}")
        if rng.high is not None:
            parts.append(f"{column} {'<' if rng.high_open else '<='} {self.param(rng.high)}")
        return " AND ".join(parts)

    def _column(self, test: ColumnTest) -> str:
        if test.column == "status":
            parts = [f"k.status IN ({', '.join(self.param(v) for v in test.exact)})"]
        else:
            low, high = iso_bounds(test.range or NumRange())
            parts = ["k.trashed_at IS NULL"]
            parts += [f"k.updated_at >= {self.param(low)}"] if low else []
            parts += [f"k.updated_at < {self.param(high)}"] if high else []
        return f"{{doc}} IN ({docs_where('cases', ' AND '.join(parts))})"


def resolved(item: Filter) -> Condition:
    """The filter's condition; a programmatic filter with a bad value is a QueryError."""
    try:
        return resolve_filter(item)
    except FilterValueError as exc:
        raise QueryError(str(exc), item.position) from None


def compile_query(query: Query) -> Plan:
    return _Compiler().compile(query)
