"""The baseline without any index: read every stored JSON document, build its text and facets
in Python and match the query there. Used by the benchmark (index vs scan) and by tests as an
oracle: for the same query it must find exactly what the index finds.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from core.model import Case
from core.search.compile import resolved
from core.search.derived import clinical_values
from core.search.documents import case_text
from core.search.facets import add_search_facets
from core.search.filters import CodeTest, ColumnTest, NumberTest
from core.search.match import Phrase, term_phrases
from core.search.query import Item, Query, Term
from core.search.ranges import read_date
from core.search.text import tokens
from core.store.indexing import IndexRows, basic_facets
from core.store.tables import cases


@dataclass(frozen=True)
class ScannedCase:
    case_id: str
    status: str
    updated_at: str
    columns: dict[str, list[str]]
    codes: frozenset[tuple[str, str]]
    numbers: tuple[tuple[str, float], ...]


def scan_case(case_id: str, status: str, updated_at: str, document: str) -> ScannedCase:
    case = Case.model_validate_json(document)
    values = clinical_values(case)
    rows = IndexRows()
    basic_facets(case, rows)
    add_search_facets(case, rows, values)
    columns = {name: tokens(value) for name, value in case_text(case, values).columns().items()}
    return ScannedCase(case_id, status, updated_at, columns, frozenset(rows.codes),
                       tuple((f, v) for f, v, _unit in rows.numbers))


def naive_scan(conn: Connection, query: Query) -> list[str]:
    """Ids of the non-trashed cases matching ``query``, newest change first."""
    rows = conn.execute(select(cases.c.id, cases.c.status, cases.c.updated_at, cases.c.document)
                        .where(cases.c.trashed_at.is_(None))
                        .order_by(cases.c.updated_at.desc(), cases.c.id.desc()))
    return [row.id for row in rows if matches(query, scan_case(*row))]


def matches(query: Query, case: ScannedCase) -> bool:
    return all(any(_item(item, case) for item in clause.items if _counts(item))
               or not any(_counts(item) for item in clause.items)
               for clause in query.clauses)


def _counts(item: Item) -> bool:
    return not isinstance(item, Term) or bool(term_phrases(item))


def _item(item: Item, case: ScannedCase) -> bool:
    if isinstance(item, Term):
        found = all(_phrase(p, case) for p in term_phrases(item))
    else:
        found = any(_test(t, case) for t in resolved(item).tests)
    return found != item.negated


def _phrase(phrase: Phrase, case: ScannedCase) -> bool:
    columns = [case.columns["cjk"]] if phrase.cjk else case.columns.values()
    return any(_in_sequence(form, words) for form in phrase.forms() for words in columns)


def _in_sequence(phrase: Phrase, words: list[str]) -> bool:
    n = len(phrase.words)
    for start in range(len(words) - n + 1):
        window = words[start:start + n]
        if window[:-1] == list(phrase.words[:-1]) and _last_word(phrase, window[-1]):
            return True
    return False


def _last_word(phrase: Phrase, word: str) -> bool:
    last = phrase.words[-1]
    return word.startswith(last) if phrase.prefix else word == last


def _test(test: CodeTest | NumberTest | ColumnTest, case: ScannedCase) -> bool:
    if isinstance(test, CodeTest):
        return any(f == test.facet and test.matches(v) for f, v in case.codes)
    if isinstance(test, NumberTest):
        return any(test.facet_matches(f) and test.range.contains(v) for f, v in case.numbers)
    return test.range is None or test.range.contains(read_date(case.updated_at[:10])[0])
