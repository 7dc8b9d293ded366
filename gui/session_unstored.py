"""What the status bar says of the fields a "Saved …, except" message named, as they change:
"Still not stored: …" while some are, "Corrected: Save to store it." once every one holds text
its field takes. A field still being typed in is judged when it is left: typing '2024-13-01'
over 'March 2023' passes through '2024', a year Day 0 takes, which is no correction."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from gui.editor.pending import typing_path
from gui.editor_like import EditorLike
from gui.session_messages import field_names

CORRECTED = "Corrected: Save to store it."
# corrected back to the value saved (d4 typed again over 'lumbar'): the case reads "Saved"
CORRECTED_AS_SAVED = "Corrected: the saved value is back, nothing left to save."


class UnstoredWatch:
    """The fields named as not stored (``named``) and those said corrected since."""

    def __init__(self, editor: EditorLike, say: Callable[[str], None],
                 say_long: Callable[[str, str], None]) -> None:
        self.editor = editor
        self.say, self.say_long = say, say_long
        self.named: set[str] = set()
        self.corrected: set[str] = set()

    def reset(self, named: set[str] | None = None) -> None:
        self.named = set(named or ())
        self.corrected = set()

    def check(self, settled: bool = False) -> None:
        """After a change to what is not stored (``settled``: a field's typing was left)."""
        if not (self.named or self.corrected):
            return
        left = self.editor.unstored_by_path()
        typing = None if settled or not isinstance(self.editor, QWidget) \
            else typing_path(self.editor)
        still = {p for p in self.named if p in left or p == typing}
        back = {p for p in self.corrected if p in left}  # corrected, then broken again
        if still == self.named and not back:
            return
        self.corrected = (self.corrected - back) | (self.named - still)
        self.named = still | back
        kept = [p for p in left if p in self.named]
        if kept:
            named = field_names(kept, self.editor.path_words)
            self.say_long(f"Still not stored: {named}.", "Still not stored: "
                          + "; ".join(left[p] for p in kept) + ".")
        elif not self.named:
            self.say(CORRECTED if self.editor.is_dirty() else CORRECTED_AS_SAVED)
