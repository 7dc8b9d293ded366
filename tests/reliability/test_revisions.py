"""The schema revisions are read from the migration scripts without Alembic, agree with
Alembic's own script directory, Alembic is imported only when a migration is pending, and no
migration imports the app's live code."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from core.services import open_casebook
from core.store import schema
from core.store.revisions import RevisionsProblem, read_revisions
from tests.gui.helpers.processes import ROOT, child_env

VERSIONS = schema._MIGRATIONS / "versions"


def alembic_revisions(location: Path) -> list[str]:
    cfg = Config()
    cfg.set_main_option("script_location", str(location))
    return [s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()][::-1]


def test_the_revisions_read_from_the_scripts_are_alembics():
    assert list(schema.KNOWN_REVISIONS) == alembic_revisions(schema._MIGRATIONS)
    assert schema.HEAD_REVISION == alembic_revisions(schema._MIGRATIONS)[-1]


def _script(folder: Path, revision: str, down: str | None) -> None:
    down_text = "None" if down is None else f'"{down}"'
    (folder / f"{revision}_x.py").write_text(
        f'"""x"""\nrevision = "{revision}"\ndown_revision = {down_text}\n', encoding="utf-8")


def test_a_new_script_is_the_new_head_and_a_branch_is_refused(tmp_path):
    for revision, down in (("0002", "0001"), ("0001", None), ("0003", "0002")):
        _script(tmp_path, revision, down)
    assert read_revisions(tmp_path) == ("0001", "0002", "0003")
    _script(tmp_path, "0004", "0002")
    with pytest.raises(RevisionsProblem, match="0003, 0004 all follow 0002"):
        read_revisions(tmp_path)


def test_no_migration_imports_the_apps_code():
    scripts = [*VERSIONS.glob("*.py"), schema._MIGRATIONS / "env.py"]
    assert len(scripts) >= 5
    for script in scripts:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:  # the standard library too (0007's key takes accents off)
                top = name.split(".")[0]
                assert top in {"alembic", "sqlalchemy", "__future__", *sys.stdlib_module_names}, (
                    f"{script.name} imports {name}: migrations are frozen, never live code")


OPEN_AND_REPORT = """
import sys
from core.services import open_casebook
open_casebook(sys.argv[1]).close()
print("alembic" in sys.modules)
"""


def _alembic_imported(folder: Path) -> bool:
    done = subprocess.run([sys.executable, "-c", OPEN_AND_REPORT, str(folder)], cwd=ROOT,
                          env=child_env(), capture_output=True, text=True, timeout=120,
                          check=True)
    return done.stdout.strip() == "True"


def test_alembic_is_imported_only_when_a_migration_is_pending(data_home):
    open_casebook(data_home).close()
    assert not _alembic_imported(data_home)
    with sqlite3.connect(data_home / "casebook.db") as db:
        db.execute("UPDATE alembic_version SET version_num = ?", (schema.KNOWN_REVISIONS[-2],))
    db.close()
    assert _alembic_imported(data_home)
    assert not _alembic_imported(data_home)
