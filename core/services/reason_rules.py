"""The rules every reason a user gives for a safety action (amend, unlock, trash, purge,
replace on import) meets in the service, so the CLI gets them as the app's dialog does: one
line, at most ``MAX_REASON`` characters, no control characters, and none of the patient's
identifiers (a reason is kept in clear in the audit trail, where identifiers are hashed)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic_core import from_json
from sqlalchemy import Connection

from core.errors import StatusError
from core.io.screening import text_problem
from core.model import Case
from core.model.editor_sections import section_path as path_label
from core.model.fieldpath import flatten, is_identifier_path
from core.reasons import MAX_REASON, breaks_line
from core.services.report_text import warning_lines
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
    return names_any(text, identifier_values(docs))


def names_any(text: str, values: Iterable[str]) -> bool:
    """``names_patient`` for identifier values already gathered (``identifier_values``,
    ``stored_identifiers``)."""
    folded = text.casefold()
    # a value not in the text at all cannot be in it as a word: thousands of cases' values
    # are looked at without compiling a pattern for each (the cache holds 1,024)
    return any(_named(v, folded)
               for v in (value.casefold() for value in values if len(value) >= 3))


def _named(value: str, folded: str) -> bool:
    """``value`` in ``folded`` as whole words: as written, or a value of several words with
    every one of them there in any order ("Dr Wei Zhang" names "Zhang Wei": a stranger signed
    with the patient's name reversed, and a de-identified PDF printed it)."""
    if value in folded and _as_words(value).search(folded):
        return True
    words = value.split()
    return len(words) > 1 and all(w in folded for w in words) \
        and all(_as_words(w).search(folded) for w in words)


@lru_cache(maxsize=1024)
def _as_words(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")


def refuse_identifiers(text: str | None, docs: Iterable[dict[str, Any]]) -> None:
    if text and names_patient(text, docs):
        raise ReasonRefused(NAMES_PATIENT)


def refuse_override_identifiers(doc: dict[str, Any],
                                old_doc: dict[str, Any] | None = None) -> None:
    """ReasonRefused, naming the override, when an override reason (``overrides[].reason``,
    kept in clear like any other reason) given or changed since ``old_doc`` names the patient
    of ``doc`` (the case as saved). One stored before is left alone: a case saved with it
    once stays savable (rule V57 lists such text in the record; this refuses new ones)."""
    kept = {(o.get("rule_id"), o.get("path"), o.get("reason"))
            for o in (old_doc or {}).get("overrides") or []}
    values: set[str] | None = None
    for override in doc.get("overrides") or []:
        reason = override.get("reason") or ""
        if not reason or (override.get("rule_id"), override.get("path"), reason) in kept:
            continue
        if values is None:
            values = identifier_values([doc])
        if names_any(reason, values):
            raise ReasonRefused(override_refusal(override.get("rule_id") or "",
                                                 override.get("path") or ""))


OVERRIDES_SHOWN = 20  # override reasons naming the patient named in an import's report


class OverrideReasons:
    """The override reasons of an import's cases that name their patient: imported all the
    same (nothing typed here is lost, and the file is the record), and named in the report
    as a finding, as rule V57 lists identifiers in a text; a new or changed one is refused
    when the case is saved (``refuse_override_identifiers``)."""

    def __init__(self) -> None:
        self.named: list[str] = []
        self.count = 0

    def check(self, case: Case) -> None:
        from core.clinical.row_numbers import shown_path  # rows as the editor numbers them

        reasons = [o for o in case.overrides or [] if o.reason]
        if not reasons:
            return
        values = case_identifiers([case])
        for override in reasons:
            if names_any(override.reason or "", values):
                self.count += 1
                if len(self.named) < OVERRIDES_SHOWN:
                    self.named.append(f"case {case.case_id}: override {override.rule_id} "
                                      f"({shown_path(case, override.path or '')})")


def override_reasons_text(named: list[str], count: int) -> list[str]:
    """The import's warning for override reasons that name the patient, or [] when none."""
    return warning_lines(
        f"Warning: {count} override reason(s) contain one of the patient's identifiers "
        "(kept in clear; the case is imported as it came: correct the file and import it "
        "again with Replace, as a save refuses such a reason):", named, count)


def override_refusal(rule_id: str, path: str) -> str:
    """The message of an override reason refused for naming the patient."""
    return (f"Override {rule_id} ({path_label(path)}): the override reason contains one of "
            "the patient's identifiers; give a reason without them. Nothing was saved.")


def refuse_stored_identifiers(conn: Connection, text: str | None,
                              case_ids: Sequence[str]) -> None:
    """``refuse_identifiers`` for the stored cases ``case_ids``, their identifiers read from
    the stored JSON (``stored_identifiers``): NotFound for an id not stored."""
    if text and case_ids and names_any(text, stored_identifiers(conn, case_ids)):
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
    values = identifier_values(edited)
    if case_ids:
        with ctx.db.read() as conn:
            values |= stored_identifiers(conn, case_ids)
    return identifiers_reason_problem(reason, values)


def identifiers_reason_problem(reason: str, values: Iterable[str]) -> str | None:
    """``stored_reason_problem`` with the cases' identifier values read already (by a
    background task, for many cases; an import's, from the files too: ``ReasonNeeded``)."""
    problem = reason_problem(reason)
    if problem:
        return problem
    return NAMES_PATIENT if names_any(reason, values) else None


def identifier_values(docs: Iterable[dict[str, Any]]) -> set[str]:
    """The identifier values ``names_patient`` looks for in the cases ``docs`` (JSON forms)."""
    return {value for doc in docs for value in _identifiers(doc)}


def case_identifiers(cases: Iterable[Case]) -> set[str]:
    """``identifier_values`` of ``cases``, dumping only the sections holding identifiers."""
    return identifier_values(
        {"patient": case.patient.model_dump(mode="json", exclude_none=True),
         "attachments": [a.model_dump(mode="json", exclude_none=True)
                         for a in case.attachments]} for case in cases)


def stored_identifiers(conn: Connection, case_ids: Sequence[str]) -> set[str]:
    """``identifier_values`` of the stored cases ``case_ids``, read from their stored JSON
    (with the model's legacy keys read as the model reads them) instead of validating each
    whole case: ~4 ms a case that way, so a reason for 1,000 locked cases took seconds.
    NotFound for an id not stored; a document ``from_json`` does not read is loaded whole,
    as before (its error, if any, is the model's)."""
    values: set[str] = set()
    for case_id, document in repo.load_documents(conn, case_ids):
        try:
            doc = from_json(document)
        except ValueError:  # a lone surrogate escape, say, which only ``json`` reads
            doc = None
        if isinstance(doc, dict):
            doc = Case._legacy(doc)  # type: ignore[operator]  # the model's "before" validator
        else:
            doc = repo.load_case(conn, case_id).to_json_dict()
        values.update(_identifiers(doc))
    return values


def _identifiers(doc: dict[str, Any]) -> list[str]:
    """Only the sections holding identifier fields are flattened (``is_identifier_path``:
    the patient and the attachments), the paths as ``flatten(doc)`` gives them."""
    leaves: dict[str, Any] = {}
    for section in ("patient", "attachments"):
        if section in doc:
            leaves.update(flatten(doc[section], (section,)))
    return [str(v) for path, v in leaves.items()
            if v is not None and is_identifier_path(path)
            and not (path == BIRTH_DATE and YEAR.fullmatch(str(v)))]
