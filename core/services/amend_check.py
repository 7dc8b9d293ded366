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
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from core.errors import Blocker, StatusError, as_blockers
from core.model import Case

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
    version (``stored()``, read only then) has not: the same rule at the same field with the
    same message counts as already there."""
    found = as_blockers(blocking(amended))
    if not found:
        return
    added = _added(found, as_blockers(blocking(stored())))
    if added:
        raise AmendmentRefused(amended.case_id, added)


def _added(found: Sequence[Blocker], before: Sequence[Blocker]) -> list[Blocker]:
    """The blockers of ``found`` that ``before`` has not: the same rule, field and message,
    or else the same rule at the same field of another row, as many times as ``before`` has
    such left over (a review: deleting a row above an old error moved it from labs[5] to
    labs[4], and a message quoting the row's place or value changes with it, so an old error
    counted as new and the amendment was refused)."""
    exact = Counter(map(_key, before))
    unmatched = []
    for blocker in found:
        if exact[_key(blocker)] > 0:
            exact[_key(blocker)] -= 1
        else:
            unmatched.append(blocker)
    spare: Counter[tuple[str, str]] = Counter()
    for key, left in exact.items():
        spare[_row_free(key)] += left
    added = []
    for blocker in unmatched:
        loose = _row_free(_key(blocker))
        if spare[loose] > 0:
            spare[loose] -= 1
        else:
            added.append(blocker)
    return added


def _key(blocker: Blocker) -> tuple[str, str, str]:
    return blocker.rule, blocker.path, blocker.message


def _row_free(key: tuple[str, str, str]) -> tuple[str, str]:
    """The rule and the field, whatever the row: ``labs[4].value`` -> ``labs[].value``."""
    return key[0], ROW.sub("[]", key[1])
