"""Writing a stream of imported cases in batches inside one open write transaction.

The caller reads and validates the files case by case and hands each valid case to
``ImportWriter.add``; the writer stores them 100 at a time (rows, search index, audit entries)
so memory holds one batch, not the file. Once a problem is known (an invalid case elsewhere,
an id that exists, a locked case without a reason) it stops writing: the caller raises and
the transaction is rolled back, so nothing of the import is kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection

from core.errors import Problem
from core.model import Case, new_case_id
from core.services.cases import replaced_cases, write_imported
from core.store import repository as repo
from core.store.audit import AuditTrail

BATCH = 100  # a generated case takes ~100 KB as a Case object: ~10 MB a batch


@dataclass
class ImportWriter:
    conn: Connection
    audit: AuditTrail
    user: str
    mode: str  # "refuse", "replace" or "as_new"
    now: str
    source: str
    reason: str | None
    stopped: bool = False  # a problem is known: nothing more is written
    collisions: list[Problem] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)
    imported: int = 0
    replaced: int = 0
    _batch: list[tuple[Case, str]] = field(default_factory=list)

    def add(self, case: Case, source: str) -> None:
        if self.stopped:
            return
        if self.mode == "as_new":
            case = case.model_copy(update={"case_id": new_case_id()})
        self._batch.append((case, source))
        if len(self._batch) >= BATCH:
            self.flush()

    def stop(self) -> None:
        self.stopped = True
        self._batch = []

    def flush(self) -> None:
        batch, self._batch = self._batch, []
        if self.stopped or not batch:
            return
        ids = [c.case_id for c, _ in batch]
        existing = repo.existing_ids(self.conn, ids) if self.mode != "as_new" else set()
        if existing and self.mode == "refuse":
            self.collisions += [Problem(src, c.case_id, "case_id",
                                        "a case with this id already exists "
                                        "(use --replace or --as-new)")
                                for c, src in batch if c.case_id in existing]
            return  # the rest is still checked for collisions, nothing more is written
        if self.collisions:
            return
        olds, locked = replaced_cases(self.conn, existing)
        if locked and not self.reason:
            self.locked += locked
        if self.locked:
            return  # keep collecting the locked ids; nothing will be kept
        self._write([c for c, _ in batch], olds)

    def _write(self, items: list[Case], olds: dict[str, Case]) -> None:
        fresh = write_imported(self.conn, self.audit, self.user, items, olds, self.now,
                               self.source, self.reason)
        self.imported += fresh
        self.replaced += len(items) - fresh
