"""For screenshot scripts (``make screenshots``): the section names in order, and a helper
that saves one PNG per section of an editor (``CaseEditor.show_section(name)`` + grab)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from gui.editor.sections import section_names

if TYPE_CHECKING:
    from gui.editor.editor import CaseEditor

__all__ = ["save_section_screens", "section_names"]


def screen_file_name(index: int, name: str) -> str:
    return f"{index:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.png"


def save_section_screens(editor: CaseEditor, folder: Path) -> list[Path]:
    """Show every section in turn and save ``editor.grab()`` as PNG; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for index, name in enumerate(section_names()):
        editor.show_section(name)
        editor.evaluate_now()
        QApplication.processEvents()
        path = folder / screen_file_name(index, name)
        editor.grab().save(str(path))
        saved.append(path)
    return saved
