"""The structured form of a search: what the search box parses to and a filter panel builds.

A ``Query`` is clauses joined by AND; a ``Clause`` is items joined by OR; an item is a
``Term`` (a word, "a phrase", a prefix*) or a ``Filter`` (``dx:C91.0``, ``ae:crs>=2``); any
item may be negated (``-dasatinib``). ``Query.to_text()`` writes the text the parser reads
back to an equal query, so a panel and the search box stay in step.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from core.errors import CasebookError

KEYWORDS = frozenset({"OR", "AND", "NOT"})
_NEEDS_QUOTES = re.compile(r'[\s"]|^-|^\*|\*$|^[A-Za-z][A-Za-z0-9_]*:')


class QueryError(CasebookError):
    """A malformed query: ``message`` says what is wrong, ``position`` where (0-based)."""

    def __init__(self, message: str, position: int | None = None, length: int = 1,
                 query: str | None = None):
        self.message = message
        self.position = position
        self.length = max(1, length)
        self.query = query
        super().__init__(self.caret_text())

    def caret_text(self) -> str:
        """The message under the query with carets at the bad part, for a terminal."""
        if self.query is None or self.position is None:
            return self.message
        pointer = " " * self.position + "^" * self.length
        return f"{self.query}\n{pointer}\n{self.message}"


@dataclass(frozen=True)
class Term:
    """Text to find: ``phrase`` (typed in quotes) keeps its words together; ``prefix`` (a
    trailing ``*``) matches words that start with the last word."""

    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False
    position: int | None = field(default=None, compare=False)

    def to_text(self) -> str:
        text = self.text.replace('"', " ")
        quoted = self.phrase or not text or text in KEYWORDS or _NEEDS_QUOTES.search(text)
        body = f'"{text}"' if quoted else text
        return ("-" if self.negated else "") + body + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Filter:
    """A structured condition: ``field`` is a filter name (``dx``, ``age``...), ``value`` what
    was typed after the colon (``C91.0``, ``18..40``); ``range`` only for ``ae``, the grade
    (``>=2``)."""

    field: str
    value: str
    range: str | None = None
    negated: bool = False
    # dataclasses.field: the name ``field`` above is this class's attribute
    position: int | None = dataclasses.field(default=None, compare=False)

    def to_text(self) -> str:
        value = self.value.replace('"', " ")
        operator_in_term = self.field == "ae" and re.search(r"[<>=]", value)
        if not value or re.search(r"\s", value) or operator_in_term:
            value = f'"{value}"'
        return f"{'-' if self.negated else ''}{self.field}:{value}{self.range or ''}"


Item = Term | Filter


@dataclass(frozen=True)
class Clause:
    """Items joined by OR (one item is the common case)."""

    items: tuple[Item, ...]

    def to_text(self) -> str:
        return " OR ".join(item.to_text() for item in self.items)


@dataclass(frozen=True)
class Query:
    """Clauses joined by AND. The empty query matches every case."""

    clauses: tuple[Clause, ...] = ()

    @classmethod
    def of(cls, *items: Item | Clause) -> Query:
        """``Query.of(Term("blinatumomab"), Filter("cns", "CNS3"))``: every item must match."""
        return cls(tuple(i if isinstance(i, Clause) else Clause((i,)) for i in items))

    def to_text(self) -> str:
        return " ".join(clause.to_text() for clause in self.clauses)

    @property
    def items(self) -> list[Item]:
        return [item for clause in self.clauses for item in clause.items]

    @property
    def is_empty(self) -> bool:
        return not self.clauses
