"""The case editor's changes not yet saved: the text typed and not stored, whether the case is
dirty, and a recovered draft put over the stored case (``CaseEditor``'s part for drafts and
recovery, ``gui.session_drafts``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QWidget

from core.model import Case
from gui.editor.commands import ReplaceCaseCommand
from gui.editor.pending import typed_not_stored
from gui.editor.restore_typed import put_back_typed
from gui.editor.sections import section_index_for_path

RECOVER_STEP = "Recover unsaved changes"

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from gui.editor.context import EditContext
    from gui.editor.section_page import SectionPage


class TypedText:
    """Mixed into ``CaseEditor``, which has these attributes."""

    ctx: EditContext
    undo_stack: QUndoStack
    _pages: dict[int, SectionPage]

    def focus_path(self, path: str) -> None:
        raise NotImplementedError

    def evaluate_now(self) -> None:
        raise NotImplementedError

    def recover(self, case: Case, typed: dict[str, str] | None = None) -> bool:
        """A recovered draft's ``case`` over the stored one loaded, and its ``typed`` text
        back in its fields (``restore_typed``), as one undo step: Ctrl+Z gives the stored
        values back, a typed date stored as Tab stores it too (it was a second step). False
        when the case changes nothing (the typed text is then put back alone)."""
        doc = case.model_dump(mode="json")
        if doc == self.ctx.doc.doc:
            if typed:
                self.restore_typed(typed)
            return False
        self.undo_stack.beginMacro(RECOVER_STEP)
        try:
            self.undo_stack.push(ReplaceCaseCommand(self.ctx.doc, doc, RECOVER_STEP))
            if typed:
                self.restore_typed(typed)
        finally:
            self.undo_stack.endMacro()
        self.evaluate_now()
        return True

    def is_dirty(self) -> bool:
        """Changed since the last save, or holding typed text that was not stored (in a field
        left, or in the field or open table cell being typed in)."""
        return (not self.undo_stack.isClean() or bool(self.ctx.unstored)
                or typed_not_stored(cast(QWidget, self)) is not None)

    def unstored_inputs(self) -> list[str]:
        """Typed values the case could not hold, e.g. "Karnofsky: 'abc' is not a number"."""
        return list(self.ctx.unstored.values())

    def unstored_by_path(self) -> dict[str, str]:
        """The same, by the path of the field holding the text."""
        return dict(self.ctx.unstored)

    def unstored_typed(self) -> dict[str, str]:
        """The text itself typed in those fields, by path ('4O'), and in the field or open
        cell being typed in if not stored yet ('CELLOPEN'): kept with the draft."""
        typed = {path: text for path, text in self.ctx.typed.items() if path in self.ctx.unstored}
        pending = typed_not_stored(cast(QWidget, self))
        if pending is not None:
            typed[pending[0]] = pending[1]
        return typed

    def restore_typed(self, typed: dict[str, str]) -> None:
        """After ``load_case`` of a recovered draft: each text back in its field, marked not
        stored as it was; the cursor ends on the last one (Problems lists them all)."""
        for path, text in typed.items():
            index = section_index_for_path(path)
            if index is None:
                continue
            self.focus_path(path)  # its page built and its row selected
            put_back_typed(self._pages[index], path, text)
