"""Actions that a particular kind of table adds to its buttons (beyond add/duplicate/remove)."""

from __future__ import annotations

from typing import Any


def extra_actions(model: type) -> list[Any]:
    if model.__name__ == "DrugAdministration":
        from gui.editor.blinatumomab import open_cycle_dialog

        return [("Add &blinatumomab cycle…", "Ctrl+Shift+B", open_cycle_dialog)]
    return []
