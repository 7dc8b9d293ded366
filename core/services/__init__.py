"""Services: one function per user action (ARCHITECTURE). ``open_casebook`` wires them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from core.errors import DatabaseProblem, StorageError
from core.io.output_leftovers import remove_stale_outputs
from core.logs import get_logger, setup_logging
from core.paths import DataPaths, data_paths
from core.services.audit import AuditService, start_head
from core.services.backup import (
    BackupService,
    pre_migration_backup,
    refuse_lost_database,
    with_restore_offer,
)
from core.services.cases import CaseService
from core.services.context import Context
from core.services.drafts import DraftService
from core.services.import_undo import undo_unfinished
from core.services.interchange import InterchangeService
from core.services.maintenance import MaintenanceService
from core.services.reason_rules import (
    identifier_values,
    identifiers_reason_problem,
    stored_identifiers,
    stored_reason_problem,
)
from core.services.search import SearchService
from core.services.upgrade import finish_upgrade
from core.settings import Settings, load_settings
from core.store import schema as store_schema
from core.store.audit import AuditKeyProblem, AuditTrail, load_or_create_key
from core.store.chain import key_state
from core.store.engine import Database, can_index, writable
from core.store.heads import settle
from core.store.leftovers import remove_leftovers
from core.store.schema import open_database

if TYPE_CHECKING:
    from core.model import Case

log = get_logger("services")


@dataclass
class Casebook:
    """The services of one data folder."""

    ctx: Context
    settings: Settings
    cases: CaseService
    drafts: DraftService
    interchange: InterchangeService
    maintenance: MaintenanceService
    audit: AuditService
    backups: BackupService
    search: SearchService

    @property
    def paths(self) -> DataPaths:
        return self.ctx.paths

    def reason_check(self, case_ids: Sequence[str] = (),
                     edited: Sequence[Case] = ()) -> Callable[[str], str | None]:
        """What the reason dialog asks of a reason for an action on the stored ``case_ids``
        (and on ``edited``, those cases as unsaved in the editor): the service's rules
        (``reason_rules``), before anything is written."""
        return partial(stored_reason_problem, self.ctx, case_ids=list(case_ids),
                       edited=[case.to_json_dict() for case in edited])

    def reason_identifiers(self, case_ids: Sequence[str]) -> frozenset[str]:
        """The identifier values of the stored ``case_ids`` a reason for an action on them
        must not contain: ~0.2 ms a case (read from the stored JSON), so the app reads many
        in the background, then checks with ``identifiers_check``."""
        with self.ctx.db.read() as conn:
            return frozenset(stored_identifiers(conn, case_ids))

    def identifiers_check(self, identifiers: Iterable[str],
                          edited: Sequence[Case] = ()) -> Callable[[str], str | None]:
        """``reason_check`` with the identifier values read already (``reason_identifiers``,
        or an import's ``ReasonNeeded.identifiers``): no database read while the dialog
        waits."""
        return partial(identifiers_reason_problem,
                       values=frozenset(identifiers) | identifier_values(
                           case.to_json_dict() for case in edited))

    def close(self) -> None:
        settle()  # the last save's head is in its file once the folder is closed
        self.ctx.db.dispose()


def open_casebook(data_dir: str | os.PathLike[str] | None = None, *,
                  user: str | None = None, read_only: bool = False,
                  refresh_index: bool = True) -> Casebook:
    """The services of a data folder, creating and upgrading what is needed.

    A writer whose search index was built with another index version rebuilds it here
    (``refresh_index``) or leaves that to the caller, who shows progress (the app, the command
    line: ``search.index_outdated()`` then ``search.reindex``); an empty index is rebuilt here.

    ``read_only`` (the command line's readers) creates, upgrades and writes nothing: no folder,
    no audit key or head. A missing, empty or outdated database is a DatabaseProblem; a folder
    that cannot be written is read through ``read_only_uri`` (writes then fail plainly)."""
    paths = data_paths(data_dir)
    if read_only:
        setup_logging(paths.log_file, create_folder=False)
        settings = load_settings(paths.settings_file)
        db = _open_for_reading(paths)
        key, key_problem = key_state(paths.audit_key, paths.database)
        trail = AuditTrail(key, paths.audit_head, key_problem)
        ctx = Context(paths, db, trail, user or settings.effective_user(), read_only=True)
    else:
        paths.ensure()
        setup_logging(paths.log_file)
        settings = load_settings(paths.settings_file)
        remove_leftovers(paths)  # writers hold the folder lock: nothing is mid-write
        remove_stale_outputs(settings.output_folder)  # a killed PDF batch's hidden folder
        try:
            fresh = refuse_lost_database(paths) is None
            key = _writer_key(paths)
            db = open_database(paths.database, backup=pre_migration_backup(paths))
        except DatabaseProblem as exc:
            raise with_restore_offer(exc, paths) from exc
        trail = AuditTrail(key, paths.audit_head)
        ctx = Context(paths, db, trail, user or settings.effective_user())
        start_head(ctx, fresh)
        undo_unfinished(ctx)  # an import a stopped process left half written
        finish_upgrade(ctx)  # once after migration 0003: a baseline entry per existing case
    cases = CaseService(ctx)
    casebook = Casebook(ctx, settings, cases, DraftService(ctx),
                        InterchangeService(cases), MaintenanceService(ctx), AuditService(ctx),
                        BackupService(ctx, settings), SearchService(ctx))
    outdated = not read_only and casebook.search.index_outdated()
    empty = outdated and not _has_cases(ctx)  # a new folder: nothing was indexed before
    if empty or (outdated and refresh_index):
        try:
            log.info("search index %s (%d cases)", "set up" if empty else
                     "rebuilt: built with another index version", casebook.search.reindex())
        except StorageError as exc:  # e.g. a full disk: the old index serves until next time
            log.warning("the search index could not be rebuilt: %s", exc)
    return casebook


def _has_cases(ctx: Context) -> bool:
    with ctx.db.read() as conn:
        return conn.exec_driver_sql("SELECT 1 FROM cases LIMIT 1").first() is not None


def _writer_key(paths: DataPaths) -> bytes:
    """The audit key for a writer, made where there is none and no chain needs one (before
    any upgrade: its backup is signed with it). AuditKeyProblem (nothing opened, nothing
    written) when the key is missing, empty, garbled or another one while the chain has
    entries: the folder can only be read."""
    key, problem = key_state(paths.audit_key, paths.database)
    if problem:
        log.error("opened for writing refused: %s", problem)
        raise AuditKeyProblem(problem)
    return key or load_or_create_key(paths.audit_key)


def _open_for_reading(paths: DataPaths) -> Database:
    path = paths.database
    unwritable = not can_index(paths.root) or (path.exists() and not writable(path))
    wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    if unwritable and not shm.exists() and wal.exists() and wal.stat().st_size:
        raise StorageError(
            f"The data folder {paths.root} is read-only (or its disk is full), and {wal.name} "
            f"holds saved changes that are not yet in {path.name}: they can only be read where "
            "the folder can be written. Make it writable or free some space (or copy the "
            "folder somewhere writable), then try again.")
    try:
        revision = refuse_lost_database(paths)  # lost after earlier data: the restore offer
        if revision is None:
            raise DatabaseProblem(
                f"The database {path} is missing or empty: there are no cases to read. "
                "Import cases or open the Casebook app to start a casebook there.", "empty")
    except DatabaseProblem as exc:
        raise with_restore_offer(exc, paths) from exc
    if revision != store_schema.HEAD_REVISION:
        raise DatabaseProblem(
            f"The database {path} has schema {revision} and must be upgraded to "
            f"{store_schema.HEAD_REVISION} before it can be read. Open it in the Casebook app, "
            "or run a command that writes (for example `casebook reindex`): a backup is made "
            "first.", "upgrade")
    log.info("reading %s (schema %s%s)", path, revision, ", read-only folder or full disk"
             if unwritable else "")
    return Database(path, read_only=unwritable)
