"""File > Back up now…, Restore from backup… and Export audit key…, and the work after
start-up: the quick check of the database and the automatic daily backup (ARCHITECTURE
decision 7). Backups do not hold the audit key (issue 13): restoring one signed with a key this
folder lacks asks for the key file exported where it was made.

Everything that touches the database file runs on the BackgroundRunner; only the completion
slots here touch widgets (the banner, the prompter).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from core.errors import CasebookError
from core.logs import get_logger
from core.services import Casebook
from core.services.backup import (
    BackupInfo,
    BackupService,
    RestoreResult,
    Stranger,
    read_backup,
    unsigned_text,
)
from gui.background import BackgroundRunner, Progress, Work
from gui.case_session import CaseSession
from gui.dialogs.prompter import Prompter
from gui.dialogs.restore_offer import KEY_FILTER, choose_key_file
from gui.health_banner import HealthBanner
from gui.progress import Interrupted, run_and_wait, run_with_progress
from gui.save_target import choose_save_target

log = get_logger("gui.backup")
BACKUP_FILTER = "Casebook backup (*.zip)"
KEY_TITLE = "Choose the audit key file this backup was made with"
RESTORE_CANCELLED = "Restore not started: the open case stays open"  # true after a Cancel
# and after Save when a field could not be stored (the edits that could be were saved: a
# review found "nothing changed" said after a save)
BUSY_TEXT = "A backup or restore is already running; try again when it has finished."


@dataclass(frozen=True)
class HealthReport:
    """What the after-start work found."""

    problems: list[str] = field(default_factory=list)  # quick check; empty when healthy
    offer: BackupInfo | None = None        # the newest good backup, when there are problems
    backup: BackupInfo | None = None       # the automatic backup made (None: not due or off)
    backup_error: str | None = None        # why the automatic backup could not be made


def backup_done_text(info: BackupInfo) -> str:
    where = f"Backup written to:\n{info.path}\n\n"
    if info.good and not info.cases:
        return where + ("Verified: integrity check passed, but it holds no cases: the casebook "
                        f"is empty, so restoring it gives an empty casebook ({info.audit_message}"
                        ").")
    if info.good:
        return where + (f"Verified: integrity check passed, {info.cases:,} case(s), "
                        f"{info.audit_message}.")
    return where + (f"Written, but NOT verified: {info.audit_message}. Keep your earlier "
                    "backups.")


def backup_label(backup: BackupInfo | Path) -> str:
    return backup.label if isinstance(backup, BackupInfo) else str(backup)


def confirm_restore_text(backup: BackupInfo | Path, stranger: Stranger | None = None,
                         unsigned: BackupInfo | None = None) -> str:
    text = (f"Replace the current database with the backup from {backup_label(backup)}?\n\n"
            "Changes made after that backup are not in it. The current database is kept as a "
            "backup first (a damaged one is renamed beside it), so this can be undone.")
    if unsigned is not None:
        text = f"{unsigned_text(unsigned)}\n\n{text}"
    if stranger is not None:
        current = ("cannot be read" if stranger.current_cases is None
                   else f"holds {stranger.current_cases} case(s)")
        text = (f"This backup was made by another Casebook installation (another audit "
                f"key).\n\nThe backup holds {stranger.backup_cases} case(s); the current "
                f"database {current}. Every current case is replaced, and the audit trail "
                f"continues with that installation's.\n\n{text}")
    return text


def restored_text(result: RestoreResult) -> str:
    text = f"Restored the backup from {result.backup.label}."
    if result.previous:
        text += f"\n\nThe database it replaced was kept as a backup:\n{result.previous}"
    return text


def problems_text(report: HealthReport) -> str:
    found = "; ".join(" ".join(problem.split()) for problem in report.problems[:2])
    text = f"The database failed its integrity check ({found})."
    if report.offer:
        return text + f" The newest good backup is from {report.offer.label}."
    return text + " No verified backup was found: export your cases and ask for help."


def suggested_target(backups_folder: Path) -> Path:
    return backups_folder / f"casebook-backup-{dt.datetime.now():%Y%m%d-%H%M%S}.zip"


def key_exported_text(path: Path) -> str:
    return (f"The audit key was written to:\n{path}\n\nOnly you can read it. Keep it safe and "
            "apart from your backups (whoever holds both could forge a backup). Restoring a "
            "backup on another computer, or in a new data folder, asks for this file.")


class BackupActions(QObject):
    done = Signal(str)      # a backup or restore ended (the message, for the status bar)
    restored = Signal()     # the database was replaced: views reload
    checked = Signal(object)  # the after-start work ended: a HealthReport

    def __init__(self, casebook: Casebook, session: CaseSession, runner: BackgroundRunner,
                 prompter: Prompter, banner: HealthBanner, parent: QWidget):
        super().__init__(parent)
        self.casebook = casebook
        self.session = session
        self.runner = runner
        self.prompter = prompter
        self.banner = banner
        self.parent_widget = parent
        self.busy = False
        self._offer: BackupInfo | None = None
        banner.restore_requested.connect(self._on_restore_offered)

    # -- back up now -----------------------------------------------------------------------
    def back_up_now(self) -> None:
        if self._refuse_when_busy():
            return
        target = choose_save_target(
            self.prompter, "Back up now", str(suggested_target(self.casebook.paths.backups)),
            self.casebook.paths.root, BACKUP_FILTER, allow_inside=self.casebook.paths.backups,
            adjust=lambda path: path if path.suffix.lower() == ".zip"
            else path.with_name(path.name + ".zip"))
        if target is None:
            return
        self._start("Backing up…", lambda _p: self.casebook.backups.create(target),
                    self._on_backed_up)

    def _on_backed_up(self, info: BackupInfo) -> None:
        self._finish(backup_done_text(info))

    # -- restore ---------------------------------------------------------------------------
    def restore_from_backup(self) -> None:
        if self._refuse_when_busy():
            return
        choice = self.prompter.choose_backup(self.casebook.backups.list())
        if choice is not None:
            self.restore(choice)

    def restore(self, backup: BackupInfo | Path) -> None:
        """Confirm, close the open case (Save / Discard / Cancel), restore in the background."""
        if self._refuse_when_busy():
            return
        backups = self.casebook.backups
        was_open = self.parent_widget.isVisible()
        try:
            # reading a backup's manifest and counting its cases opens the zip: off the UI
            # thread; a quit meanwhile ends the restore there (no question after the quit)
            info, stranger, needs_key = run_and_wait("Reading the backup…",
                                                     lambda p: _inspect(backups, backup, p),
                                                     self.parent_widget, stop_on_quit=True)
        except Interrupted:  # the app quit while the backup was read
            log.info("restore not started: Casebook quit while the backup was read")
            return
        except CasebookError as exc:
            if not self._closed_meanwhile(was_open, "the backup could not be read: %s", exc):
                self.prompter.error(str(exc))
            return
        if self._closed_meanwhile(was_open, "the backup was read: %s", backup_label(backup)):
            return
        key_file = None
        if needs_key:
            key_file = choose_key_file(self.prompter, KEY_TITLE)
            if key_file is None:
                return
            try:
                backups.check_key(info, key_file)
            except CasebookError as exc:
                self.prompter.error(str(exc))
                return
        unsigned = info if info.legacy else None
        if not self.prompter.confirm("Restore from backup",
                                     confirm_restore_text(backup, stranger, unsigned)):
            return
        if not self.session.close_case():
            # Cancel at Save / Discard / Cancel (or a save that failed): the case stays open
            # and nothing was restored; the status bar says so rather than nothing at all
            log.info("restore not started: the open case was kept open")
            self.done.emit(RESTORE_CANCELLED)
            return
        accept = stranger is not None  # the user saw both counts and said yes
        self._start("Restoring the backup…",
                    lambda _p: backups.restore(info, accept_stranger=accept,
                                               accept_unsigned=unsigned is not None,
                                               key_file=key_file),
                    self._on_restored)

    def _on_restored(self, result: RestoreResult) -> None:
        self._offer = None
        self.banner.hide()
        self.restored.emit()
        self._finish(restored_text(result))

    def _on_restore_offered(self) -> None:
        if self._offer is not None:
            self.restore(self._offer)

    # -- the audit key ---------------------------------------------------------------------
    def export_key(self) -> None:
        """File › Export audit key…: the key, to a file the user chooses outside the folder."""
        target = choose_save_target(self.prompter, "Export audit key",
                                    str(Path.home() / "casebook-audit.key"),
                                    self.casebook.paths.root, KEY_FILTER)
        if target is None:
            return
        try:  # the user said Yes to replacing a file there
            written = self.casebook.backups.export_key(target, force=True)
        except CasebookError as exc:
            self.prompter.error(str(exc))
            return
        self.prompter.info(key_exported_text(written))
        self.done.emit(f"Audit key exported to {written}")

    # -- after start-up --------------------------------------------------------------------
    def start_automatic(self) -> None:
        """The quick check, then the daily backup when due; both in the background."""
        self.busy = True
        self.runner.start(self._check_and_back_up, on_done=self._on_checked,
                          on_failed=self._on_check_failed)

    def _check_and_back_up(self, _progress: Progress) -> HealthReport:
        """Worker: services only, no widgets."""
        problems = self.casebook.maintenance.quick_check()
        if problems:
            return HealthReport(problems, offer=self.casebook.backups.newest_good())
        if not self.casebook.settings.automatic_backups:
            return HealthReport()
        try:
            return HealthReport(backup=self.casebook.backups.run_daily_if_due())
        except CasebookError as exc:
            log.error("automatic backup failed: %s", exc)
            return HealthReport(backup_error=str(exc))

    def _on_checked(self, report: HealthReport) -> None:
        self.busy = False
        if report.problems:
            log.error("quick check after start-up: %s", report.problems)
            self._offer = report.offer
            self.banner.show_problem(problems_text(report), can_restore=report.offer is not None)
        elif report.backup_error:
            self.banner.show_problem(f"The automatic backup could not be made: "
                                     f"{report.backup_error}", can_restore=False,
                                     level="warning")
        elif report.backup:
            self.done.emit(f"Automatic backup made: {report.backup.path.name}")
        self.checked.emit(report)

    def _on_check_failed(self, message: str) -> None:
        self.busy = False
        self.banner.show_problem(f"The start-up check could not run: {message}",
                                 can_restore=False, level="warning")
        self.checked.emit(HealthReport(backup_error=message))

    # -- plumbing --------------------------------------------------------------------------
    def _closed_meanwhile(self, was_open: bool, what: str, detail: object) -> bool:
        """True when the window, open before, was closed (Ctrl+Q, its close button, the quit
        command) while a backup was read: its close waited for the read to end, the app is
        quitting, and no question or message may follow."""
        if not (was_open and self.parent_widget.isHidden()):
            return False
        log.info("restore not started: Casebook was closed while " + what, detail)
        return True

    def _refuse_when_busy(self) -> bool:
        if self.busy:
            self.prompter.info(BUSY_TEXT)
        return self.busy

    def _start(self, label: str, work: Work, on_done: Callable[[Any], None]) -> None:
        self.busy = True
        run_with_progress(self.runner, self.parent_widget, label, work, on_done, self._fail)

    def _finish(self, message: str) -> None:
        self.busy = False
        self.prompter.info(message)
        self.done.emit(message)

    def _fail(self, message: str) -> None:
        self.busy = False
        self.prompter.error(message)
        self.done.emit(message)


def _inspect(backups: BackupService, backup: BackupInfo | Path,
             progress: Progress) -> tuple[BackupInfo, Stranger | None, bool]:
    """A backup's manifest, whether it comes from another installation, and whether restoring
    it needs a key file (this folder's keys are read: all on the worker). Each step reports
    progress, where a quit stops it (``run_and_wait``'s ``stop_on_quit``)."""
    progress(0, 3)
    info = backup if isinstance(backup, BackupInfo) else read_backup(backup)
    progress(1, 3)
    stranger = backups.stranger(info)
    progress(2, 3)
    return info, stranger, backups.needs_key(info)
