"""What every service needs: the database, the audit trail, the user, the data folder."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from core.errors import StorageError
from core.logs import get_logger
from core.paths import DataPaths
from core.store.audit import AuditTrail
from core.store.engine import Database

if TYPE_CHECKING:
    from core.store.files import FileStore

log = get_logger("services")


@dataclass
class Context:
    paths: DataPaths
    db: Database
    audit: AuditTrail
    user: str
    read_only: bool = False  # opened by a reader: nothing is created, migrated or refreshed
    # why writes to cases and the audit trail are refused (an import's undo failed: its
    # marker stands, and the undo at the next open would remove what a later save wrote)
    writes_refused: str | None = None

    @property
    def files(self) -> FileStore:
        """The data folder's attached files (figures, documents), by content hash."""
        from core.store.files import FileStore

        return FileStore(self.paths.files)

    @contextmanager
    def write(self, *, side_table: bool = False, undoing: bool = False
              ) -> Iterator[tuple[Connection, AuditTrail]]:
        """One user action: one write transaction; the audit head is recorded after commit.

        The writer lock (re-entrant) is held until the head's write is queued: the head
        writer thread writes the heads in order (``AuditTrail.commit_head``), so another
        thread's transaction never records its head before this one's. The pending head
        (``AuditTrail.append``) is written in a writer thread while the transaction goes on,
        and is on disk before the commit (``AuditTrail.beside``).

        While ``writes_refused`` is set, StorageError with that message, nothing written;
        except for writes that touch neither cases nor the audit trail (``side_table``:
        drafts, saved searches, which keep the user's edits meanwhile) and the undo itself.
        """
        if self.writes_refused and not (side_table or undoing):
            raise StorageError(self.writes_refused)
        with self.db.write_lock:
            trail = self.audit
            try:
                with self.db.write() as conn, trail.beside():  # head on disk before commit
                    yield conn, trail
            except (OperationalError, DBAPIError) as exc:
                trail.discard_pending()
                raise storage_error(exc) from exc
            except BaseException:
                trail.discard_pending()
                raise
            _record_head(trail)


def _record_head(trail: AuditTrail) -> None:
    """The transaction has committed: a failed head write must not turn it into an error.
    The head file still holds this save as its pending head, which verification accepts."""
    try:
        trail.commit_head()
    except OSError as exc:
        trail.discard_pending()
        log.warning("the audit head could not be written (%s); its pending head stands", exc)


def storage_error(exc: Exception) -> StorageError:
    """Turn a database failure into a plain message; the details go to the log."""
    log.error("storage failure: %s", exc)
    text = str(getattr(exc, "orig", exc)).lower()
    if "full" in text:
        msg = "The disk is full: nothing was saved. Free some space and save again."
    elif "readonly" in text or "read-only" in text or "unable to open" in text:
        msg = ("The data folder is read-only or cannot be opened: nothing was saved. Check "
               "that it exists and that you may write to it.")
    elif "locked" in text or "busy" in text:
        msg = "The database is busy in another program: nothing was saved. Try again."
    elif "disk i/o" in text:
        msg = "A disk error stopped the save: nothing was saved. Check the disk and save again."
    elif isinstance(getattr(exc, "orig", None), sqlite3.DatabaseError):
        msg = f"The database could not be written ({text}); nothing was saved."
    else:
        msg = "The database could not be written; nothing was saved."
    return StorageError(msg)
