"""Undo and Redo say where they acted when that is out of sight: a change in a section other
than the one shown is named in the status bar ("Undone: Title & keywords › Case report ›
Title (Ctrl+Shift+Z redoes it)"). Ctrl+Z in a table of CSF & CNS put back an old title,
silently, and the next Save stored it."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from gui.editor.sections import section_index_for_path


def command_path(command: QUndoCommand | None) -> str | None:
    """The field (or the table, for rows added or removed) a command changes; a macro's
    first child's."""
    while command is not None:
        path = getattr(command, "path", None) or getattr(command, "list_path", None)
        if isinstance(path, str) and path:
            return path
        command = command.child(0) if command.childCount() else None
    return None


def own_command(command: QUndoCommand | None) -> QUndoCommand | None:
    """The first command made here (a Python class of ours) in ``command``: itself, or a
    macro's first child. A macro (``beginMacro``) is made by Qt: Python knows nothing of its
    deletion, so a wrapper of it kept past the call stays registered at its address after
    the stack deletes it (a push after an undo drops it), and a Qt object made later at that
    address came back as that wrapper (``view.selectionModel()`` gave a QUndoCommand: an
    error as a section page opened). Ours tell Python when Qt deletes them."""
    while command is not None and type(command) is QUndoCommand:
        command = command.child(0) if command.childCount() else None
    return command


class UndoPlace(QObject):
    """Watches ``stack``: an undo or redo of a change outside the section ``shown()`` (its
    index) calls ``say`` with the place in words (``words``)."""

    def __init__(self, stack: QUndoStack, shown: Callable[[], int],
                 words: Callable[[str], str], say: Callable[[str], None]) -> None:
        super().__init__(stack)
        self.stack, self.shown, self.words, self.say = stack, shown, words, say
        self._mark()
        stack.indexChanged.connect(self._moved)

    def _mark(self) -> None:
        """What a redo would do next (None at the top): a push puts another command there."""
        index = self.stack.index()
        self._index = index
        self._next = own_command(self.stack.command(index)) if index < self.stack.count() \
            else None  # never a macro's wrapper (``own_command``)
        self._last = own_command(self.stack.command(index - 1)) if index > 0 else None

    def _moved(self, index: int) -> None:
        if not shiboken6.isValid(self.stack):  # emitted as the stack goes (the editor closed)
            return
        before, following, last = self._index, self._next, self._last
        self._mark()
        if index == before - 1 and self._next is last:
            self._tell("Undone", last, "Ctrl+Shift+Z redoes it")
        elif index == before + 1 and following is not None and self._last is following:
            self._tell("Redone", following, "Ctrl+Z undoes it")

    def _tell(self, done: str, command: QUndoCommand | None, back: str) -> None:
        path = command_path(command)
        if path is None or section_index_for_path(path) in (None, self.shown()):
            return
        self.say(f"{done}: {self.words(path)} ({back})")
