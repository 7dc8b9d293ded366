"""User preferences kept in the data folder (one typed facade)."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError


class Settings(BaseModel):
    user_name: str = ""
    signer_name: str = ""  # the name last signed with (Lock…): the next lock's suggestion
    default_pdf_mode: Literal["identified", "deidentified"] = "identified"
    automatic_backups: bool = True
    date_format: str = "%d/%m/%Y"
    # the folder last chosen for an output (a PDF saved, a submission kit): where the next
    # one's dialog opens (gui.output_folder), "" before the first
    output_folder: str = ""

    def effective_user(self) -> str:
        if name := one_line_name(self.user_name):
            return name
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"


def one_line_name(text: str) -> str:
    """A name as the audit trail records it: one line, a pasted line break, tab or run of
    spaces one space ("Dr. Mueller\\nHematology" is "Dr. Mueller Hematology"), trimmed."""
    return " ".join(text.split())


def load_settings(path: Path) -> Settings:
    try:
        return Settings.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(settings.model_dump(), indent=2), encoding="utf-8")
    os.replace(tmp, path)
