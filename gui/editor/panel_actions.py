"""Actions that a particular kind of table adds to its buttons (beyond add/duplicate/remove),
keyed by the record's model class (not its name: a renamed class fails at import, not
silently)."""

from __future__ import annotations

from typing import Any

from core.model.report import Reference
from core.model.treatment import DrugAdministration


def extra_actions(model: type) -> list[Any]:
    if isinstance(model, type) and issubclass(model, DrugAdministration):
        from gui.editor.blinatumomab import open_cycle_dialog

        return [("Add &blinatumomab cycle…", "Ctrl+Shift+B", open_cycle_dialog)]
    if isinstance(model, type) and issubclass(model, Reference):
        from gui.editor.citation_dialog import open_citation_dialog

        return [("&Paste citation…", "Ctrl+Shift+V", open_citation_dialog)]
    return []
