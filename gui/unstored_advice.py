"""What the open case's typed text that cannot be stored means for Save and Undo, said alike by
the banner above the editor, the Lock command's tooltip and the quit question: when that text is
the only change, Save stores nothing and Undo has nothing to take back (a stranger run read
"Saving them makes the case a draft again; Undo (Ctrl+Z) takes them back" beside a greyed Undo,
and Ctrl+S stored nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gui.session_messages import ONLY_UNSTORED, field_names

if TYPE_CHECKING:
    from gui.case_session import CaseSession

@dataclass(frozen=True)
class Unstored:
    fields: str  # the fields holding text the case cannot hold, in words ("Anchor year"), or ""
    count: int  # how many fields
    only: bool  # that text is the only change: nothing to save, nothing to undo

    def fix(self) -> str:
        """'correct or clear the field' (or 'the fields')."""
        return "correct or clear the field" + ("" if self.count == 1 else "s")


def nothing_else_changed(session: CaseSession) -> bool:
    """No edit of the case itself (the undo stack clean, no recovered draft): the text the
    fields could not store is all there is, and Save stores nothing."""
    stack = getattr(session.editor, "undo_stack", None)  # a test's stand-in may have none
    return (not getattr(session, "_recovered", False)
            and (stack is None or stack.isClean()))


def unstored_state(session: CaseSession) -> Unstored:
    """The open case's fields whose typed text was not stored, and whether that is all."""
    by_path = getattr(session.editor, "unstored_by_path", None)  # (a stand-in may have none)
    paths = list(by_path()) if by_path is not None else []
    if not paths:
        return Unstored("", 0, False)
    label = getattr(session.editor, "path_words", None)
    fields = field_names(paths, label) if label is not None else field_names(paths)
    return Unstored(fields, len(paths), nothing_else_changed(session))


def banner_unsaved_advice(unstored: Unstored, edits_block: bool) -> str:
    """After 'Complete — unsaved changes: N errors, … (see Problems).': what Save and Undo do
    now. ``edits_block``: the edits the case can store bring errors (saving makes it a draft)."""
    if unstored.only:
        return (f"{ONLY_UNSTORED} ({unstored.fields}): {unstored.fix()}; nothing is saved "
                "until then, and the case stays complete.")
    undo = "Undo (Ctrl+Z) takes them back."
    if not unstored.fields:
        return f"Saving them makes the case a draft again; {undo}"
    then = ("and makes the case a draft again" if edits_block
            else "and the case stays complete")
    return (f"Typed text in {unstored.fields} cannot be stored: {unstored.fix()}. Save stores "
            f"your other changes {then}; {undo}")


def lock_fix(unstored: Unstored, to_do: str, dirty: bool, others: bool = False) -> str:
    """What makes Lock available again, after 'Lock is unavailable: N errors, … (see
    Problems);'. ``to_do``: 'correct the error' (``ProblemCounts.to_do``); ``others``: the
    case has problems besides the unstored text (a stored error: clearing the field alone
    does not make Lock available, found in review)."""
    if unstored.only:
        rest = "; the case's other problems block it too: correct them, then Save" \
            if others else ""
        return f"{unstored.fix()} ({unstored.fields}); Save stores nothing until then{rest}"
    return f"{to_do}, or undo the changes (Ctrl+Z)" if dirty else f"{to_do}, then Save"
