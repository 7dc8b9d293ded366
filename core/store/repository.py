"""Case documents in SQL: insert, update with optimistic locking, page, trash. No commits here:
the service owns the transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    RowMapping,
    Select,
    and_,
    func,
    literal_column,
    or_,
    select,
)

from core.errors import ConflictError, DamagedCase, NotFound
from core.model import Case
from core.model.lines import one_line_copy, texts_as_stored
from core.store.content import document_digest, index_values
from core.store.engine import plain
from core.store.id_order import case_id_key
from core.store.summaries import OWN_INDEX_SORTS
from core.store.summaries import SORT_COLUMNS as SORT_COLUMN_NAMES
from core.store.tables import cases
from core.store.title_order import title_order_key

ROWID: ColumnClause[int] = literal_column("cases.rowid")
SORT_COLUMNS = {sort: cases.c[name] for sort, name in SORT_COLUMN_NAMES.items()}
PageKey = tuple[str, str | None, int]  # (sort, sort value, rowid) of the row a page follows


def stored_values(case: Case, doc: dict[str, object] | None = None) -> dict[str, object]:
    """The document and the summary columns of a case's row (serialised once; the columns
    derive from the JSON form, as verification re-derives them). ``doc``:
    ``case.to_json_dict()`` when the caller has it already."""
    doc = case.to_json_dict() if doc is None else doc
    document = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return {**index_values(doc, document), "document": document}


def _ordered(values: dict[str, object]) -> dict[str, object]:
    """``stored_values`` and the Title sort's key, kept with the title it is made from (not
    in ``stored_values``: tests write rows of older schemas with it)."""
    return {**values, "title_order": title_order_key(str(values["title"]))}


def insert_cases(conn: Connection, items: list[Case], now: str,
                 docs: dict[str, dict[str, object]] | None = None,
                 texts: dict[str, str] | None = None) -> dict[str, str]:
    """Insert new rows; return each case's document hash (to be chained in the audit trail).
    ``docs``: the JSON forms of the cases by id, when the caller has them; ``texts``: given,
    it receives the document text stored for each case, by id."""
    docs = docs or {}
    rows = [{"id": c.case_id, "id_key": case_id_key(c.case_id), "version": c.version,
             "created_at": now, "updated_at": now, **_ordered(stored_values(c, docs.get(c.case_id)))}
            for c in items]
    if rows:  # plain SQL: no compiling nor parameter processing per row
        names = tuple(rows[0])
        plain(conn, f"INSERT INTO cases ({', '.join(names)}) "
              f"VALUES ({', '.join('?' * len(names))})",
              [tuple(r[n] for n in names) for r in rows], many=True)
    if texts is not None:
        texts.update((str(r["id"]), str(r["document"])) for r in rows)
    return {str(r["id"]): document_digest(str(r["document"])) for r in rows}


def update_case(conn: Connection, case: Case, expected_version: int, now: str,
                doc: dict[str, object] | None = None, *,
                values: dict[str, object] | None = None, digest: str | None = None) -> str:
    """Store ``case`` (already at expected_version + 1) if the stored version is expected;
    return its document hash (to be chained in the audit trail). ``doc``:
    ``case.to_json_dict()``, or ``values``: ``stored_values(case)``, when the caller has it;
    ``digest``: the hash of ``values``' document, when the caller has taken it."""
    values = _ordered(stored_values(case, doc) if values is None else values)
    columns = ("version", "updated_at", *values)  # plain SQL: nothing to compile per save
    result = plain(
        conn, f"UPDATE cases SET {', '.join(f'{c} = :{c}' for c in columns)} "
        "WHERE id = :id AND version = :expected",
        {**values, "version": case.version, "updated_at": now, "id": case.case_id,
         "expected": expected_version})
    if result.rowcount != 1:
        actual = stored_version(conn, case.case_id)
        raise ConflictError(case.case_id, expected_version, actual)
    return digest or document_digest(str(values["document"]))


def stored_version(conn: Connection, case_id: str) -> int:
    version = conn.execute(select(cases.c.version).where(cases.c.id == case_id)).scalar()
    if version is None:
        raise NotFound(f"There is no case {case_id}.")
    return int(version)


@dataclass(frozen=True)
class StoredRow:
    """A case's row as stored: its document text and the version and status columns."""

    case_id: str
    document: str
    version: int
    status: str

    def case(self) -> Case:
        case = self._validated()
        return case.model_copy(update={"version": self.version, "status": self.status})

    def stored_form(self) -> tuple[Case, dict[str, object]]:
        """The case as it opens (as ``case()``) and the JSON form of the case as stored: an
        older text holding a tab or a line break in a single-line field is there as stored,
        so the next save's audit entries show it made one line (``core.model.lines``)."""
        with texts_as_stored():
            stored = self._validated()
        stored = stored.model_copy(update={"version": self.version, "status": self.status})
        return one_line_copy(stored), stored.to_json_dict()


    def _validated(self) -> Case:
        """The stored document as a case; DamagedCase, naming the fields in words, when the
        model cannot read it (pydantic's own lines are for no one)."""
        try:
            return Case.model_validate_json(self.document)
        except ValidationError as exc:
            from core.model.model_errors import error_lines

            damaged = any(e["type"] == "json_invalid" for e in exc.errors())
            raise DamagedCase(self.case_id, ["its text is not valid JSON"] if damaged
                              else error_lines(exc, value_word="stored")) from exc


class LastStored:
    """The JSON form of the documents a case service stored last, by case: the next save of a
    case diffs against it instead of parsing the stored document again. Used only while the
    stored text is exactly the text kept with it (any other writer's change shows there)."""

    SIZE = 8

    def __init__(self) -> None:
        self._items: dict[str, tuple[str, dict[str, object]]] = {}

    def keep(self, case_id: str, document: str, doc: dict[str, object]) -> None:
        self._items.pop(case_id, None)
        if len(self._items) >= self.SIZE:
            self._items.pop(next(iter(self._items)))
        self._items[case_id] = (document, doc)

    def doc(self, row: StoredRow) -> dict[str, object]:
        """The JSON form of the stored case ``row`` (its version and status from the row)."""
        kept = self._items.get(row.case_id)
        if kept is not None and kept[0] == row.document:
            return kept[1]
        return row.stored_form()[1]


def load_row(conn: Connection, case_id: str) -> StoredRow:
    row = plain(conn, "SELECT document, version, status FROM cases WHERE id = ?",
                (case_id,)).fetchone()
    if row is None:
        raise NotFound(f"There is no case {case_id}.")
    return StoredRow(case_id, *row)


def load_case(conn: Connection, case_id: str) -> Case:
    return load_row(conn, case_id).case()


def load_documents(conn: Connection, ids: Sequence[str]) -> list[tuple[str, str]]:
    """The stored document text of each of ``ids`` (in that order, once each), 500 ids a
    query; NotFound (as ``load_row``) for the first id not stored."""
    unique = list(dict.fromkeys(ids))
    found: dict[str, str] = {}
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        found.update(conn.execute(select(cases.c.id, cases.c.document)
                                  .where(cases.c.id.in_(chunk))).all())
    missing = next((case_id for case_id in unique if case_id not in found), None)
    if missing is not None:
        raise NotFound(f"There is no case {missing}.")
    return [(case_id, found[case_id]) for case_id in unique]


def existing_ids(conn: Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found |= set(conn.execute(select(cases.c.id).where(cases.c.id.in_(chunk))).scalars())
    return found


def _filtered(stmt: Select[Any], text: str, trashed: bool, ids: tuple[str, ...] | None,
              sort: str | None = None) -> Select[Any]:
    if trashed:
        stmt = stmt.where(cases.c.trashed_at.is_not(None))
    elif sort in OWN_INDEX_SORTS:  # "+": not an index term, so the sort's own index is read
        stmt = stmt.where(literal_column("+cases.trashed_at").is_(None))
    else:
        stmt = stmt.where(cases.c.trashed_at.is_(None))
    if ids is not None:
        stmt = stmt.where(cases.c.id.in_(ids))
    text = text.strip()
    if text:
        like = f"%{text.casefold()}%"
        stmt = stmt.where(or_(cases.c.title_key.like(like), func.lower(cases.c.id).like(like),
                              func.lower(cases.c.main_dx).like(like)))
    return stmt


def list_rows(conn: Connection, columns: tuple[str, ...], *, sort: str, descending: bool,
              limit: int, offset: int = 0, after: PageKey | None = None, text: str = "",
              trashed: bool = False, ids: tuple[str, ...] | None = None) -> list[RowMapping]:
    """A page of case rows (``columns``, ``case_id`` for ``id``, plus ``sort_value`` and
    ``row_id``: the key the next page starts after), ordered by the sort column, ties by rowid
    (which every index holds, so SQLite reads the page from the index without sorting).

    ``after`` (keyset paging): the page starts right after that row, so a page deep in the
    list costs what the first does; ``offset`` walks every row before it. The rows after a key
    are read as runs, each one index range in order: the rest of the key's tie group (same
    value, later rowid), the values beyond it, and the NULLs (SQLite sorts them first
    ascending, last descending); a page goes on into the next run when one runs out."""
    column = SORT_COLUMNS[sort]
    fields = [cases.c.id.label("case_id") if n == "case_id" else cases.c[n] for n in columns]
    base = _filtered(select(*fields, column.label("sort_value"), ROWID.label("row_id")),
                     text, trashed, ids, sort)
    order = [column.desc(), ROWID.desc()] if descending else [column.asc(), ROWID.asc()]
    if after is None:  # the first page, or an OFFSET jump: one query over both runs
        return list(conn.execute(base.order_by(*order).offset(offset).limit(limit)).mappings())
    key_sort, value, rowid = after
    if key_sort != sort:
        raise ValueError(f"A page key of the {key_sort!r} sort cannot page the {sort!r} sort.")

    def beyond(a: Any, b: Any) -> ColumnElement[bool]:
        test: ColumnElement[bool] = a < b if descending else a > b
        return test

    if value is None:
        runs = [and_(column.is_(None), beyond(ROWID, rowid))]
        if not descending:
            runs.append(column.is_not(None))
    else:
        runs = [and_(column == value, beyond(ROWID, rowid)), beyond(column, value)]
        if descending and column.nullable:
            runs.append(column.is_(None))
    rows: list[RowMapping] = []
    for run in runs:
        stmt = base.where(run).order_by(*order).limit(limit - len(rows))
        rows += conn.execute(stmt).mappings()
        if len(rows) >= limit:
            break
    return rows


def count_rows(conn: Connection, *, text: str = "", trashed: bool = False,
               ids: tuple[str, ...] | None = None) -> int:
    stmt = _filtered(select(func.count()).select_from(cases), text, trashed, ids)
    return int(conn.execute(stmt).scalar() or 0)


def set_trashed(conn: Connection, case_id: str, when: str | None, now: str) -> None:
    """Plain SQL: a move of 1,000 cases compiled 1,000 UPDATEs (0.7 s of the write lock)."""
    result = plain(conn, "UPDATE cases SET trashed_at = ?, updated_at = ? WHERE id = ?",
                   (when, now, case_id))
    if result.rowcount != 1:
        raise NotFound(f"There is no case {case_id}.")


def provenances(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(cases.c.provenance, func.count()).group_by(cases.c.provenance))
    return {p: n for p, n in rows}
