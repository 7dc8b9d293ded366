"""Database checks and audit verification."""

from __future__ import annotations

from core.services.audit import verify_and_refresh
from core.services.context import Context
from core.store.files_check import check_attached_files
from core.store.health import check_file
from core.store.verify import ChainReport, CheckReport, check_database


class MaintenanceService:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def check(self, quick: bool = False) -> CheckReport:
        """SQLite's integrity and foreign-key checks, every attached file the cases name (there
        and unchanged), and the audit chain verified as by ``casebook audit verify`` (against
        the authenticated head and its second copy)."""
        with self.ctx.db.read() as conn:
            report = check_database(conn, None, None, quick=quick)
            report.files_checked, report.attachments_checked, findings = (
                check_attached_files(conn, self.ctx.files))
        report.file_problems = [str(f) for f in findings]
        report.chain = verify_and_refresh(self.ctx)
        return report

    def quick_check(self) -> list[str]:
        """quick_check + foreign_key_check on a separate read-only connection, for a worker
        after start-up; empty when healthy. On problems, offer ``newest_good_backup``."""
        return check_file(self.ctx.paths.database)

    def verify_audit(self) -> ChainReport:
        """Verify the audit chain (and bring the head up to date after a crash)."""
        return verify_and_refresh(self.ctx)
