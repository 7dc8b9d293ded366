"""The full-text index: an FTS5 table plus the case id <-> FTS row map, kept current in the
save transaction through ``register_writer``, and the whole-index rebuild.

``search_docs(doc_id, case_id)`` gives every case a stable integer row id in ``search_fts``,
so a save replaces its FTS row by rowid (no scan) and queries join back to ``cases``. The FTS
row holds the case's text columns (``documents``) and its facet words (``facet_tokens``), built
from the same index rows the store writes to ``case_codes``/``case_numbers``.
"""

from __future__ import annotations

from sqlalchemy import (
    Connection,
    bindparam,
    select,
    text,
)

from core.model import Case
from core.model.facets import facets_digest
from core.search.derived import ClinicalValues, clinical_values
from core.search.documents import COLUMNS, case_text
from core.search.facet_tokens import row_words
from core.search.facets import add_search_facets
from core.store.engine import plain
from core.store.indexing import IndexRows, chunks
from core.store.tables import app_meta

INDEX_REVISION = 13  # bump when hand code changes the index rows or the full-text row of a
# case (a facet of core.search.facets added or renamed, other words indexed); 2: soft hyphens
# removed from the indexed text (text.clean); 3: and from the codes (IndexRows.code); 4: the
# best response is of overall scopes only (a CNS-scoped CR is not an overall CR); 5: the
# responses' scopes (response_scope: the Summary's "CNS only"); 6: no mut: of a test that
# detected nothing (its variants were looked for, not found); 7: age: from the birth date
# when no age is typed; 8: a route's name in the text (IT: "Intrathecal use"); 9: an
# adverse event's abbreviation (CRS) or what it stands for in the text; 10: dx: of a CML's
# phase as the case list shows it ("cml, blast phase"); 11: the patient's country and
# subdivision by name in the text (CN: "China", DE-BY: "Bavaria"); 12: mrd: of a detected MRD
# whose value is pending is positive_level_pending (was positive_not_quantifiable); 13: mrd: of
# a detected MRD with no value for another reason is positive_level_not_reported, and a row
# with no result and no value is negative only with a limit of detection and no reason
INDEX_VERSION = f"{INDEX_REVISION}.{facets_digest()}"  # with the model's facet declarations:
# opening a folder built with another version rebuilds its index (with progress), and no
# migration is needed, whether hand code or a field's facet changed
INDEX_VERSION_KEY = "index_version"  # its row in app_meta, written with every full rebuild

FTS_TABLE = "search_fts"
DOCS_TABLE = "search_docs"
TOKENIZER = "unicode61 remove_diacritics 2"
FTS_COLUMNS = (*COLUMNS, "facets")  # the text columns, then the facet words
CREATE_TABLES = (
    f"CREATE TABLE {DOCS_TABLE} (doc_id INTEGER PRIMARY KEY, case_id TEXT NOT NULL UNIQUE)",
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(FTS_COLUMNS)}, "
    f"tokenize = '{TOKENIZER}', prefix = '2 3')",
)
DROP_TABLES = (f"DROP TABLE IF EXISTS {FTS_TABLE}", f"DROP TABLE IF EXISTS {DOCS_TABLE}")
INDEXES = {  # on the store's tables: sorted pages and cohort counts read the index alone
    "ix_cases_day0": "cases (trashed_at, day0)",  # with ix_cases_updated/title_order (+ rowid)
    "ix_case_codes_search": "case_codes (facet, value, case_id)",
    "ix_case_numbers_search": "case_numbers (facet, value, case_id)",
}
CREATE_STATEMENTS = (*CREATE_TABLES, *(f"CREATE INDEX {n} ON {on}" for n, on in INDEXES.items()))
DROP_STATEMENTS = (*DROP_TABLES, *(f"DROP INDEX IF EXISTS {n}" for n in INDEXES))
CHUNK = 500


class _ValuesCache:
    """Clinical values of the cases being saved, computed once for their facets (indexer)
    and their text (writer, which then drops them)."""

    def __init__(self, size: int = CHUNK * 2):
        self.size = size
        self.items: dict[int, tuple[Case, ClinicalValues]] = {}

    def get(self, case: Case) -> ClinicalValues:
        hit = self.items.get(id(case))
        if hit is not None and hit[0] is case:
            return hit[1]
        values = clinical_values(case)
        if len(self.items) >= self.size:
            self.items.pop(next(iter(self.items)))
        self.items[id(case)] = (case, values)
        return values

    def drop(self, case: Case) -> None:
        hit = self.items.get(id(case))
        if hit is not None and hit[0] is case:
            del self.items[id(case)]


_values = _ValuesCache()


def index_facets(case: Case, rows: IndexRows) -> None:
    """The indexer registered with the store (facet rows)."""
    add_search_facets(case, rows, _values.get(case))


def write_documents(conn: Connection, built: list[tuple[Case, IndexRows]]) -> None:
    """The writer registered with the store: (re)write the FTS rows of these cases, given with
    the index rows the store just built for them. A case keeps its row id, and a row equal to
    the stored one is left as it is (a save that changes no text writes no FTS row)."""
    latest = {case.case_id: (case, rows) for case, rows in built}
    doc_ids, stored = _stored_rows(conn, list(latest))
    made = {case_id: _fts_row(doc_ids.get(case_id, 0), case, index_rows)
            for case_id, (case, index_rows) in latest.items()}
    changed = {case_id: row for case_id, row in made.items()
               if stored.get(doc_ids.get(case_id, 0)) != row}
    _delete_fts(conn, [doc_ids[c] for c in changed if doc_ids.get(c) in stored])
    fresh = [case_id for case_id in changed if case_id not in doc_ids]
    if fresh:
        start = conn.execute(text(f"SELECT coalesce(max(doc_id), 0) FROM {DOCS_TABLE}")
                             ).scalar_one() + 1
        new = {case_id: start + i for i, case_id in enumerate(fresh)}
        plain(conn, f"INSERT INTO {DOCS_TABLE} (doc_id, case_id) VALUES (?, ?)",
              [(d, c) for c, d in new.items()], many=True)
        for case_id, doc_id in new.items():
            changed[case_id]["rowid"] = doc_id
    if changed:
        names = ("rowid", *FTS_COLUMNS)  # plain SQL: no parameter processing per row
        plain(conn, f"INSERT INTO {FTS_TABLE} ({', '.join(names)}) "
              f"VALUES ({', '.join('?' * len(names))})",
              [tuple(row[n] for n in names) for row in changed.values()], many=True)


def _fts_row(doc_id: int, case: Case, index_rows: IndexRows) -> dict[str, object]:
    """The case's text columns and its facet words (from every indexer's rows)."""
    text = case_text(case, _values.get(case), index_rows.doc)
    row = {"rowid": doc_id, **text.columns(), "facets": row_words(index_rows)}
    _values.drop(case)
    return row


def _stored_rows(conn: Connection,
                 ids: list[str]) -> tuple[dict[str, int], dict[int, dict[str, object]]]:
    """The FTS row ids of the cases ``ids`` that have one, and the FTS rows stored under them
    (as ``_fts_row`` makes them), in one plain query: nothing to compile per save."""
    doc_ids: dict[str, int] = {}
    found: dict[int, dict[str, object]] = {}
    columns = ", ".join(f"f.{name}" for name in FTS_COLUMNS)
    for chunk in chunks(ids):
        marks = ", ".join("?" * len(chunk))
        for case_id, doc_id, present, *values in plain(
                conn, f"SELECT d.case_id, d.doc_id, f.rowid, {columns} FROM {DOCS_TABLE} d "
                f"LEFT JOIN {FTS_TABLE} f ON f.rowid = d.doc_id WHERE d.case_id IN ({marks})",
                tuple(chunk)):
            doc_ids[case_id] = doc_id
            if present is not None:
                found[doc_id] = {"rowid": doc_id, **dict(zip(FTS_COLUMNS, values, strict=True))}
    return doc_ids, found


def remove_documents(conn: Connection, ids: list[str]) -> None:
    """The remover registered with the store."""
    doc_ids = _doc_ids(conn, ids)
    _delete_fts(conn, list(doc_ids.values()))
    for chunk in chunks(list(doc_ids.values())):
        conn.execute(text(f"DELETE FROM {DOCS_TABLE} WHERE doc_id IN :ids")
                     .bindparams(bindparam("ids", expanding=True)), {"ids": chunk})


def _doc_ids(conn: Connection, ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    query = text(f"SELECT case_id, doc_id FROM {DOCS_TABLE} WHERE case_id IN :ids").bindparams(
        bindparam("ids", expanding=True))
    for chunk in chunks(ids):
        found |= {case_id: doc_id for case_id, doc_id in conn.execute(query, {"ids": chunk})}
    return found


def _delete_fts(conn: Connection, doc_ids: list[int]) -> None:
    query = text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN :ids").bindparams(
        bindparam("ids", expanding=True))
    for chunk in chunks(doc_ids):
        conn.execute(query, {"ids": chunk})


def index_version(conn: Connection) -> str | None:
    """The index version the folder's index was built with; None when unknown (built before
    index versions, or cleared by a migration so that the app rebuilds it)."""
    stored = conn.execute(select(app_meta.c.value)
                          .where(app_meta.c.key == INDEX_VERSION_KEY)).scalar()
    return str(stored) if stored is not None else None
