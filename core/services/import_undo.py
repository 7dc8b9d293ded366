"""The marker of an import committed in chunks, and undoing an import that did not finish.

A large import commits every few thousand cases, so the WAL stays small; it is still all or
nothing. Before its first chunk commits, the row ``import_in_progress`` of ``app_meta`` records
the audit chain's tip the import builds on; each case it replaces leaves its row as it was
(``import-old:<id>``). The last chunk removes them in the transaction that completes the
import. An import that stops before (a problem found late, an error, a killed process) is
undone: by the importer at once, or by the next writer that opens the folder. Undoing removes
the cases it created (with their index rows), puts back the rows it replaced, and removes its
audit entries (the head records the chain as it was: ``AuditTrail.truncate``).
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, delete, insert, update

from core.errors import StorageError
from core.logs import get_logger
from core.model import Case
from core.services.context import Context
from core.store.audit import AuditTrail, ChainHead
from core.store.engine import plain
from core.store.id_order import case_id_key
from core.store.indexing import chunks, remove_index, write_index
from core.store.repository import StoredRow
from core.store.tables import cases, drafts
from core.store.title_order import title_order_key

log = get_logger("services")

MARKER = "import_in_progress"
REFUSED = ("An import that stopped before it finished is not undone yet (undoing it failed), so "
           "nothing can be saved: a save now would be lost when the import is undone. Close "
           "Casebook and open it again (that undoes it), then save again.")
OLD = "import-old:"  # + case id: the row of a case the import replaced, as it was
_COLUMNS = tuple(c.name for c in cases.columns)


def mark(conn: Connection, user: str, source: str, started: str) -> None:
    """Record, in the chunk's transaction, that an import is under way from the chain's tip
    as it stands before any of its entries (call before the first batch is written). An
    earlier import's marker still there (its undo failed) refuses: replacing it would keep
    that import's cases for good."""
    if plain(conn, "SELECT 1 FROM app_meta WHERE key = ?", (MARKER,)).fetchone():
        raise StorageError("An earlier import stopped before it finished and is not undone yet. "
                           "Close Casebook and open it again (that undoes it), then import "
                           "again.")
    last = plain(conn, "SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, mac = last if last else (0, None)
    value = {"seq": seq, "mac": mac, "user": user, "source": source[:500], "started": started}
    plain(conn, "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)",
          (MARKER, json.dumps(value)))


def keep_old_rows(conn: Connection, case_ids: list[str]) -> None:
    """Keep the rows of cases about to be replaced, as they are (the first time only)."""
    for chunk in chunks(sorted(case_ids)):
        marks = ", ".join("?" * len(chunk))
        rows = plain(conn, f"SELECT {', '.join(_COLUMNS)} FROM cases WHERE id IN ({marks})",
                     tuple(chunk)).fetchall()
        plain(conn, "INSERT OR IGNORE INTO app_meta (key, value) VALUES (?, ?)",
              [(OLD + row[0], json.dumps(dict(zip(_COLUMNS, row, strict=True))))
               for row in rows], many=True)


def finish(conn: Connection) -> None:
    """The import is complete: its marker and the rows it kept go, in its last transaction."""
    plain(conn, "DELETE FROM app_meta WHERE key = ? OR key LIKE ?", (MARKER, OLD + "%"))


def under_way(conn: Connection) -> dict[str, object] | None:
    """The marker of an import that has not finished (what it records), or None."""
    row = plain(conn, "SELECT value FROM app_meta WHERE key = ?", (MARKER,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        value = None
    return value if isinstance(value, dict) else {}


def undo(conn: Connection, audit: AuditTrail) -> int:
    """Undo the import the marker records, in the caller's write transaction; the number of
    cases it had created (0 and nothing done when there is no marker). StorageError when
    the audit trail does not hold the position the marker records (nothing is removed)."""
    found = under_way(conn)
    if found is None:
        return 0
    seq, mac = found.get("seq"), found.get("mac")
    base = ChainHead(seq if isinstance(seq, int) else 0, mac if isinstance(mac, str)
                     else "casebook-audit-genesis")
    created = [row[0] for row in plain(
        conn, "SELECT DISTINCT case_id FROM audit WHERE seq > ? AND action = 'import' "
        "AND case_id IS NOT NULL", (base.count,))]
    for chunk in chunks(created):
        remove_index(conn, chunk)
        conn.execute(delete(drafts).where(drafts.c.case_id.in_(chunk)))
        conn.execute(delete(cases).where(cases.c.id.in_(chunk)))
    kept = plain(conn, "SELECT value FROM app_meta WHERE key LIKE ?", (OLD + "%",)).fetchall()
    for (text,) in kept:
        _put_back(conn, json.loads(text))
    audit.truncate(conn, base)
    finish(conn)
    return len(created)


def _put_back(conn: Connection, row: dict[str, object]) -> None:
    # a row kept before migration 0006 (0007) has no id_key (title_order): each is made from
    # the id (title), as on insert
    row = {**row, "id_key": case_id_key(str(row["id"])),
           "title_order": title_order_key(str(row.get("title") or ""))}
    values = {k: row.get(k) for k in _COLUMNS if k != "id"}
    result = conn.execute(update(cases).where(cases.c.id == row["id"]).values(**values))
    if result.rowcount != 1:
        conn.execute(insert(cases).values(**row))
    stored = StoredRow(str(row["id"]), str(row["document"]), int(str(row["version"])),
                       str(row["status"]))
    case: Case = stored.case()
    write_index(conn, [case], replace=True)


def refuse_writes(ctx: Context) -> None:
    """An import's undo failed, its marker stands: refuse every save of this process to cases
    and the audit trail (``Context.writes_refused``) until an undo succeeds; the undo at the
    next open would otherwise truncate their audit entries and put replaced cases back."""
    ctx.writes_refused = REFUSED


def undo_unfinished(ctx: Context) -> int:
    """At a writer's start: undo an import a stopped process left unfinished (logged). When
    that fails, the folder opens with its saves refused (``refuse_writes``)."""
    if ctx.read_only or not ctx.audit.has_key:
        return 0
    with ctx.db.read() as conn:
        if under_way(conn) is None:
            return 0
    try:
        with ctx.write(undoing=True) as (conn, audit):
            removed = undo(conn, audit)
    except StorageError as exc:  # the folder still opens; its next writer tries again
        log.warning("an import that did not finish could not be undone: %s", exc)
        refuse_writes(ctx)
        return 0
    ctx.writes_refused = None
    log.warning("an import that did not finish was undone: %d case(s) it had written removed, "
                "the cases it replaced put back", removed)
    return removed
