"""Upgrading a database made by the first schema, and a migration that fails midway."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from core.cli import main
from core.errors import DatabaseProblem
from core.paths import data_paths
from core.services import open_casebook
from core.store import schema
from core.store.backup import list_backups
from core.store.content import document_digest
from tests.conftest import DATA
from tests.reliability.conftest import copy_folder

V1 = DATA / "v1-casebook"


def script_head(location: Path) -> str:
    cfg = Config()
    cfg.set_main_option("script_location", str(location))
    return ScriptDirectory.from_config(cfg).get_current_head()


def rows(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


CASES = "SELECT id, version, status, trashed_at, document FROM cases ORDER BY id"
AUDIT = "SELECT * FROM audit ORDER BY seq"
SCHEMA = "SELECT type, name, sql FROM sqlite_master ORDER BY name"


def test_the_head_revision_is_the_scripts_head():
    assert script_head(schema._MIGRATIONS) == schema.HEAD_REVISION
    assert schema.HEAD_REVISION in schema.KNOWN_REVISIONS


def test_first_schema_database_upgrades_intact(data_home):
    copy_folder(V1, data_home)
    db = data_home / "casebook.db"
    cases_before, audit_before = rows(db, CASES), rows(db, AUDIT)
    cb = open_casebook(data_home)
    try:
        assert rows(db, "SELECT version_num FROM alembic_version") == [(schema.HEAD_REVISION,)]
        assert rows(db, CASES) == cases_before
        audit_after = rows(db, AUDIT)  # the entries as they were, then one baseline per case
        assert audit_after[:len(audit_before)] == audit_before
        baseline = audit_after[len(audit_before):]
        assert [(r[3], r[4], r[7]) for r in baseline] == [
            (case_id, "baseline", document_digest(document))
            for case_id, *_, document in cases_before]
        assert rows(db, "SELECT * FROM app_meta WHERE key = 'audit_baseline'") == []
        for case_id, version, status, *_ in cases_before:
            case = cb.cases.open_case(case_id)
            assert (case.version, case.status) == (version, status)
        assert cb.audit.verify().ok and cb.maintenance.check().ok
        if schema.HEAD_REVISION != "0001":
            [backup] = list_backups(cb.paths)
            assert backup.kind == "pre-migration" and backup.schema_revision == "0001"
            assert backup.good and backup.cases == len(cases_before)
    finally:
        cb.close()


@pytest.fixture
def at_head(data_home) -> Path:
    """The first-schema folder, upgraded to the real head."""
    copy_folder(V1, data_home)
    open_casebook(data_home).close()
    return data_home


@pytest.fixture
def failing_migration(tmp_path, monkeypatch) -> dict[str, object]:
    """A copy of the migrations plus one on top of the head that changes things, then fails.
    Returns the real settings, to put back."""
    real = {n: getattr(schema, n) for n in ("_MIGRATIONS", "HEAD_REVISION", "KNOWN_REVISIONS")}
    location = tmp_path / "migrations"
    shutil.copytree(schema._MIGRATIONS, location,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr("core.store.summaries.MIGRATIONS", location)  # `casebook list`'s
    (location / "versions" / "9999_fails_midway.py").write_text(f'''
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{script_head(schema._MIGRATIONS)}"


def upgrade():
    op.create_table("leftover", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE cases SET title = 'half-migrated'")
    op.execute("DELETE FROM audit WHERE seq > 2")
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("extra", sa.Text))
    raise RuntimeError("migration failed midway")
''')
    monkeypatch.setattr(schema, "_MIGRATIONS", location)
    monkeypatch.setattr(schema, "HEAD_REVISION", "9999")
    monkeypatch.setattr(schema, "KNOWN_REVISIONS", (*schema.KNOWN_REVISIONS, "9999"))
    return real


@pytest.mark.expected_errors("a failing migration is logged")
def test_a_failed_migration_leaves_the_database_as_it_was(at_head, failing_migration,
                                                          monkeypatch):
    data_home, real = at_head, failing_migration
    db = data_home / "casebook.db"
    before = [rows(db, q) for q in (SCHEMA, CASES, AUDIT, "SELECT * FROM alembic_version")]
    with pytest.raises(DatabaseProblem, match="left as it was") as caught:
        open_casebook(data_home)
    assert caught.value.kind == "migration" and "backup made just before" in str(caught.value)
    assert [rows(db, q) for q in (SCHEMA, CASES, AUDIT, "SELECT * FROM alembic_version")] == before
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert list_backups(data_paths(data_home))[0].kind == "pre-migration"
    for name in ("_MIGRATIONS", "HEAD_REVISION", "KNOWN_REVISIONS"):
        monkeypatch.setattr(schema, name, real[name])
    cb = open_casebook(data_home)
    assert cb.audit.verify().ok
    cb.close()


@pytest.mark.expected_errors("a failing migration is logged")
def test_a_failed_migration_on_the_command_line(at_head, failing_migration, capsys):
    assert main(["list"]) == 1  # a reader never upgrades: it says what would
    err = capsys.readouterr().err
    assert "must be upgraded to 9999" in err and "casebook reindex" in err
    assert main(["reindex"]) == 1
    err = capsys.readouterr().err
    assert "could not be upgraded" in err and "casebook restore" not in err

