"""Nothing a test runs touches the user's real folders, not even a module-scoped fixture
(which runs before a test's own data folder is set): the whole session has its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def module_env() -> dict[str, str | None]:
    return {name: os.environ.get(name)
            for name in ("CASEBOOK_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")}


def test_module_fixtures_see_the_sessions_folders_not_the_real_ones(module_env) -> None:
    home = Path.home().resolve()
    for name, value in module_env.items():
        assert value, name
        assert home not in Path(value).resolve().parents, (name, value)
