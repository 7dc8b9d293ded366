"""The crash recovery offered at start-up: the drafts a crash left behind, the first one chosen
opened in the session with its recovered changes.

A recovered edit of a case saved again since it began (an import, the command line, another
window) is merged into the case as stored now when the draft kept the case it began from
(core.services.draft_merge): the user sees what merges and picks a side for each field both
changed (gui.dialogs.merge_recovery); the merged case opens as unsaved changes of the stored
version, so its Save passes the conflict check. An older draft, without that base, opens whole
as before."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.errors import CasebookError
from core.model import Case
from core.services.draft_merge import DraftMerge, merge_draft
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
    load_draft(session, stored or draft.case, draft)


def load_draft(session: CaseSession, case: Case, draft: Draft | None) -> None:
    """``case`` opened in the session with its recovered ``draft``, merged into it first when
    the case was saved again since the edit began."""
    merge = _merge_of(case, draft)
    if merge is None or draft is None:
        session._load(case, draft)
        return
    picks = session.prompter.resolve_merge(draft.title, merge)
    merged = draft.model_copy(update={"case": merge.resolved(picks),
                                      "base_version": case.version, "base": case})
    session._load(case, merged)
    session.long_message.emit(*merged_text(draft, merge, picks))
    session.drop_draft()  # all of it was saved since (or kept stored): none is offered again


def _merge_of(case: Case, draft: Draft | None) -> DraftMerge | None:
    if draft is None or draft.base is None or not case.version:
        return None
    if case.version == draft.base_version or case.case_id != draft.base.case_id:
        return None
    return merge_draft(draft.base, draft.case, case)


def merged_text(draft: Draft, merge: DraftMerge, picks: Mapping[str, str]) -> tuple[str, str]:
    """The status bar's line after a merge, and its whole wording (the tooltip): each conflict
    left unpicked with the stored value the form does not show."""
    mine, theirs = len(merge.yours), len(merge.theirs)
    line = (f"Recovered {draft_name(draft)} merged into version {merge.stored.version}: "
            f"{mine} change{'s' if mine != 1 else ''} of yours, {theirs} saved since kept")
    open_ = [c for c in merge.conflicts if c.key not in picks]
    if open_:
        line += ("; changed on both sides, the form shows yours: " + "; ".join(
            f"{c.label} (stored {c.stored_text})" for c in open_))
    line += ". Check it, then Save."
    return line, line
