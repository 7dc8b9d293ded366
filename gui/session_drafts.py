"""The case session's drafts (autosaved edits): read, written and discarded without a storage
error reaching the user (it is logged), and which of them the user chose to recover."""

from __future__ import annotations

from core.errors import CasebookError
from core.logs import get_logger
from core.model import Case
from core.services import Casebook
from core.services.draft_changes import draft_changes
from core.services.drafts import Draft
from gui.dialogs.prompter import Prompter
from gui.dialogs.recovery import saved_since
from gui.formatting import local_time

log = get_logger("gui.session")


class SessionDrafts:
    def __init__(self, casebook: Casebook):
        self.casebook = casebook
        self.chosen: set[str] = set()  # "Recover checked" at the start-up offer

    def all(self) -> list[Draft]:
        try:
            return self.casebook.drafts.list_drafts()
        except CasebookError:
            log.exception("could not read drafts")
            return []

    def of(self, case_id: str) -> Draft | None:
        return next((d for d in self.all() if d.key == case_id), None)

    def keep(self, case: Case, unstored: dict[str, str], base: Case | None = None) -> bool:
        """The edit (with the text typed where it could not be stored, and the stored case it
        began from) kept as a draft."""
        try:
            self.casebook.drafts.save_draft(case, unstored=unstored, base=base)
        except CasebookError:
            log.exception("could not keep the draft of %s", case.case_id)
            return False
        return True

    def described(self, draft: Draft) -> Draft:
        """``draft`` with the fields it changes in words, against the case the edit began from
        (an older draft's against the stored case, a new case's against an empty one): the
        recovery offer lists them."""
        try:
            stored = (self.casebook.cases.open_case(draft.case_id)
                      if draft.case_id and draft.base_version else None)
        except CasebookError as exc:  # the offer still stands, without the list (a draft
            # left for a case since deleted or purged: no error of the app's)
            log.warning("the stored case of draft %s was not read: %s", draft.key, exc)
            return draft
        # the edit's own changes: against the case it began from when the draft kept it (the
        # case may have been saved since: Recover merges the edit into it)
        against = draft.base if draft.base is not None and stored is not None else stored
        changes = draft_changes(against, draft.case, draft.unstored)
        return draft.model_copy(update={"changes": tuple(changes),
                                        "stored_version": stored.version if stored else None})

    def discard(self, key: str) -> None:
        try:
            self.casebook.drafts.discard_draft(key)
        except CasebookError:
            log.exception("could not discard draft %s", key)

    def choose_at_start(self, prompter: Prompter) -> list[Draft]:
        """The start-up offer: the drafts chosen (the others are discarded); none after
        "Decide later", which keeps them all."""
        drafts = [self.described(d) for d in self.all()]
        if not drafts:
            return []
        keys = prompter.offer_recovery(drafts)
        if keys is None:
            return []
        self.chosen = set(keys)
        for draft in drafts:
            if draft.key not in keys:
                self.discard(draft.key)
        return [d for d in drafts if d.key in keys]

    def wanted(self, case_id: str, prompter: Prompter) -> bool | None:
        """Changes kept after a crash for this case: recovered if chosen at the start-up offer;
        after "Decide later" the user is asked now (True: recover, False: discard, None:
        cancel). True when there are none."""
        draft = self.of(case_id)
        if draft is None or draft.key in self.chosen:
            return True
        described = self.described(draft)
        choice = prompter.offer_draft(draft.title, local_time(draft.saved_at),
                                      described.changes, saved_since(described))
        return None if choice == "cancel" else choice == "recover"
