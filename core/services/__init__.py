"""Services: one function per user action (ARCHITECTURE). ``open_casebook`` wires them."""

from __future__ import annotations

import os
from dataclasses import dataclass

from core.logs import setup_logging
from core.paths import DataPaths, data_paths
from core.services.cases import CaseService
from core.services.context import Context
from core.services.drafts import DraftService
from core.services.interchange import InterchangeService
from core.services.maintenance import MaintenanceService
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
    db = open_database(paths.database)
    trail = AuditTrail(load_or_create_key(paths.audit_key), paths.audit_head)
    ctx = Context(paths, db, trail, user or settings.effective_user())
    cases = CaseService(ctx)
    return Casebook(ctx, settings, cases, DraftService(ctx),
                    InterchangeService(cases), MaintenanceService(ctx))
