"""Test set-up: headless Qt, and a fresh data folder for every test (never the real one)."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest  # noqa: E402

DATA = Path(__file__).parent / "data"
REFERENCE = DATA / "reference-cases.json"
REFERENCE_CASEBOOK = DATA / "reference-cases.casebook.json"


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder through CASEBOOK_HOME."""
    home = tmp_path / "casebook-home"
    monkeypatch.setenv("CASEBOOK_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return home


@pytest.fixture
def reference_docs() -> list[dict]:
    """The two reference cases in Casebook's interchange form."""
    return json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"]


@pytest.fixture
def reference_cases(reference_docs):
    from core.model import Case

    return [Case.model_validate(d) for d in reference_docs]


@pytest.fixture
def casebook(data_home: Path):
    from core.services import open_casebook

    cb = open_casebook(data_home, user="dr.test")
    yield cb
    cb.close()
