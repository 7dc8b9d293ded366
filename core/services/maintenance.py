"""Database checks and audit verification."""

from __future__ import annotations

from core.services.context import Context
from core.store.audit import read_head
from core.store.verify import ChainReport, CheckReport, check_database, verify_chain


class MaintenanceService:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def check(self, quick: bool = False) -> CheckReport:
        with self.ctx.db.read() as conn:
            return check_database(conn, self.ctx.audit.key, read_head(self.ctx.paths.audit_head),
                                  quick=quick)

    def verify_audit(self) -> ChainReport:
        with self.ctx.db.read() as conn:
            return verify_chain(conn, self.ctx.audit.key, read_head(self.ctx.paths.audit_head))
