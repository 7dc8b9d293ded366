"""Fixtures shared by the core tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.cli import main
from tests.core.rare_combination import rare_doc


@pytest.fixture
def stored_rare(tmp_path: Path, reference_docs: list[dict]):
    """Import the first reference case made a rare combination (rule V60), confirmed by an
    override or not, through the CLI."""
    def store(confirmed: bool = False) -> None:
        path = tmp_path / "rare.casebook.json"
        path.write_text(json.dumps({"cases": [rare_doc(reference_docs[0], confirmed)]}),
                        encoding="utf-8")
        assert main(["import", str(path)]) == 0
    return store
