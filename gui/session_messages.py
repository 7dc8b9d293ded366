"""The messages of the case session: a failed save's, and why Save did not let the user leave."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from core.errors import Blocker, CasebookError, StorageError
from core.model.editor_sections import section_path as path_label

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
                           problems: str = "Problems",
                           label: Callable[[str], str] = path_label) -> str:
    """Why the amendment was not saved, above its errors (each at its field); ``short``: a
    line for the status bar naming the fields (``label``: a path in words), and ``problems``
    where they are listed."""
    if short:
        paths = list(dict.fromkeys(b.path for b in exc.blockers if b.path))
        where = field_names(paths, label) if paths else "the case"
        return f"Amendment not saved: errors at {where} (see {problems})."
    return (f"{exc.head} Your changes are still in the form (Undo takes them back). Correct "
            "these, then Save again:")


def unstored_lines(unstored: dict[str, str], label: Callable[[str], str] = path_label
                   ) -> list[str]:
    """Each text not stored where it is (``label``: section › table › row › field, the row as
    the table shows it) and why: "Labs › row 3 › When: '2023-02-31' is not a date"."""
    lines = []
    for path, text in unstored.items():
        where = label(path)
        field = where.split(" › ")[-1]
        lines.append(where + text[len(field):] if text.startswith(f"{field}:")
                     else f"{where}: {text}")
    return lines


def unstored_text(unstored: list[str]) -> str:
    """Why Save did not let the user leave: the fields whose typed text was not stored."""
    fields = "\n".join(f"• {line}" for line in unstored)
    return (f"Not saved:\n{fields}\n\nEverything else is saved. Correct it, or choose "
            "Discard to leave without it.")


ONLY_UNSTORED = "The only change is typed text that cannot be stored, so Save stores nothing"


def unsaved_detail(unstored: list[str], only: bool) -> str:
    """Under the Save / Discard / Cancel question: the typed text Save cannot store (``only``:
    the one change), or "" for the usual wording."""
    if not unstored:
        return ""
    fields = "\n".join(f"• {line}" for line in unstored)
    if only:
        return (f"{ONLY_UNSTORED}:\n{fields}\n\nCorrect it, or choose Discard to leave without it.")
    return (f"Some typed text cannot be stored:\n{fields}\n\nSave stores your other "
            "changes; if you don't save, they will be lost.")


def field_names(paths: list[str], label: Callable[[str], str] = path_label) -> str:
    """Fields in a few words for the status bar: 'Karnofsky, ECOG and Day 0 date'; a table
    cell with its table and row ('Hemoglobin (Labs row 2)', the row as ``label`` numbers it:
    the editor's as its tables show them)."""
    names = []
    for path in paths:
        words = label(path).split(" › ")
        context = " ".join(words[-3:-1]) if len(words) > 2 and words[-2].startswith("row ") \
            else ""
        names.append(f"{words[-1]} ({context})" if context else words[-1])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def saved_except_text(what: str, unstored: dict[str, str], problems: str = "Problems",
                      label: Callable[[str], str] = path_label) -> tuple[str, str]:
    """A save that stored all but some fields' text: a line that names the fields (short
    enough for the status bar at 1024 px) and ``problems``, where they are listed ("Problems:
    Ctrl+Shift+P" while the panel is hidden), and the whole wording for its tooltip."""
    return (f"Saved {what}, except {field_names(list(unstored), label)} (see {problems}).",
            f"Saved {what}, except " + "; ".join(unstored.values()) + " (not stored).")


def draft_name(draft: Draft) -> str:
    """The case a draft edits, as the status bar names it: its id, or its title if it has none."""
    return draft.case_id or f"“{draft.title}”"


def as_shown(reasons: Sequence[str | Blocker],
             label: Callable[[str], str]) -> list[str | Blocker]:
    """The reasons with each field named by ``label`` (the editor's: rows numbered as its
    tables show them, as Problems names them); a reason named otherwise ("CARE 2 Keywords")
    keeps its name."""
    return [replace(r, label=label(r.path)) if isinstance(r, Blocker) and r.path
            and r.label == path_label(r.path) else r for r in reasons]
