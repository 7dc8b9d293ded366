"""A filter whose value no case holds (``drug:blina``): a message naming the filter and the
stored values it is the start of, or close to ("Did you mean drug:blinatumomab?").

Filters take whole values (``drug:blina`` is not a prefix, unlike the word ``blina*``), so a
part of a name finds nothing; without a word the user may conclude no case has the drug.
Only asked when a search finds no case. Every lookup walks the ordered index
``ix_case_codes_search`` (facet, value, case_id) one distinct value at a time: a seek each,
never a scan of the cases holding a value, so a few milliseconds at 100 000 cases.
"""

from __future__ import annotations

import re
from functools import cache

from sqlalchemy import Connection, text

from core.model.vocab import vocabulary
from core.search.facets import ae_key
from core.search.filters import (
    CodeTest,
    FilterValueError,
    canonical_field,
    resolve,
    rule_range_note,
)
from core.search.grade_hint import GRADE_WORDS
from core.search.query import Filter, Query
from core.search.suggest import CUTOFF  # the words' "Did you mean" closeness
from core.search.text import fold, tokens

SHOWN = 5  # values named in one hint
SCANNED = 200  # distinct values of a facet read for a near match (vocabulary-sized facets)
NOUNS = {"dx": "diagnosis", "drug": "drug", "mut": "mutation", "ae": "adverse event",
         "mrd": "MRD result", "response": "response", "cns": "CNS status",
         "cnsdx": "CNS status at diagnosis"}
_FIRST = text("SELECT value FROM case_codes WHERE facet = :facet AND value >= :start "
              "ORDER BY facet, value LIMIT 1")
_NEXT = text("SELECT value FROM case_codes WHERE facet = :facet AND value > :after "
             "ORDER BY facet, value LIMIT 1")
_ANY = text("SELECT 1 FROM case_codes WHERE facet = :facet AND value >= :low "
            "AND value < :high LIMIT 1")


def _values(conn: Connection, facet: str, start: str, limit: int) -> list[str]:
    """Up to ``limit`` distinct stored values of ``facet`` from ``start`` on, in order (an
    index seek per value)."""
    found: list[str] = []
    value = conn.execute(_FIRST, {"facet": facet, "start": start}).scalar()
    while value is not None and len(found) < limit:
        found.append(value)
        value = conn.execute(_NEXT, {"facet": facet, "after": value}).scalar()
    return found


def _holds(conn: Connection, test: CodeTest) -> bool:
    """Whether any case holds a value the test accepts."""
    ranges = [(v, v + "\x00") for v in test.exact] + [(p, p + "\uffff") for p in test.prefix]
    return any(conn.execute(_ANY, {"facet": test.facet, "low": low, "high": high}).first()
               for low, high in ranges)


def _related_terms(conn: Connection, facets: list[str], key: str) -> list[str]:
    """Stored adverse-event terms that CTCAE names otherwise than ``key``: neutropenia is
    Neutrophil count decreased (its ``related`` words in the vocabulary), a term a search by
    the word's start or likeness never offers (it offered febrile neutropenia only)."""
    if "ae" not in facets:
        return []
    found = [ae_key(e.code) for e in vocabulary("ctcae")
             if key in (ae_key(w) for w in e.get("related") or ())]
    return [t for t in found if _holds(conn, CodeTest("ae", exact=(t,)))]


def _close_values(conn: Connection, facets: list[str], key: str) -> list[str]:
    """Stored values that CTCAE names for ``key`` (``_related_terms``), that start with it,
    then values with a word starting with it or close to it (rapidfuzz), at most ``SHOWN``."""
    out: list[str] = []
    for facet in facets:
        out += [v for v in _values(conn, facet, key, SHOWN) if v.startswith(key)]
    if not out and len(key) >= 3:
        from rapidfuzz import fuzz  # only for a filter that matched nothing

        for facet in facets:
            for value in _values(conn, facet, "", SCANNED):
                words = tokens(value)
                if any(w.startswith(key) for w in words) or fuzz.ratio(key, value) >= CUTOFF \
                        or any(fuzz.ratio(key, w) >= CUTOFF for w in words if len(w) >= 4):
                    out.append(value)
    return list(dict.fromkeys(_related_terms(conn, facets, key) + out))[:SHOWN]


def _hint(conn: Connection, item: Filter) -> tuple[str, str | None] | None:
    """(message, the first filter suggested, as text) for a filter no stored value
    satisfies, else None."""
    field = canonical_field(item.field)
    wildcard = item.value.strip().endswith("*")
    value = item.value.strip().rstrip("*").strip()
    if field is None or not value:
        return None
    outside = rule_range_note(field, value)  # age:>120: ages at Day 0 are 0 to 120 years
    if outside is not None:
        return f"{item.field}:{item.value} matches no case: {outside}", None
    try:
        tests = [t for t in resolve(Filter(field, value, item.range)).tests
                 if isinstance(t, CodeTest)]
    except FilterValueError:
        return None
    if not any(_holds(conn, t) for t in tests):
        misread = _misread(item, field, value)
        if misread is not None:
            return misread
    if not tests or (not wildcard and any(_holds(conn, t) for t in tests)):
        return None
    close = _close_values(conn, list(dict.fromkeys(t.facet for t in tests)), fold(value))
    shown = [Filter(field, v).to_text() for v in close]  # distinct, at most SHOWN
    typed = Filter(item.field, item.value).to_text()  # quoted as typed: dx:"CML, blast phase"
    noun = NOUNS.get(field, f"{field} value")
    message = (f"{typed} takes whole values, not a prefix with *" if wildcard
               else f"{typed} matches no {noun} in this casebook")
    if shown:
        message += ". Did you mean " + " or ".join(shown) + "?"
    else:
        words = " ".join(tokens(value)) or fold(value)  # a query: "cml, blast phase*" was none
        message += (f"; filters take whole values (for part of a word, search {words}* "
                    f"without {item.field}:).")
    return message, (shown[0] if shown else None)


_GRADE = re.compile(r"(?:grade|gr|g) ?([1-5])")  # ae:grade3, ae:G3, ae:"grade 3"


def _misread(item: Filter, field: str, value: str) -> tuple[str, str] | None:
    """(message, the query to search instead) for a filter value that is another kind of
    value than the filter takes: a grade as ae:'s term (ae:grade3: the grade is a range,
    ae:>=3), a route as a drug (drug:IT: the route is a word of the text), else None."""
    typed = Filter(item.field, item.value, item.range).to_text()
    key = " ".join(fold(value).split())
    if field == "ae":
        found = _GRADE.fullmatch(key)
        if found is not None:
            grade = found.group(1)
            return (f"{typed} matches no adverse event: a grade goes after the term (or after "
                    f"ae: for any event) as a range. Did you mean ae:>={grade} (any adverse "
                    f"event of grade {grade} or more) or ae:={grade} (grade {grade} only)?",
                    f"ae:>={grade}")
        if key in GRADE_WORDS and item.range:
            return (f"{typed} matches no adverse event: a grade goes after the term (or after "
                    f"ae: for any event). Did you mean ae:{item.range}?", f"ae:{item.range}")
    if field == "drug":
        route = _routes().get(key)
        if route is not None:
            code, name = route
            words = f'"{" ".join(tokens(name))}"'
            return (f"{typed} matches no drug: {code} is a route ({name}); drug: takes a drug "
                    f"name or ATC code (drug:methotrexate, drug:L01BA01). Did you mean "
                    f"{words} (the route's name in the text)?", words)
    return None


@cache
def _routes() -> dict[str, tuple[str, str]]:
    """A route's code, name, and name without "use" (folded) -> (code, name): IT,
    "intrathecal use" and "intrathecal" are IT (Intrathecal use)."""
    found: dict[str, tuple[str, str]] = {}
    for entry in vocabulary("route"):
        name = fold(entry.label)
        for key in (fold(entry.code), name, name.removesuffix(" use")):
            found.setdefault(key, (entry.code, entry.label))
    return found


def filter_hints(conn: Connection, query: Query, typed: str) -> tuple[list[str], str | None]:
    """For a search that found nothing: a message for each filter whose value matches no
    stored value, and ``typed`` with those filters replaced by their first close value (None
    when there is none)."""
    messages: list[str] = []
    fixed = typed
    for item in query.items:
        if not isinstance(item, Filter) or item.negated:
            continue
        found = _hint(conn, item)
        if found is None:
            continue
        message, better = found
        messages.append(message)
        if better is not None:
            pattern = rf'(?<![\w-]){re.escape(item.field)}:("[^"]*"|\S+)'
            fixed = re.sub(pattern, better.replace("\\", "\\\\"), fixed, count=1,
                           flags=re.IGNORECASE)
    return messages, (fixed if fixed != typed else None)
