"""Where Casebook keeps its files: one data folder (ARCHITECTURE decision 10).

The folder comes from ``--data-dir``, else ``CASEBOOK_HOME``, else the platform's user data
folder (platformdirs). Everything lives inside it: database, log, audit key and chain head,
drafts, backups, lock file, settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Casebook"
ENV_HOME = "CASEBOOK_HOME"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    """Every file Casebook keeps in one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "casebook.db"

    @property
    def log_file(self) -> Path:
        return self.root / "casebook.log"

    @property
    def lock_file(self) -> Path:
        return self.root / "casebook.lock"

    @property
    def instance_file(self) -> Path:
        return self.root / "casebook.instance"

    @property
    def audit_key(self) -> Path:
        return self.root / "config" / "audit.key"

    @property
    def audit_head(self) -> Path:
        return self.root / "config" / "audit-head.json"

    @property
    def settings_file(self) -> Path:
        return self.root / "config" / "settings.json"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def files(self) -> Path:
        """Attached figures and documents, by content hash (core.store.files)."""
        return self.root / "files"

    def ensure(self) -> DataPaths:
        (self.root / "config").mkdir(parents=True, exist_ok=True)
        self.backups.mkdir(parents=True, exist_ok=True)
        return self


def data_paths(override: str | os.PathLike[str] | None = None) -> DataPaths:
    return DataPaths(resolve_data_dir(override))
