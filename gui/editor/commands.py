"""Undo commands: each committed field edit and each row insert/remove is one command."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtGui import QUndoCommand

from gui.editor.store import CaseDocument

_SET_FIELD_ID = 1001


class SetFieldCommand(QUndoCommand):
    """Set a field's value and its missing-value reason together (one clears the other).

    Consecutive live edits of the same field (typing) merge into one command.
    """

    def __init__(self, doc: CaseDocument, path: str, value: Any, reason: str | None,
                 *, mergeable: bool = False, label: str = "") -> None:
        super().__init__(f"Edit {label or path}")
        self.doc = doc
        self.path = path
        self.new = (copy.deepcopy(value), reason)
        self.old = (copy.deepcopy(doc.get(path)), doc.missing_reason(path))
        self.mergeable = mergeable

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _SET_FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not (isinstance(other, SetFieldCommand) and self.mergeable and other.mergeable):
            return False
        if other.path != self.path:
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)  # typed back to where it was: no step at all
        return True

    def redo(self) -> None:
        self._apply(*self.new)

    def undo(self) -> None:
        self._apply(*self.old)

    def _apply(self, value: Any, reason: str | None) -> None:
        self.doc.set(self.path, value, None if value is not None else reason)


class ReplaceCaseCommand(QUndoCommand):
    """The whole case at once, one step: a recovered draft over the stored case, so Undo
    (Ctrl+Z) puts every stored value back, and Redo the recovered changes."""

    def __init__(self, doc: CaseDocument, new: dict[str, Any],
                 text: str = "Recover unsaved changes") -> None:
        super().__init__(text)
        self.doc = doc
        self.old, self.new = copy.deepcopy(doc.doc), copy.deepcopy(new)

    def redo(self) -> None:
        self.doc.replace(copy.deepcopy(self.new))

    def undo(self) -> None:
        self.doc.replace(copy.deepcopy(self.old))


class InsertRowsCommand(QUndoCommand):
    def __init__(self, doc: CaseDocument, list_path: str, index: int,
                 rows: list[dict[str, Any]], text: str = "Add row") -> None:
        super().__init__(text)
        self.doc, self.list_path, self.index = doc, list_path, index
        self.rows_data = copy.deepcopy(rows)

    def redo(self) -> None:
        self.doc.insert_rows(self.list_path, self.index, self.rows_data)

    def undo(self) -> None:
        self.doc.remove_rows(self.list_path, self.index, len(self.rows_data))


class RemoveRowsCommand(QUndoCommand):
    def __init__(self, doc: CaseDocument, list_path: str, index: int, count: int,
                 text: str = "Remove row") -> None:
        super().__init__(text)
        self.doc, self.list_path, self.index, self.count = doc, list_path, index, count
        self.removed: list[dict[str, Any]] = []

    def redo(self) -> None:
        self.removed = self.doc.remove_rows(self.list_path, self.index, self.count)

    def undo(self) -> None:
        self.doc.insert_rows(self.list_path, self.index, self.removed)
        self.doc.rows_restored.emit(self.list_path, self.index, len(self.removed))
