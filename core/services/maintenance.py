"""Database checks and audit verification."""

from __future__ import annotations

from core.services.audit import missing_key_report, verify_and_refresh
from core.services.context import Context
from core.store.audit import read_head
from core.store.health import check_file
from core.store.verify import ChainReport, CheckReport, check_database


class MaintenanceService:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def check(self, quick: bool = False) -> CheckReport:
        key = self.ctx.audit.key if self.ctx.audit.has_key else None
        with self.ctx.db.read() as conn:
            report = check_database(conn, key, read_head(self.ctx.paths.audit_head),
                                    quick=quick)
        if key is None:
            report.chain = missing_key_report(self.ctx)
        return report

    def quick_check(self) -> list[str]:
        """quick_check + foreign_key_check on a separate read-only connection, for a worker
        after start-up; empty when healthy. On problems, offer ``newest_good_backup``."""
        return check_file(self.ctx.paths.database)

    def verify_audit(self) -> ChainReport:
        """Verify the audit chain (and bring the head up to date after a crash)."""
        return verify_and_refresh(self.ctx)
