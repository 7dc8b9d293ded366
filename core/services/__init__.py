"""Services: one function per user action (ARCHITECTURE). ``open_casebook`` wires them."""

from __future__ import annotations

import os
from dataclasses import dataclass

from core.errors import DatabaseProblem
from core.logs import setup_logging
from core.paths import DataPaths, data_paths
from core.services.audit import AuditService, start_head
from core.services.backup import BackupService, pre_migration_backup, with_restore_offer
from core.services.cases import CaseService
from core.services.context import Context
from core.services.drafts import DraftService
from core.services.interchange import InterchangeService
from core.services.maintenance import MaintenanceService
from core.services.search import SearchService
from core.settings import Settings, load_settings
from core.store.audit import AuditTrail, load_or_create_key
from core.store.schema import open_database


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

    def close(self) -> None:
        self.ctx.db.dispose()


def open_casebook(data_dir: str | os.PathLike[str] | None = None, *,
                  user: str | None = None) -> Casebook:
    paths = data_paths(data_dir).ensure()
    setup_logging(paths.log_file)
    settings = load_settings(paths.settings_file)
    try:
        db = open_database(paths.database, backup=pre_migration_backup(paths))
    except DatabaseProblem as exc:
        raise with_restore_offer(exc, paths) from exc
    trail = AuditTrail(load_or_create_key(paths.audit_key), paths.audit_head)
    ctx = Context(paths, db, trail, user or settings.effective_user())
    start_head(ctx)
    cases = CaseService(ctx)
    return Casebook(ctx, settings, cases, DraftService(ctx),
                    InterchangeService(cases), MaintenanceService(ctx), AuditService(ctx),
                    BackupService(ctx, settings), SearchService(ctx))
