"""Reliability tests: soak runs only on request (``make soak`` = ``pytest -m soak``)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from core.store.heads import settle
from tests.conftest import REFERENCE_CASEBOOK


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "soak" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="soak test: run it with `make soak` (pytest -m soak)")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def filled(casebook, reference_cases):
    """A casebook with the reference cases imported and one saved, trashed and restored."""
    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    case = casebook.cases.open_case(reference_cases[0].case_id)
    case.patient.sex = "female"
    casebook.cases.save_case(case)
    casebook.cases.trash_case(case.case_id, "checking the trash")
    casebook.cases.restore_case(case.case_id)
    settle()  # the last head write (a writer thread's) is in the head files
    return casebook


def raw(db: Path) -> sqlite3.Connection:
    """A plain connection for tampering with the database behind Casebook's back."""
    return sqlite3.connect(db, isolation_level=None)


def copy_folder(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, dirs_exist_ok=True)
    return dest
