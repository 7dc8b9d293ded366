"""What every editor widget shares: the document, the undo stack, settings and feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from core.settings import Settings
from gui.editor.commands import InsertRowsCommand, RemoveRowsCommand, SetFieldCommand
from gui.editor.feedback import Feedback
from gui.editor.store import CaseDocument
from gui.editor.typed_age import holds_back_live_age, set_typed_age
from gui.editor.typed_drug import set_typed_drug
from gui.editor.validation import as_stored, check_field, elided
from gui.editor.values import InputError, Missing

if TYPE_CHECKING:
    from core.services.added_files import EditedFiles
    from core.services.figures import FileStore


class EditContext(QObject):
    """The editing session of one case; widgets change the case only through it."""

    feedback_changed = Signal()
    focus_requested = Signal(str)  # a field path to jump to
    field_history_requested = Signal(str)  # a field path whose audit history to show
    dirty_changed = Signal(bool)
    unstored_changed = Signal()  # typed text a field cannot hold (see ``unstored``)
    field_committed = Signal(str)  # a form field's path: its typing was left (stored or not)
    # a key typed in a field or table cell that stored nothing yet ('lumb' on its way to
    # lumbar puncture), or such typing ended: a change the draft keeps (gui.editor.pending)
    typing_changed = Signal()
    # a field path and what was done to the value typed there (an age of 93 stored as ≥90)
    notice = Signal(str, str)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.doc = CaseDocument(self)
        self.undo_stack = QUndoStack(self)
        self.feedback = Feedback()
        # A locked case until Amend…, a case in the trash: the fields refuse typing
        # (gui.editor.read_only), and whatever would still reach the case changes nothing.
        self.read_only = False
        # Typed text not stored because the field cannot hold it: path -> "Label: why".
        self.unstored: dict[str, str] = {}
        # ... and the text itself as typed, path -> '4O': autosaved with the draft, so a
        # recovered draft puts it back in its field (a crash drops nothing typed)
        self.typed: dict[str, str] = {}
        self.files: FileStore | None = None  # the data folder's attached files (figures)
        # the files this case's editing stored (through it; Discard takes back the unused)
        self.session_files: EditedFiles | None = None
        # A method of this object, not a lambda: Qt drops the connection when this object
        # goes, before the stack's destructor emits cleanChanged.
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    @property
    def date_format(self) -> str:
        return self.settings.date_format

    def set_field(self, path: str, value: Any, *, live: bool = False, label: str = "") -> None:
        """Commit a parsed value (or a ``Missing`` reason) for the field at ``path``.

        Raises InputError when the model refuses the value (too long, out of range...).
        """
        if self.read_only:
            return
        reason = value.reason if isinstance(value, Missing) else None
        stored = None if isinstance(value, Missing) else as_stored(path, value)
        if not live and set_typed_age(self, path, stored, label):
            return  # an age of 93: stored as 90, top-coded
        if live and holds_back_live_age(path, stored):
            raise InputError(f"{label}: stored as ≥90 when the field is left")  # typed, unstored
        if not live and reason is None and set_typed_drug(self, path, stored, label):
            return  # "MTX": methotrexate, with its ATC code
        if stored == self.doc.get(path) and reason == self.doc.missing_reason(path):
            return
        check_field(self.doc.doc, path, stored, label)
        self.undo_stack.push(SetFieldCommand(self.doc, path, stored, reason,
                                             mergeable=live, label=label))

    def set_unstored(self, path: str, label: str, message: str | None,
                     typed: str | None = None) -> None:
        """Record (or, with ``message`` None, forget) typed text at ``path`` that was not
        stored; it is listed in Problems and keeps the case marked changed. The message names
        the ``typed`` text unless it already does (the number parser's does)."""
        if message is not None and typed is not None:
            quoted = f"'{elided(typed.strip())}'"  # a 5,000-character paste is not repeated
            message = message if quoted in message else f"{message} (typed: {quoted})"
        text = None if message is None else (
            message if message.startswith(label) else f"{label}: {message}")
        if text is not None and typed is not None:
            self.typed[path] = typed
        if self.unstored.get(path) == text:
            return
        if text is None:
            del self.unstored[path]
            self.typed.pop(path, None)
        else:
            self.unstored[path] = text
        self.unstored_changed.emit()

    def clear_unstored(self, paths: list[str] | None = None) -> None:
        gone = [p for p in (self.unstored if paths is None else paths) if p in self.unstored]
        for path in gone:
            del self.unstored[path]
            self.typed.pop(path, None)
        if gone:
            self.unstored_changed.emit()

    def undo_live_edit(self, path: str) -> None:
        """Put back what the field at ``path`` held before the live typing still going on
        there: typing '4O' stored '4' on the way, and the text the user left cannot be stored,
        so nothing of it is (the bad text itself is listed as unstored by the caller)."""
        index = self.undo_stack.index()
        command = self.undo_stack.command(index - 1) if index > 0 else None
        if self.read_only or not (isinstance(command, SetFieldCommand) and command.mergeable
                                  and command.path == path):
            return
        value, reason = command.old
        self.undo_stack.push(SetFieldCommand(self.doc, path, value, reason, mergeable=True))

    def seal_edit(self) -> None:
        """End live typing: the next edit of the same field becomes a new undo step."""
        index = self.undo_stack.index()
        command = self.undo_stack.command(index - 1) if index > 0 else None
        if isinstance(command, SetFieldCommand):
            command.mergeable = False

    def insert_rows(self, list_path: str, index: int, rows: list[dict[str, Any]],
                    text: str = "Add row") -> None:
        if not self.read_only:
            self.undo_stack.push(InsertRowsCommand(self.doc, list_path, index, rows, text))

    def remove_rows(self, list_path: str, index: int, count: int = 1) -> None:
        if not self.read_only:
            self.undo_stack.push(RemoveRowsCommand(self.doc, list_path, index, count))

    def set_feedback(self, feedback: Feedback) -> None:
        self.feedback = feedback
        self.feedback_changed.emit()
