"""Demo data for newcomers: the two reference cases plus N generated synthetic cases.

Adding them is all or nothing (``ImportWriter``: a run stopped between its chunks is undone,
at once or by the next writer that opens the folder). A run that stops leaves a note in
``app_meta`` (``UNFINISHED``), written before its first case and removed in the transaction
that stores its last one, so the next start can say that the demo data was not added: a
process killed in the middle of it leaves no other trace (its transaction is rolled back)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from core.errors import CasebookError, InvalidData
from core.logs import get_logger
from core.model import Case
from core.services.cases import CaseService
from core.services.context import Context
from core.services.importing import CHUNK, ImportWriter
from core.store import repository as repo
from core.store.audit import utc_now
from core.store.engine import plain
from resources import resource_path

log = get_logger("services")

DEMO_SEED = 2023
DEMO_PROVENANCES = {"synthetic", "placeholder"}
SOURCE = "demo data"  # the audit entries' source
UNFINISHED = "demo_unfinished"  # app_meta: {"cases": n} of a run that has not finished
PROGRESS_STEP = 50  # cases between progress reports


@dataclass(frozen=True)
class DemoReport:
    added: int
    already_there: int


def reference_cases() -> list[Case]:
    doc = json.loads(resource_path("demo", "reference-cases.casebook.json").read_text("utf-8"))
    return [Case.model_validate(c) for c in doc["cases"]]


def fill_demo(cases: CaseService, count: int = 200,
              on_progress: Callable[[int, int], None] | None = None) -> DemoReport:
    """Add the demo cases that are not there yet; refuse a folder holding real cases."""
    from core.synth import generate_cases

    with cases.ctx.db.read() as conn:
        kinds = repo.provenances(conn)
    real = sum(n for kind, n in kinds.items() if kind not in DEMO_PROVENANCES)
    if real:
        raise CasebookError(
            f"This data folder holds {real} case(s) entered by a person; demo data is only "
            "added to an empty folder or one holding demo data. Use another --data-dir.")
    # The reference cases are written last: the list shows the most recently changed cases
    # first, so a newcomer sees them at the top, not after every generated case.
    items = list(generate_cases(count, seed=DEMO_SEED)) + reference_cases()
    existing = cases.existing_ids([c.case_id for c in items])
    fresh = [c for c in items if c.case_id not in existing]
    if not fresh:
        forget_unfinished(cases)
        return DemoReport(0, len(existing))
    _note_unfinished(cases.ctx, len(fresh))
    try:
        _write_all(cases.ctx, fresh, on_progress)
    except Exception:  # told to the caller now (its message): the next start need not
        try:  # (a Ctrl+C or a kill leaves the note for it)
            forget_unfinished(cases)
        except CasebookError as exc:  # the write's own error is the one to tell
            log.warning("the note of a demo run that failed stays: %s", exc)
        raise
    return DemoReport(len(fresh), len(existing))


def _write_all(ctx: Context, fresh: list[Case],
               on_progress: Callable[[int, int], None] | None) -> None:
    """Store ``fresh`` whole or not at all; the last transaction removes the run's note."""
    writer = ImportWriter(ctx, "refuse", utc_now(), SOURCE, None, chunk=CHUNK)
    total = len(fresh)

    def items() -> Iterator[tuple[Case, str]]:
        for done, case in enumerate(fresh):
            if on_progress and done % PROGRESS_STEP == 0:
                on_progress(done, total)
            yield case, SOURCE

    def check() -> None:  # in the last transaction, before its commit
        if writer.collisions:  # stored meanwhile by another writer of this process
            raise InvalidData(writer.collisions)
        plain(writer.conn, "DELETE FROM app_meta WHERE key = ?", (UNFINISHED,))
        if on_progress:
            on_progress(total, total)

    try:
        writer.run(items(), check)
    except KeyboardInterrupt:  # Ctrl+C: it undid what it had written, unless it came after
        if not writer.finished:  # the last commit: then every case is stored, and said so
            raise


def _note_unfinished(ctx: Context, count: int) -> None:
    with ctx.write(side_table=True) as (conn, _audit):
        plain(conn, "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)",
              (UNFINISHED, json.dumps({"cases": count})))


def unfinished(cases: CaseService) -> int | None:
    """The number of demo cases a run that stopped before it finished was adding (none of
    them is stored: it is all or nothing), or None when no run stopped so."""
    with cases.ctx.db.read() as conn:
        row = plain(conn, "SELECT value FROM app_meta WHERE key = ?", (UNFINISHED,)).fetchone()
    if row is None:
        return None
    try:
        count = json.loads(row[0]).get("cases")
    except (ValueError, AttributeError):
        count = None
    return count if isinstance(count, int) else 0


def forget_unfinished(cases: CaseService) -> None:
    """Said (or no longer true): the note of a stopped run goes. Kept in a read-only folder."""
    if cases.ctx.read_only:
        return
    with cases.ctx.write(side_table=True) as (conn, _audit):
        plain(conn, "DELETE FROM app_meta WHERE key = ?", (UNFINISHED,))
