"""The crash recovery offered at start-up: the drafts a crash left behind, the first one chosen
opened in the session with its recovered changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import CasebookError
from core.services.drafts import Draft
from gui.session_messages import draft_name

if TYPE_CHECKING:
    from gui.case_session import CaseSession


def offer_recovery(session: CaseSession) -> None:
    """Offer the drafts a crash left behind; load the first one chosen."""
    chosen = session.drafts.choose_at_start(session.prompter)
    if chosen:  # opening it takes a moment: the window says so, not "No case open"
        session.working.emit(f"Recovering {draft_name(chosen[0])}…")
        _load_recovered(session, chosen[0])
    if len(chosen) > 1:
        session.prompter.info(
            f"“{chosen[0].title}” is open with its recovered changes. The other "
            f"{len(chosen) - 1} edit(s) are kept: a stored case shows its edit when you "
            "open it, and everything unsaved is offered again at the next start.")


def _load_recovered(session: CaseSession, draft: Draft) -> None:
    try:
        stored = (session.casebook.cases.open_case(draft.case_id)
                  if draft.case_id and draft.base_version else None)
    except CasebookError:
        stored = None
    session._load(stored or draft.case, draft)
