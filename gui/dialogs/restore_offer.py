"""At start-up: a damaged, foreign or newer database, and the offer to restore the newest good
backup (``gui.app.handle_database_problem``).

The restore runs off the UI thread (``run_and_wait``); the file it replaces is never overwritten
(the core keeps a healthy one as a backup and moves any other aside). When the folder's audit
key is missing too, the user chooses the key file exported earlier (backups do not hold it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from core.errors import CasebookError, DatabaseProblem
from core.logs import get_logger
from core.paths import DataPaths
from core.services.backup import (
    OFFER_KINDS,
    BackupInfo,
    RestorableDatabaseProblem,
    RestoreResult,
    restore_backup,
)
from gui.message_box import MessageBox
from gui.progress import run_and_wait

if TYPE_CHECKING:
    from gui.dialogs.prompter import Prompter

log = get_logger("gui.restore")
KEY_FILTER = "Casebook audit key (*.key);;All files (*)"
KEY_TITLE = "Choose the audit key file exported from this installation"
KEY_NOTE = ("\n\nThe audit key of this data folder is missing as well, and backups do not hold "
            "it: restoring asks for the key file exported from this installation (File › "
            "Export audit key… or `casebook audit key export`).")


def offer_text(problem: str, backup: BackupInfo) -> str:
    return (f"{problem}\n\nA verified backup from {backup.label} can replace it. Changes made "
            "after that backup are not in it. The current file is kept beside it, never "
            "overwritten.\n\nRestore the backup now?")


def problem_text(exc: DatabaseProblem, paths: DataPaths) -> str:
    """The message when there is no backup to offer."""
    none_found = (f"No verified backup was found in {paths.backups}. "
                  if exc.kind in OFFER_KINDS else "")
    return (f"Casebook cannot open its database.\n\n{exc}\n\n{none_found}Nothing was "
            f"changed. Data folder: {paths.root}")


def restored_text(result: RestoreResult) -> str:
    kept = (f"\n\nThe file it replaced was kept as {result.previous}." if result.previous
            else "")
    return (f"Restored the backup from {result.backup.label}. Casebook opens with it now."
            + kept)


def ask_restore_offer(parent: QWidget | None, problem: str, backup: BackupInfo) -> bool:
    """The question itself (QtPrompter.offer_restore): Restore, or Quit."""
    box = MessageBox(MessageBox.Icon.Warning, "Casebook",
                     "Casebook cannot open its database.", parent=parent)
    box.setInformativeText(offer_text(problem, backup))
    box.setDetailedText(f"Backup: {backup.path}\nAudit check of the backup: "
                        f"{backup.audit_message}")
    restore = box.addButton("&Restore the backup", MessageBox.ButtonRole.AcceptRole)
    box.addButton("&Quit", MessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def choose_key_file(prompter: Prompter, title: str) -> Path | None:
    """The audit key file the user picks for a restore; None when none was chosen."""
    chosen = prompter.choose_open_files(title, KEY_FILTER)
    return chosen[0] if chosen else None


def resolve_database_problem(exc: DatabaseProblem, paths: DataPaths,
                             prompter: Prompter) -> bool:
    """Explain ``exc``; offer the newest good backup when there is one (and, when the folder's
    audit key is missing, ask for its key file). True: restored, open the database again."""
    if not isinstance(exc, RestorableDatabaseProblem):
        prompter.error(problem_text(exc, paths))
        return False
    problem = str(exc.problem) + (KEY_NOTE if exc.needs_key else "")
    if not prompter.offer_restore(problem, exc.backup):
        log.info("restore offer declined: nothing changed")
        return False
    key_file = None
    if exc.needs_key:
        key_file = choose_key_file(prompter, KEY_TITLE)
        if key_file is None:
            log.info("no key file chosen for the restore: nothing changed")
            return False
    try:
        result = run_and_wait("Restoring the backup…",
                              lambda _progress: restore_backup(paths, exc.backup,
                                                               key_file=key_file))
    except CasebookError as err:
        log.error("start-up restore failed: %s", err)
        prompter.error(f"The backup could not be restored. {err}\n\nData folder: {paths.root}")
        return False
    prompter.info(restored_text(result))
    return True
