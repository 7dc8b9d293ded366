"""The rules every reason a user gives for a safety action (amend, unlock, trash, purge,
replace on import) meets in the service, so the CLI gets them as the app's dialog does: one
line, at most ``MAX_REASON`` characters, no control characters, and none of the patient's
identifiers (a reason is kept in clear in the audit trail, where identifiers are hashed)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from core.errors import StatusError
from core.io.screening import text_problem
from core.model.fieldpath import flatten, is_identifier_path
from core.reasons import MAX_REASON, breaks_line
from core.store import repository as repo

if TYPE_CHECKING:
    from core.services.context import Context

YEAR = re.compile(r"\d{4}")
BIRTH_DATE = "patient.birth_date"
NAMES_PATIENT = ("The reason contains one of the patient's identifiers; give a reason "
                 "without them.")


class ReasonRefused(StatusError):
    """A reason that breaks a rule; nothing was written."""


def reason_problem(reason: str) -> str | None:
    """What is wrong with ``reason`` (stripped) as a reason, or None."""
    text = reason.strip()
    if breaks_line(text):
        return ("The reason has more than one line (a line break or tab); give it on one "
                "line.")
    if len(text) > MAX_REASON:
        return f"The reason is {len(text):,} characters; at most {MAX_REASON}."
    bad = text_problem(text)
    return f"The reason {bad}." if bad else None


def checked_reason(reason: str | None) -> str | None:
    """``reason`` stripped (None when empty); StatusError when it breaks a rule."""
    text = (reason or "").strip()
    if not text:
        return None
    problem = reason_problem(text)
    if problem:
        raise ReasonRefused(problem)
    return text


def names_patient(text: str, docs: Iterable[dict[str, Any]]) -> bool:
    """True when ``text`` contains an identifier value (name, record number...) of one of the
    cases ``docs`` (their JSON forms) as whole words: the name "Max" is not in "maximum dose"
    (a review: such reasons were refused). A value under 3 characters, and a birth date
    given as a year alone (not identifying by itself: "1989" in "the 1989 chart"), are not
    looked for."""
    folded = text.casefold()
    return any(_as_words(v.casefold()).search(folded)
               for doc in docs for v in _identifiers(doc) if len(v) >= 3)


@lru_cache(maxsize=1024)
def _as_words(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")


def refuse_identifiers(text: str | None, docs: Iterable[dict[str, Any]]) -> None:
    if text and names_patient(text, docs):
        raise ReasonRefused(NAMES_PATIENT)


def stored_reason_problem(ctx: Context, reason: str, case_ids: Sequence[str] = (),
                          edited: Sequence[dict[str, Any]] = ()) -> str | None:
    """What is wrong with ``reason`` for an action on the stored cases ``case_ids``, or None:
    asked while the reason dialog is open, so the user fixes the reason before anything is
    written (the action checks it again). ``edited``: the JSON forms of those cases as the
    editor holds them, unsaved (an amendment is refused when its reason names the patient as
    amended, so a name typed only in the edit counts too)."""
    problem = reason_problem(reason)
    if problem or not (case_ids or edited):
        return problem
    docs = list(edited)
    if case_ids:
        with ctx.db.read() as conn:
            docs += [repo.load_case(conn, case_id).to_json_dict() for case_id in case_ids]
    return NAMES_PATIENT if names_patient(reason, docs) else None


def _identifiers(doc: dict[str, Any]) -> list[str]:
    return [str(v) for path, v in flatten(doc).items()
            if v is not None and is_identifier_path(path)
            and not (path == BIRTH_DATE and YEAR.fullmatch(str(v)))]
