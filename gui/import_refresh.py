"""After File › Import…: the case open in the editor, when the import replaced it, is shown as
the import stored it. It kept the version it was opened at, and the next Save was refused as
"changed elsewhere" (an error about a change made from this very window). With unsaved changes
it is left as it is (the typing is not thrown away) and the status bar says what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import CasebookError

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def refresh_replaced_case(window: MainWindow) -> str:
    """Show the open case as stored if an import replaced it; the note for the status bar
    ("" when the open case was not replaced)."""
    session = window.session
    case_id, base = session.case_id(), session.base
    if case_id is None or base is None or not base.version:
        return ""
    try:
        stored = window.casebook.cases.open_case(case_id)
    except CasebookError:  # gone: the next action on it says so
        return ""
    if stored.version == base.version:
        return ""
    if session.is_dirty():
        return (f"{case_id}, open here with unsaved changes, was replaced by the import: Save "
                "is refused; close it (Ctrl+W, Discard) and open it again to see what was "
                "imported.")
    if not (session.close_case() and session.open_case(case_id)):
        return ""
    return f"{case_id} was replaced by the import: it shows the imported version."
