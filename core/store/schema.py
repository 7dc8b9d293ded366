"""Opening a data folder's database: recognise it, migrate it (backup first), refuse strangers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from core.errors import DatabaseProblem
from core.logs import get_logger
from core.store.engine import Database, sqlite_version

HEAD_REVISION = "0001"
KNOWN_REVISIONS = ("0001",)
_MIGRATIONS = Path(__file__).parent / "migrations"
log = get_logger("store")


def inspect_file(path: Path) -> str | None:
    """The schema revision of an existing Casebook database; None for a new or empty file.

    Raises DatabaseProblem for a damaged file, a non-Casebook file, or a newer schema.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
    revision = row[0] if row else None
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
        if revision is not None and backup is not None:
            backup(path, f"pre-migration-{revision}")
        _upgrade(db)
    return db


def _upgrade(db: Database) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with db.write() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database schema upgraded to %s", HEAD_REVISION)
