"""Undo's status message keeps no wrapper of a macro Qt made (``beginMacro``): Python is not
told when the stack deletes one, so a kept wrapper stayed registered at its address and a Qt
object made there later came back as it (a section page opening got a QUndoCommand for its
table's selection model: an error dialog; seen once in a whole-suite run)."""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QUndoCommand, QUndoStack

from gui.editor.sections import section_index_for_path
from gui.editor.undo_place import UndoPlace

TITLE = "case_report.title"


class Change(QUndoCommand):
    def __init__(self, path: str) -> None:
        super().__init__(f"Edit {path}")
        self.path = path


def _macro_wrappers() -> list[object]:
    return [w for w in shiboken6.getAllValidWrappers() if type(w) is QUndoCommand]


def test_a_macro_dropped_by_a_push_leaves_no_wrapper_behind(qapp):
    said: list[str] = []
    shown = (section_index_for_path(TITLE) or 0) + 1  # another section than the title's
    stack = QUndoStack()
    place = UndoPlace(stack, lambda: shown, lambda path: path, said.append)
    stack.beginMacro("Edit dose")
    stack.push(Change(TITLE))
    stack.push(Change("case_report.keywords"))
    stack.endMacro()
    stack.undo()  # the macro is what a redo would do next
    assert said == [f"Undone: {TITLE} (Ctrl+Shift+Z redoes it)"]  # named by its first change
    stack.redo()
    assert said[-1] == f"Redone: {TITLE} (Ctrl+Z undoes it)"
    stack.undo()
    stack.push(Change("patient.sex"))  # the macro is deleted by the stack (by Qt)
    assert stack.count() == 1
    assert _macro_wrappers() == []  # none still registered as a live object
    shiboken6.delete(place)  # before the stack (its parent), which goes with the test


def test_a_closed_editors_undo_place_holds_no_macro(qapp):
    """The stack goes with its editor (a case closed) while the place's Python side may live
    on (PySide keeps a closed window's Python objects in cycles until a collection)."""
    stack = QUndoStack()
    place = UndoPlace(stack, lambda: 0, lambda path: path, lambda words: None)
    stack.beginMacro("Edit dose")
    stack.push(Change(TITLE))
    stack.endMacro()
    kept = place.__dict__  # what the place's Python side holds, alive after the stack
    shiboken6.delete(stack)  # Qt deletes the place with it, then the macro
    assert _macro_wrappers() == []
    assert type(kept["_last"]) is Change
