"""The messages of the case session: a failed save's, and why Save did not let the user leave."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import CasebookError, StorageError
from core.model.labels import path_label

if TYPE_CHECKING:
    from core.services.amend_check import AmendmentRefused
    from core.services.drafts import Draft


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


def amendment_refused_text(exc: AmendmentRefused, short: bool = False,
                           problems: str = "Problems") -> str:
    """Why the amendment was not saved, above its errors (each at its field); ``short``: a
    line for the status bar naming the fields, and ``problems`` where they are listed."""
    if short:
        paths = list(dict.fromkeys(b.path for b in exc.blockers if b.path))
        where = field_names(paths) if paths else "the case"
        return f"Amendment not saved: errors at {where} (see {problems})."
    return (f"{exc.head} Your changes are still in the form (Undo takes them back). Correct "
            "these, then Save again:")


def unstored_text(unstored: list[str]) -> str:
    """Why Save did not let the user leave: the fields whose typed text was not stored."""
    fields = "\n".join(f"• {line}" for line in unstored)
    return (f"Not saved:\n{fields}\n\nEverything else is saved. Correct it, or choose "
            "Discard to leave without it.")


def field_names(paths: list[str]) -> str:
    """Fields in a few words for the status bar: 'Karnofsky, ECOG and Day 0 date'; a table
    cell with its table and row ('Hemoglobin (Labs row 2)')."""
    names = []
    for path in paths:
        words = path_label(path).split(" › ")
        context = " ".join(words[-3:-1]) if len(words) > 2 and words[-2].startswith("row ") \
            else ""
        names.append(f"{words[-1]} ({context})" if context else words[-1])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def saved_except_text(what: str, unstored: dict[str, str],
                      problems: str = "Problems") -> tuple[str, str]:
    """A save that stored all but some fields' text: a line that names the fields (short
    enough for the status bar at 1024 px) and ``problems``, where they are listed ("Problems:
    Ctrl+Shift+P" while the panel is hidden), and the whole wording for its tooltip."""
    return (f"Saved {what}, except {field_names(list(unstored))} (see {problems}).",
            f"Saved {what}, except " + "; ".join(unstored.values()) + " (not stored).")


def draft_name(draft: Draft) -> str:
    """The case a draft edits, as the status bar names it: its id, or its title if it has none."""
    return draft.case_id or f"“{draft.title}”"
