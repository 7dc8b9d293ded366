"""The messages of the case session: a failed save's, and why Save did not let the user leave."""

from __future__ import annotations

from core.errors import CasebookError, StorageError


def save_failed_text(exc: CasebookError, draft_kept: bool) -> str:
    """A failed save's message; after a storage failure (disk full, read-only folder) it says
    where the unsaved changes are."""
    if not isinstance(exc, StorageError):
        return str(exc)
    if draft_kept:
        return (f"{exc}\n\nYour changes are still in the editor and kept as an autosaved "
                "draft. Save again once the problem is fixed.")
    return (f"{exc}\n\nYour changes are still in the editor, but could not be kept as a draft "
            "either: keep Casebook open and save again once the problem is fixed.")


def unstored_text(unstored: list[str]) -> str:
    """Why Save did not let the user leave: the fields whose typed text was not stored."""
    fields = "\n".join(f"• {line}" for line in unstored)
    return (f"Not saved:\n{fields}\n\nEverything else is saved. Correct it, or choose "
            "Discard to leave without it.")
