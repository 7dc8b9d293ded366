"""The case list's value types: what a page asks for (``ListQuery``) and what each row shows
(``CaseSummary``). They live here, not in ``core.store``, so the GUI imports only services
(import contract in pyproject.toml); the store reads the query's fields and returns plain rows.

Pages go by key, not OFFSET: a row's ``list_key`` (its sort value and rowid) is given back as
the next query's ``after`` and SQLite starts the page right there in the sort index, so a page
deep in 100,000 cases costs what the first one does (an OFFSET walks every row before it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from core.store import repository as repo

SortKey = Literal["updated", "title", "case_id", "day0", "status", "main_dx", "created"]


@dataclass(frozen=True)
class ListKey:
    """Where a row sits in one sort: its sort value (None sorts first ascending, last
    descending, as SQLite does) and its rowid (the tie-breaker)."""

    sort: str
    value: str | None
    rowid: int


class CaseSummary(BaseModel):
    """One row of the case list."""

    model_config = ConfigDict(frozen=True)
    case_id: str
    version: int
    status: str
    title: str
    day0: str | None
    main_dx: str | None
    provenance: str
    created_at: str
    updated_at: str
    trashed_at: str | None = None
    list_key: ListKey | None = Field(default=None, exclude=True, repr=False)


@dataclass(frozen=True)
class ListQuery:
    """A page of the case list. ``after``: the ``list_key`` of the last row of the previous
    page (the next page starts after it); ``offset`` skips rows the slow way and is only for a
    caller with no key (``after`` wins when both are given)."""

    offset: int = 0
    limit: int = 500
    sort: SortKey = "updated"
    descending: bool = True
    text: str = ""
    trashed: bool = False
    ids: tuple[str, ...] | None = None
    after: ListKey | None = None


SUMMARY_COLUMNS = tuple(n for n in CaseSummary.model_fields if n != "list_key")


def list_summaries(conn: Connection, q: ListQuery) -> list[CaseSummary]:
    after = None if q.after is None else (q.after.sort, q.after.value, q.after.rowid)
    rows = repo.list_rows(conn, SUMMARY_COLUMNS, sort=q.sort, descending=q.descending,
                          limit=q.limit, offset=q.offset, after=after,
                          text=q.text, trashed=q.trashed, ids=q.ids)
    return [CaseSummary(**{n: r[n] for n in SUMMARY_COLUMNS},
                        list_key=ListKey(q.sort, r["sort_value"], r["row_id"])) for r in rows]


def count_summaries(conn: Connection, q: ListQuery) -> int:
    return repo.count_rows(conn, text=q.text, trashed=q.trashed, ids=q.ids)
