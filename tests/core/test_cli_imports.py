"""The command line starts quickly (issue 20): `--help` imports nothing heavy and each command
imports only what it needs, as `python -X importtime` shows (not timed here: `make bench`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli import main
from core.cli.registry import ENTRIES, load
from tests.conftest import REFERENCE_CASEBOOK

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"sqlalchemy", "pydantic", "reportlab", "PySide6", "alembic"}


def imported(*args: str) -> tuple[set[str], str]:
    """The modules `python -X importtime -m core.cli ARGS` imported, and its standard output."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "core.cli", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 2), done.stderr[-2000:]
    modules = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    return modules, done.stdout


def packages(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("args", [["--help"], [], ["list", "--help"], ["report", "--help"],
                                  ["import", "--help"], ["audit", "key", "export", "--help"]])
def test_help_imports_nothing_heavy(args):
    modules, out = imported(*args)
    assert not packages(modules) & HEAVY, sorted(packages(modules) & HEAVY)
    assert not {m for m in modules if m.startswith(("core.services", "core.store", "core.model"))}
    assert not {m for m in modules if m.startswith("core.cli.commands_")} or args != ["--help"]
    if args == ["--help"]:
        assert "list the stored cases" in out


def test_list_imports_no_pdf_or_migration_code(data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    modules, out = imported("--data-dir", str(data_home), "list")
    assert not packages(modules) & {"reportlab", "alembic", "PySide6"}
    # an ordinary folder is read with sqlite3 alone: no SQLAlchemy, no model, no services
    assert not packages(modules) & {"sqlalchemy", "pydantic"}
    assert not {m for m in modules if m.startswith(("core.report", "core.services",
                                                    "core.clinical", "core.model"))}
    assert "SEED-C1-CAO2023" in out and "SEED-C2-CAO2023" in out


def test_every_listed_command_is_its_module_s_command():
    for entry in ENTRIES:
        command = load(entry)
        assert (command.name, command.help) == (entry.name, entry.help)
