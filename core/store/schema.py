"""Opening a data folder's database: recognise it, migrate it (backup first), refuse strangers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from core.errors import DatabaseProblem
from core.logs import get_logger
from core.store import fresh
from core.store.engine import Database, read_only_uri, sqlite_version
from core.store.health import header_problem
from core.store.revisions import read_revisions

_MIGRATIONS = Path(__file__).parent / "migrations"
KNOWN_REVISIONS = read_revisions(_MIGRATIONS / "versions")  # oldest first, without Alembic
HEAD_REVISION = KNOWN_REVISIONS[-1]
log = get_logger("store")


def inspect_file(path: Path) -> str | None:
    """The schema revision of an existing Casebook database; None for a new or empty file.

    Raises DatabaseProblem for a damaged file, a non-Casebook file, or a newer schema.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    problem = header_problem(path)
    if problem:
        raise DatabaseProblem(f"The database file {path} is damaged: {problem}.", "damaged")
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return None
            if "app_meta" not in tables or "alembic_version" not in tables:
                raise DatabaseProblem(f"{path} is not a Casebook database.", "foreign")
            app = con.execute("SELECT value FROM app_meta WHERE key='application'").fetchone()
            if not app or app[0] != "casebook":
                raise DatabaseProblem(f"{path} is not a Casebook database.", "foreign")
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(
            f"The database file {path} is damaged or not a database ({exc}).", "damaged"
        ) from exc
    revision: str | None = row[0] if row else None
    if revision not in KNOWN_REVISIONS:
        raise DatabaseProblem(
            f"The database {path} was made by a newer Casebook (schema {revision}); "
            "update Casebook to open it.", "newer")
    return revision


def open_database(path: Path, backup: Callable[[Path, str], object] | None = None) -> Database:
    """Open (creating or upgrading as needed) the database at ``path``."""
    revision = inspect_file(path)
    log.info("opening %s (schema %s, SQLite %s)", path, revision or "new", sqlite_version())
    db = Database(path)
    if revision != HEAD_REVISION:
        made = None
        if revision is not None and backup is not None:
            made = backup(path, f"pre-migration-{revision}")
        try:
            _upgrade(db, new=revision is None)
        except Exception as exc:
            db.dispose()
            raise _upgrade_failed(path, revision, made, exc) from exc
    return db


def _upgrade_failed(path: Path, revision: str | None, backup: object,
                    exc: Exception) -> DatabaseProblem:
    """The upgrade runs in one transaction, so a failure leaves the database as it was."""
    log.exception("upgrading %s from schema %s failed", path, revision)
    where = f" A backup made just before is at {backup.path}." if hasattr(backup, "path") else ""
    return DatabaseProblem(
        f"The database {path} could not be upgraded from schema {revision} to {HEAD_REVISION} "
        f"({exc.__class__.__name__}: {exc}). It was left as it was.{where}", "migration")


def _upgrade(db: Database, *, new: bool = False) -> None:
    """Bring the database to the head schema in one transaction: Alembic, or for a ``new``
    one after the first of this process, the first's schema replayed (core.store.fresh)."""
    with db.write() as conn:
        if new and fresh.replay(conn):
            log.info("database made at schema %s", HEAD_REVISION)
            return
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        if new:
            fresh.learn(conn)
    log.info("database schema upgraded to %s", HEAD_REVISION)
