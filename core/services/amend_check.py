"""An amendment must not bring errors into a locked case (CASE-MODEL.md: rule errors block
draft -> complete; a locked case was complete when it was signed, and it changes only through
an amendment). Before, an amendment holding such an error was stored and the case stayed
locked: a signed case that "Mark complete" and "Lock" would both refuse.

The save of an amendment that adds a blocker (an error, a missing required item) the stored
version does not have is refused, with each blocker named at its field, and nothing is stored.
A blocker the stored version has already (the rules changed since it was locked) does not stop
an amendment, so such a case can still be corrected. A rule that allows an override (V57, an
intrathecal drug other than a vinca alkaloid or bortezomib...) is confirmed with a reason in
the case itself (``Case.overrides``, the Problems panel's "Override reason"): the amendment
then holds no such error and is saved. Only the amendment of a locked case pays for the check
(one evaluation; a second, of the stored version, only when the first finds a blocker)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from core.errors import Blocker, StatusError, as_blockers
from core.model import Case
from core.model.fieldpath import parse_path, value_at

ROW = re.compile(r"\[\d+\]")
OVERRIDE_HINT = " (this rule allows an override: confirm it in Problems with a reason)"


class AmendmentRefused(StatusError):
    """The amendment of a locked case would add errors that block 'complete': not stored."""

    def __init__(self, case_id: str, blockers: Sequence[Blocker]):
        self.head = (f"The amendment to {case_id} was not saved: it would bring errors that "
                     "block 'complete' into a locked (signed) case. Nothing was stored.")
        super().__init__(f"{self.head} Correct these, then save again:",
                         [replace(b, message=b.message + OVERRIDE_HINT) if b.overridable
                          else b for b in blockers])


def refuse_added_blockers(stored: Callable[[], Case], amended: Case,
                          blocking: Callable[[Case], Sequence[str | Blocker]]) -> None:
    """Raise AmendmentRefused when ``amended`` has blockers (``blocking``) that the stored
    version (``stored()``, read only then) has not (``added``)."""
    found = as_blockers(blocking(amended))
    if not found:
        return
    old = stored()
    added = _added(found, as_blockers(blocking(old)), old.to_json_dict(),
                   amended.to_json_dict())
    if added:
        raise AmendmentRefused(amended.case_id, added)


def _added(found: Sequence[Blocker], before: Sequence[Blocker], old_doc: dict[str, Any],
           new_doc: dict[str, Any]) -> list[Blocker]:
    """The blockers of ``found`` the stored version has not, each stored one matching one at
    most, in this order: the same rule, field and message; the same rule at the same field of
    the same row moved (a review: deleting a row above an old error moved it from labs[5] to
    labs[4], its message quoting the row, and it counted as new), the row's content unchanged;
    the same rule at the same field, its message changed (a value it quotes edited). A row
    fixed while another row takes its error is an added error (a review)."""
    left = list(before)
    unmatched = list(found)
    for same in (lambda o, n: _key(o) == _key(n),
                 lambda o, n: _moved(o, n, old_doc, new_doc),
                 lambda o, n: (o.rule, o.path) == (n.rule, n.path)):
        still = []
        for blocker in unmatched:
            match = next((o for o in left if same(o, blocker)), None)
            if match is None:
                still.append(blocker)
            else:
                left.remove(match)
        unmatched = still
    return unmatched


def _key(blocker: Blocker) -> tuple[str, str, str]:
    return blocker.rule, blocker.path, blocker.message


def _moved(old: Blocker, new: Blocker, old_doc: dict[str, Any], new_doc: dict[str, Any]
           ) -> bool:
    """The same rule at the same field of a row that moved, as it was."""
    if old.rule != new.rule or ROW.sub("[]", old.path) != ROW.sub("[]", new.path):
        return False
    old_row, new_row = _row(old.path), _row(new.path)
    if old_row is None or new_row is None:
        return False
    row = value_at(old_doc, old_row, _MISSING)
    return row is not _MISSING and row == value_at(new_doc, new_row, _MISSING)


_MISSING = object()


def _row(path: str) -> list[str | int] | None:
    """The path of the row holding the field (up to its last list index), or None."""
    parts = parse_path(path)
    last = max((i for i, part in enumerate(parts) if isinstance(part, int)), default=None)
    return None if last is None else parts[:last + 1]
