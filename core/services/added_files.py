"""The files one piece of work put into the data folder's file store, taken back when the work
is dropped: a failed import (``import_files.ImportedFiles``), an editing session whose changes
are discarded (the app's Figures section, ``EditedFiles``).

A file is taken back only when this work created it (the store held no copy before; see
``FileStore.remove_added``: not when someone else in this process put it since), and no case
saved since the work began (trashed too), no kept draft and no audit entry since then (an
older version of a case) names it; all of it under the database's write lock, so no save
comes between the check and the removal. A file kept is harmless (named by nothing, as a
removed figure's file); one lost is not.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from pathlib import Path

from core.logs import get_logger
from core.store.engine import Database, plain
from core.store.files import FileStore, StoredFile

log = get_logger("services")
# the cases saved (or trashed, restored...) since the audit entry ``?``, and the drafts (an
# editor's unsaved work: a handful of rows), that name a file
_NAMING = ("SELECT document FROM cases WHERE id IN (SELECT case_id FROM audit WHERE seq > ? "
           "AND case_id IS NOT NULL) AND document LIKE '%\"file_sha256\"%' "
           "UNION ALL SELECT document FROM drafts WHERE document LIKE '%\"file_sha256\"%'")
# an audit entry since ``?`` naming the file (a figure saved, then removed again)
_AUDITED = "SELECT 1 FROM audit WHERE seq > ? AND (instr(old, ?) OR instr(new, ?)) LIMIT 1"
_FILE_SHA = re.compile(r'"file_sha256"\s*:\s*"([0-9a-f]{64})"')


class AddedFiles:
    """The files this work (``self``: their owner in the store) added; see the module."""

    def __init__(self, store: FileStore, db: Database | None = None):
        self.files = store
        self.db = db  # the folder's database: its write lock, the cases naming a file
        self.since = self._audit_tip()  # every save after this point has a later audit entry
        self.added: list[str] = []  # hashes this work put into the store

    def remove_added(self) -> None:
        """Remove the files this work created, under the database's write lock (no save
        comes between), except one a case saved since the work began, a draft or an audit
        entry since then names, or that someone else put since (an attach of the same
        picture meanwhile: ``FileStore.remove_added``)."""
        if not self.added:
            return
        with self.db.write_lock if self.db is not None else nullcontext():
            used = self._named(set(self.added))
            for sha in self.added:
                if sha in used:
                    continue
                try:
                    self.files.remove_added(sha, self)
                except OSError as exc:  # harmless: no case names it
                    log.warning("a file no case names could not be removed (%s)", exc)
            self.files.release(self.added, self)
        self.added = []

    def _audit_tip(self) -> int:
        """The last audit entry's number before the work (0 when unknown: all are read)."""
        if self.db is None:
            return 0
        try:
            with self.db.read() as conn:
                row = plain(conn, "SELECT max(seq) FROM audit").fetchone()
        except Exception as exc:  # noqa: BLE001 - then every case is read, as before
            log.warning("the audit trail's last entry could not be read (%s)", exc)
            return 0
        return int(row[0] or 0) if row else 0

    def _named(self, hashes: set[str]) -> set[str]:
        """Those of ``hashes`` a case saved since the work began (trashed too: an attach of
        the same picture meanwhile), an editor's draft or an audit entry since then names;
        all of them when the database cannot be read (a file kept is harmless, one lost is
        not). A case saved before names none of them: a file this work created was not in
        the store then (a case naming it then lacked its image, and lacks it again). So the
        cost is that of the cases saved since, not of every case in the folder."""
        if self.db is None:
            return set()
        found: set[str] = set()
        try:
            with self.db.read() as conn:
                for (document,) in plain(conn, _NAMING, (self.since,)):
                    found.update(h for h in _FILE_SHA.findall(document) if h in hashes)
                found.update(h for h in hashes - found
                             if plain(conn, _AUDITED, (self.since, h, h)).fetchone())
        except Exception as exc:  # noqa: BLE001 - the work's own error is the one to raise
            log.warning("the files are kept: the cases naming them could not be read (%s)",
                        exc)
            return hashes
        return found


class EditedFiles(AddedFiles):
    """The files an editing session (one case in the app) stored: Discard takes back those no
    saved case, kept draft or audit entry names (``remove_added``). Puts come from a worker
    thread; the take-back comes after they have ended. The audit tip is read before the
    first put, not when the case is opened (most editing stores no file): no case saved
    before then can name a file the session had not yet created."""

    def __init__(self, store: FileStore, db: Database | None = None):
        self.files, self.db, self.added = store, db, []
        self.since = -1  # read at the first put (``_begin``)

    def put_path(self, path: Path) -> StoredFile:
        self._begin()
        return self._note(self.files.put_path(path, self))

    def put_bytes(self, data: bytes, name: str) -> StoredFile:
        self._begin()
        return self._note(self.files.put_clean(data, name, self)[0])

    def _begin(self) -> None:
        if self.since < 0:
            self.since = self._audit_tip()

    def _note(self, stored: StoredFile) -> StoredFile:
        if stored.sha256 not in self.added:  # one the store held before is not ours to
            self.added.append(stored.sha256)  # remove: FileStore.remove_added says so
        return stored
