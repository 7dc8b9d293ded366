"""A bulk-built data folder for the 1M-case bench (issue 20), written through SQLAlchemy Core.

Importing a million cases from JSON would take hours, so the folder is built in two steps:

1. **Templates**: the two reference cases and ``templates`` generated cases (core.synth) are
   imported through the store's own path (``CaseService.import_cases``): case rows, index rows
   (``case_codes``, ``case_numbers``), the full-text row and one audit entry per case.
2. **Clones**: every further case is a copy of a template under a fresh case id. The template's
   stored rows are read back once; per clone only the id changes (in the document, the FTS
   ``ids`` column and the index rows), the document hash is recomputed, and the rows go in with
   ``executemany`` in large transactions (``synchronous=OFF``: a bench-only cache). Each clone
   gets the audit entry an import writes (action ``import``, the document's hash), chained by
   the store's ``AuditTrail``, so ``casebook check`` and ``casebook audit verify`` hold.

Clones differ from their template only in the id: hit counts grow with the copies, posting
lists are as long as at N real cases, and the text vocabulary is the templates'.

    .venv/bin/python -m tests.bench.bulk_folder FOLDER N [--templates T] [--seed S]
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, event, insert, select, text

BYTES_PER_CASE = 31 * 1024  # issue 20: about 31 KB per case on disk
TEMPLATES = 2_000
CHUNK = 5_000  # clones per transaction
SOURCE = "bench-bulk"


@dataclass
class Template:
    case_id: str
    row: dict[str, object]  # the cases row (without id and document)
    document: str
    codes: list[tuple[str, str]]
    numbers: list[tuple[str, float, str | None]]
    fts: dict[str, object]  # the FTS columns


def clone_ids(count: int, taken: set[str]) -> Iterator[str]:
    """``count`` case ids in the app's form (HC- + 8 Crockford base32), none in ``taken``."""
    from core.model.case import _CROCKFORD

    made, i = 0, 0
    while made < count:
        digits, n = [], i + 32 ** 7  # a leading non-zero digit: never a short id
        for _ in range(8):
            n, r = divmod(n, 32)
            digits.append(_CROCKFORD[r])
        case_id = "HC-" + "".join(reversed(digits))
        i += 1
        if case_id not in taken:
            made += 1
            yield case_id


def read_templates(conn: Connection) -> list[Template]:
    from core.search.index import DOCS_TABLE, FTS_COLUMNS, FTS_TABLE
    from core.store.tables import case_codes, case_numbers, cases

    codes: dict[str, list[tuple[str, str]]] = {}
    for case_id, facet, value in conn.execute(select(case_codes.c.case_id, case_codes.c.facet,
                                                     case_codes.c.value)):
        codes.setdefault(case_id, []).append((facet, value))
    numbers: dict[str, list[tuple[str, float, str | None]]] = {}
    for case_id, facet, value, unit in conn.execute(select(
            case_numbers.c.case_id, case_numbers.c.facet, case_numbers.c.value,
            case_numbers.c.unit)):
        numbers.setdefault(case_id, []).append((facet, value, unit))
    columns = ", ".join(f"f.{c}" for c in FTS_COLUMNS)
    fts = {row[0]: dict(zip(FTS_COLUMNS, row[1:], strict=True)) for row in conn.execute(text(
        f"SELECT d.case_id, {columns} FROM {DOCS_TABLE} d JOIN {FTS_TABLE} f "
        "ON f.rowid = d.doc_id"))}
    out = []
    for row in conn.execute(select(cases).where(cases.c.trashed_at.is_(None))
                            .order_by(text("cases.rowid"))).mappings():
        values = {k: v for k, v in row.items() if k not in ("id", "document")}
        out.append(Template(row["id"], values, row["document"], codes.get(row["id"], []),
                            numbers.get(row["id"], []), fts[row["id"]]))
    return out


def _clone_rows(t: Template, case_id: str, now: str) -> tuple[dict, list[tuple], list[tuple],
                                                                dict, str]:
    document = t.document.replace(t.case_id, case_id)
    case_row = {**t.row, "id": case_id, "document": document, "created_at": now,
                "updated_at": now}
    codes = [(case_id, f, v) for f, v in t.codes]  # plain tuples: ~45 rows a case, and
    numbers = [(case_id, f, v, u) for f, v, u in t.numbers]  # SQLAlchemy's per-row params cost
    fts = {k: v.replace(t.case_id, case_id) if isinstance(v, str) else v
           for k, v in t.fts.items()}
    return case_row, codes, numbers, fts, document


def write_clones(cb, templates: list[Template], ids: list[str], next_doc_id: int,
                 now: str) -> int:
    """Insert one transaction of clones (case i copies template i mod len); the next doc id."""
    from core.search.index import DOCS_TABLE, FTS_COLUMNS, FTS_TABLE
    from core.store.audit import AuditEntry
    from core.store.content import creation_text, document_digest
    from core.store.tables import case_codes, case_numbers, cases

    case_rows: list[dict] = []
    code_rows: list[tuple] = []
    number_rows: list[tuple] = []
    docs, fts_rows, entries = [], [], []
    for i, case_id in enumerate(ids):
        t = templates[(next_doc_id + i) % len(templates)]
        case_row, codes, numbers, fts, document = _clone_rows(t, case_id, now)
        doc_id = next_doc_id + i
        case_rows.append(case_row)
        code_rows += codes
        number_rows += numbers
        docs.append({"d": doc_id, "c": case_id})
        fts_rows.append({"rowid": doc_id, **fts})
        entries.append(AuditEntry("import", case_id, None, None,
                                  creation_text(document_digest(document), str(t.row["title"])),
                                  SOURCE))
    names = ", ".join(FTS_COLUMNS)
    with cb.ctx.write() as (conn, audit):
        conn.execute(insert(cases), case_rows)
        if code_rows:
            conn.exec_driver_sql(f"INSERT INTO {case_codes.name} (case_id, facet, value) "
                                 "VALUES (?, ?, ?)", code_rows)
        if number_rows:
            conn.exec_driver_sql(f"INSERT INTO {case_numbers.name} (case_id, facet, value, unit) "
                                 "VALUES (?, ?, ?, ?)", number_rows)
        conn.execute(text(f"INSERT INTO {DOCS_TABLE} (doc_id, case_id) VALUES (:d, :c)"), docs)
        conn.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, {names}) VALUES (:rowid, "
                          f"{', '.join(f':{n}' for n in FTS_COLUMNS)})"), fts_rows)
        audit.append(conn, cb.ctx.user, entries, ts=now)
    return next_doc_id + len(ids)


def _unsynced(dbapi_conn: sqlite3.Connection, _record: object, _proxy: object) -> None:
    dbapi_conn.execute("PRAGMA synchronous=OFF")
    dbapi_conn.execute("PRAGMA cache_size=-262144")  # 256 MiB: the index pages stay cached


def build(folder: Path, n: int, *, templates: int = TEMPLATES, seed: int = 7,
          chunk: int = CHUNK, progress: Callable[[int, int, float], None] | None = None) -> dict:
    """Fill the empty ``folder`` with the reference cases and ``n`` generated cases (at most
    ``templates`` of them generated and imported, the rest clones). Returns timings."""
    from core.search.index import DOCS_TABLE
    from core.services import open_casebook
    from core.services.demo import reference_cases
    from core.settings import Settings, save_settings
    from core.store.audit import utc_now
    from core.store.heads import copy_path
    from core.synth import generate_cases

    started = time.perf_counter()
    copy_path(folder).unlink(missing_ok=True)  # a new data folder: no earlier head's copy
    save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
    cb = open_casebook(folder, user="bench")
    try:
        cb.cases.import_cases(reference_cases(), source="bench")
        generated = list(generate_cases(min(n, templates), seed=seed))
        for start in range(0, len(generated), 1000):
            cb.cases.import_cases(generated[start:start + 1000], source="bench")
        imported_s = time.perf_counter() - started
        cpu = time.process_time()
        event.listen(cb.ctx.db.engine, "checkout", _unsynced)  # the clones: a bench-only cache
        with cb.ctx.db.read() as conn:
            found = read_templates(conn)
            next_doc_id = conn.execute(text(f"SELECT coalesce(max(doc_id), 0) FROM {DOCS_TABLE}")
                                       ).scalar_one() + 1
        rest = n - len(generated)
        ids = clone_ids(max(rest, 0), {t.case_id for t in found})
        done = 0
        while done < rest:
            batch = [next(ids) for _ in range(min(chunk, rest - done))]
            next_doc_id = write_clones(cb, found, batch, next_doc_id, utc_now())
            done += len(batch)
            if progress:
                progress(done, rest, time.perf_counter() - started)
    finally:
        cb.close()
    con = sqlite3.connect(folder / "casebook.db")
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    total_s, clone_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    return {"cases": n + 2, "templates": len(generated) + 2, "clones": max(n - len(generated), 0),
            "import_s": imported_s, "clone_s": total_s - imported_s, "total_s": total_s,
            "clone_cpu_s": clone_cpu_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--templates", type=int, default=TEMPLATES)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=False)

    def show(done: int, total: int, seconds: float) -> None:
        print(f"{done:,}/{total:,} clones, {seconds:.0f} s", flush=True)

    print(build(args.folder, args.n, templates=args.templates, seed=args.seed, progress=show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
