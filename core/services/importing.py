"""Writing a stream of imported cases in batches, committed in chunks behind a marker.

The caller reads and validates the files case by case and hands each valid case to
``ImportWriter.add``; the writer stores them 100 at a time (rows, search index, audit entries)
so memory holds one batch, not the file, and commits every ``chunk`` cases so the WAL holds one
chunk, not the import (checkpointed after each). It is still all or nothing: the first commit
records the import as under way (``core.services.import_undo``), the last one as finished, and
an import that stops between is undone. Once a problem is known (an invalid case elsewhere,
an id that exists, a locked case without a reason) it stops writing: the caller raises and
``ImportWriter.run`` rolls back the open transaction and undoes the chunks committed."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import Connection

from core.errors import Problem
from core.io.dataset_absent import AbsentFields, keep_absent
from core.io.dataset_mark import collision
from core.io.dataset_older import keep_stored
from core.logs import get_logger
from core.model import Case, new_case_id
from core.model.fieldpath import error_path
from core.model.model_errors import described
from core.services import import_undo
from core.services.context import Context
from core.services.import_status import DemotedCases
from core.services.import_writes import replaced_cases, replaced_docs, write_imported
from core.services.reason_rules import case_identifiers, refuse_identifiers
from core.store import repository as repo
from core.store.audit import AuditEntry, AuditTrail
from core.store.engine import Database, plain

log = get_logger("services")

BATCH = 100  # a generated case takes ~100 KB as a Case object: ~10 MB a batch
ENTRIES = 20_000  # audit entries kept before they are appended (one head write, fsynced,
# an append: once a chunk for new cases, sooner when replaced cases bring many field entries)
CHUNK = 2000  # cases a transaction: ~31 KB a case on disk, so ~60-100 MB of WAL


@dataclass
class ImportWriter:
    ctx: Context
    mode: str  # "refuse", "replace", "as_new" or "as_new_if_taken"
    now: str
    source: str
    reason: str | None
    chunk: int = CHUNK
    conn: Connection = field(init=False)
    audit: AuditTrail = field(init=False)
    stopped: bool = False  # a problem is known: nothing more is written
    collisions: list[Problem] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)
    # without a reason: the identifier values of the cases replaced (as stored and as in the
    # files), those a reason will be checked against (``ReasonNeeded``: the app's dialog
    # checks the same values, so the reason is not refused after it was accepted)
    identifiers: set[str] = field(default_factory=set)
    imported: int = 0
    replaced: int = 0
    unchanged: int = 0  # "replace": cases the same as the stored ones, left as they are
    renamed: list[tuple[str, str]] = field(default_factory=list)  # as_new_if_taken: old, new
    # a de-identified dataset's options by its source (``core.io.dataset_mark``): its cases
    # never replace stored ones; ``refused`` gets, by source, the ids they would have replaced
    marks: dict[str, list[str]] = field(default_factory=dict)
    refused: dict[str, list[str]] = field(default_factory=dict)
    # a dataset exported before some tables existed: by its source, the case fields of
    # those tables, which a case it replaces keeps as stored (``core.io.dataset_older``);
    # ``kept`` counts, by source, the replaced cases that had rows there
    older: dict[str, list[str]] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    # a dataset whose files have no column for some fields (``core.io.dataset_absent``): by
    # its source, those fields, which a case it replaces keeps as stored; ``kept_absent``
    # counts, by source, the stored cases it replaced (or left as they were)
    absent: dict[str, list[AbsentFields]] = field(default_factory=dict)
    kept_absent: dict[str, int] = field(default_factory=dict)
    marked: bool = False  # a chunk was committed: the import is recorded as under way
    finished: bool = False  # its last chunk was committed: the import is stored, whole
    _written: int = 0  # cases written in the open transaction
    _batch: list[tuple[Case, str]] = field(default_factory=list)
    _entries: list[AuditEntry] = field(default_factory=list)  # written, not yet appended
    # the case id (as in the file) -> a note its audit entries' reason adds to ``source``
    note: Callable[[str], str | None] | None = None
    _notes: dict[str, str] = field(default_factory=dict)  # id as written -> its note
    # told (id in the file, id given) for each case stored under a new id, so what the
    # caller says of the case (a figure without its image) names the id it was stored under
    given_id: Callable[[str, str], None] | None = None
    # complete or locked cases whose errors do not allow it are stored as drafts (checked
    # here, after the new ids, as written: not a case left as it is stored)
    demoted: DemotedCases | None = None
    collect: bool = field(default_factory=gc.isenabled)  # collect after each chunk

    def run(self, items: Iterable[tuple[Case, str]], check: Callable[[], None]) -> None:
        """Write ``items`` (case, source), a transaction each ``chunk`` cases; at the end
        ``check()`` raises when a problem is known, which undoes everything, as any error
        does. The writer lock is held throughout: no other save of this process comes
        between the chunks (other processes do not write: the folder has one writer)."""
        stream = iter(items)
        with self.ctx.db.write_lock, _young_collections():
            try:
                more = True
                while more:
                    with self.ctx.write() as (self.conn, self.audit):
                        if not self.marked:  # before its writes: the tip it builds on
                            import_undo.mark(self.conn, self.ctx.user, self.source, self.now)
                        more = self._chunk(stream)
                        self._append_entries()
                        if not more:
                            check()
                            import_undo.finish(self.conn)
                    self.marked = True  # committed: from now on, undone if it stops
                    self.finished = not more  # ... until the last chunk is
                    _checkpoint(self.ctx.db)
                    if self.collect:  # the cyclic garbage of this chunk, if any
                        gc.collect(1)  # (see _young_collections)
            except BaseException as exc:
                if self.finished:  # e.g. Ctrl+C during the last checkpoint: stored, whole
                    log.info("import stored whole before it was stopped (%s)",
                             type(exc).__name__)
                    raise
                if self.marked:
                    self._undo()
                log.info("import stopped (%s): nothing imported%s", type(exc).__name__,
                         ", the chunks committed undone" if self.marked else "")  # the
                # type only: a message may quote the file's values
                raise

    def _chunk(self, stream: Iterator[tuple[Case, str]]) -> bool:
        """Write cases until ``chunk`` are written in this transaction (True: more follow)
        or the stream ends (False; its last batch written)."""
        self._written = 0
        for case, source in stream:
            self.add(case, source)
            if self._written >= self.chunk:
                return True
        self.flush()
        return False

    def _undo(self) -> None:
        try:
            with self.ctx.write(undoing=True) as (conn, audit):
                import_undo.undo(conn, audit)
        except Exception:  # the next writer to open the folder undoes it; saves wait for that
            log.exception("the import could not be undone at once")
            import_undo.refuse_writes(self.ctx)

    def add(self, case: Case, source: str) -> None:
        if self.stopped:
            return
        note = self.note(case.case_id) if self.note else None
        if self.mode == "as_new":
            old, case = case.case_id, case.model_copy(update={"case_id": new_case_id()})
            if self.given_id:
                self.given_id(old, case.case_id)
        if note:
            self._notes[case.case_id] = note
        self._batch.append((case, source))
        if len(self._batch) >= min(BATCH, self.chunk):
            self.flush()

    def stop(self) -> None:
        self.stopped = True
        self._batch = []

    def flush(self) -> None:
        batch, self._batch = self._batch, []
        if self.stopped or not batch:
            return
        ids = [c.case_id for c, _ in batch]
        if self.mode == "as_new_if_taken":  # only an id stored already (also by this
            # import, in an earlier batch) is replaced by a new one
            batch = self._new_ids_for(repo.existing_ids(self.conn, ids), batch)
        existing = repo.existing_ids(self.conn, ids) if self.mode == "replace" \
            or self.mode == "refuse" else set()
        if existing and self.mode == "refuse":
            self.collisions += [Problem(src, c.case_id, "case_id",
                                        collision(self.marks[src]) if self.marks.get(src)
                                        else "a case with this id already exists "
                                        "(use --replace or --as-new)")
                                for c, src in batch if c.case_id in existing]
            return  # the rest is still checked for collisions, nothing more is written
        if self.absent:  # a dataset without a dictionary, columns missing: no case new
            self._refuse_new([src for c, src in batch if c.case_id not in existing])
        if self.collisions:
            return
        for case, src in batch:  # shifted or dropped values must not overwrite real ones
            if case.case_id in existing and self.marks.get(src):
                self.refused.setdefault(src, []).append(case.case_id)
        if self.refused:
            return  # keep collecting them; nothing will be kept
        olds, locked = replaced_cases(self.conn, existing)
        if olds and self.older:
            batch = [(self._keep_older(c, src, olds), src) for c, src in batch]
        if olds and self.absent:
            batch = [(self._keep_absent(c, src, olds), src) for c, src in batch]
            if self.collisions:
                return
        if olds:  # a case as it is stored already gets no new version, no audit entry
            batch = [(c, src) for c, src in batch if not self._same(c, olds)]
        if self.demoted is not None:
            batch = self._demote(batch, olds)
        locked = [case_id for case_id in locked if case_id in olds]  # those replaced
        if olds and not self.reason:  # read as refuse_identifiers below reads them
            self.identifiers |= case_identifiers(
                [*olds.values(), *(c for c, _ in batch if c.case_id in olds)])
        if locked and not self.reason:
            self.locked += locked
        if self.locked:
            return  # keep collecting the locked ids; nothing will be kept
        if self.reason and olds:  # kept in clear with the replaced cases' audit entries
            refuse_identifiers(self.reason, replaced_docs(olds, [c for c, _ in batch]))
        if batch:
            self._write([c for c, _ in batch], olds)

    def _keep_older(self, case: Case, source: str, olds: dict[str, Case]) -> Case:
        """``case`` with the stored rows of the tables its dataset predates: the dataset
        says nothing of them, so replacing does not empty them."""
        fields, old = self.older.get(source), olds.get(case.case_id)
        if not fields or old is None:
            return case
        case, had = keep_stored(case, old, fields)
        if had:
            self.kept[source] = self.kept.get(source, 0) + 1
        return case

    def _refuse_new(self, sources: list[str]) -> None:
        """A problem for each file of a dataset without a data dictionary whose missing
        columns would leave a case it stores new (``sources``: of those cases) without their
        values (a replaced case keeps its own: ``core.io.dataset_absent``); once each."""
        said = {(p.file, p.message) for p in self.collisions}
        for src in dict.fromkeys(sources):
            for fields in self.absent.get(src, ()):
                if fields.refusal and (fields.where, fields.refusal) not in said:
                    said.add((fields.where, fields.refusal))
                    self.collisions.append(Problem(fields.where, None, "", fields.refusal))

    def _keep_absent(self, case: Case, source: str, olds: dict[str, Case]) -> Case:
        """``case`` with the stored values of the fields its dataset has no column for:
        the dataset says nothing of them, so replacing does not clear them."""
        fields, old = self.absent.get(source), olds.get(case.case_id)
        if not fields or old is None:
            return case
        self.kept_absent[source] = self.kept_absent.get(source, 0) + 1
        doc = case.to_json_dict()
        if not keep_absent(doc, old.to_json_dict(), fields):
            return case
        try:
            return Case.model_validate(doc)
        except ValidationError as exc:  # not expected: both were valid cases. Refused
            # whole rather than clearing the stored values
            first = exc.errors()[0]
            place, what = described(first)
            self.collisions.append(Problem(
                source, case.case_id, error_path(first["loc"]), "the stored values of the "
                "columns this dataset does not hold, kept beside its values, do not make a "
                f"valid case ({what}); nothing is imported: import a current export of the "
                "cases (with every column) instead", place))
            return case

    def _demote(self, batch: list[tuple[Case, str]],
                olds: dict[str, Case]) -> list[tuple[Case, str]]:
        """``batch`` with its complete or locked cases that errors block stored as drafts,
        named in the report and in their audit entries; one that is then the stored case
        (a draft imported so before) is left as it is."""
        assert self.demoted is not None
        whys: dict[str, str] = {}
        checked = []
        for case, src in batch:
            case, why = self.demoted.check(case)
            if why is not None:
                whys[case.case_id] = why
            checked.append((case, src))
        if not whys:
            return checked
        checked = [(c, src) for c, src in checked if c.case_id not in whys
                   or not self._same(c, olds)]
        for case, _ in checked:
            why = whys.get(case.case_id)
            if why is not None:
                note = self.demoted.written(case.case_id, why)
                before = self._notes.get(case.case_id)
                self._notes[case.case_id] = f"{before}; {note}" if before else note
        return checked

    def _same(self, case: Case, olds: dict[str, Case]) -> bool:
        """True (and ``case`` is dropped from ``olds``, counted unchanged) when ``case`` is
        the stored case's content: everything but its version, which another folder's
        export numbers its own way."""
        old = olds.get(case.case_id)
        if old is None or _content(old) != _content(case):
            return False
        del olds[case.case_id]
        self._notes.pop(case.case_id, None)
        self.unchanged += 1
        return True

    def _new_ids_for(self, taken: set[str],
                     batch: list[tuple[Case, str]]) -> list[tuple[Case, str]]:
        if not taken:
            return batch
        given: list[tuple[Case, str]] = []
        for case, source in batch:
            if case.case_id in taken:
                old, case = case.case_id, case.model_copy(update={"case_id": new_case_id()})
                if old in self._notes:
                    self._notes[case.case_id] = self._notes.pop(old)
                self.renamed.append((old, case.case_id))
                if self.given_id:
                    self.given_id(old, case.case_id)
            given.append((case, source))
        return given

    def _write(self, items: list[Case], olds: dict[str, Case]) -> None:
        if olds:
            import_undo.keep_old_rows(self.conn, list(olds))
        groups: dict[str | None, list[Case]] = {}
        for case in items:
            groups.setdefault(self._notes.pop(case.case_id, None), []).append(case)
        fresh = 0
        for note, cases in groups.items():
            source = f"{self.source}; {note}" if note else self.source
            fresh += write_imported(self.conn, self.audit, self.ctx.user, cases, olds,
                                    self.now, source, self.reason, entries=self._entries)
        self.imported += fresh
        self.replaced += len(items) - fresh
        self._written += len(items)
        if len(self._entries) >= ENTRIES:
            self._append_entries()

    def _append_entries(self) -> None:
        """Append the audit entries of the cases written since the last append, in the open
        transaction (the trail's head is written, durably, once an append). Also once the
        import is stopped: cases written are never committed without their entries (a
        stopped import's ``check()`` rolls both back)."""
        entries, self._entries = self._entries, []
        if entries:
            self.audit.append(self.conn, self.ctx.user, entries, self.now)


def _content(case: Case) -> dict[str, object]:
    doc = case.to_json_dict()
    doc.pop("version", None)
    return doc


@contextmanager
def _young_collections() -> Iterator[None]:
    """Python's automatic cyclic collections off while an import runs: parsing, validating and
    storing a case allocates thousands of containers, and the collector kept walking the
    cases in memory (about a quarter of an import's CPU time). ``ImportWriter.run``
    collects the young generations after each chunk instead (~14 ms each), so garbage in
    cycles, which the import does not make, would still be bounded by a chunk. Restored at
    the end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _checkpoint(db: Database) -> None:
    """Copy the committed chunk into the database so the next one reuses the WAL from its
    start (PASSIVE: readers beside are not waited for; one holding an old snapshot keeps
    the WAL from restarting until it ends). Outside any transaction."""
    try:
        with db.engine.connect() as conn:
            plain(conn, "PRAGMA wal_checkpoint(PASSIVE)")
    except Exception as exc:  # noqa: BLE001 - only the WAL's size depends on it
        log.warning("checkpoint after an import chunk failed: %s", exc)
