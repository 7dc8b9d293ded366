"""Who signs a lock: the clinician's name, typed when locking, beside the OS account.

A lock records the account as every entry does (the audit entry's user) and, since signers
were named, the signer's name in an entry of its own (``SIGN_ACTION``) in the same
transaction: the chain's entries keep their fields, so older trails verify and read as they
did. A lock without that entry was signed by its account alone ("signed by root")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.reasons import breaks_line
from core.services.audit import AuditRow
from core.services.audit_words import value_words
from core.services.reason_rules import ReasonRefused, identifier_values, names_any

SIGN_ACTION = "sign"  # the signer's entry: action "sign" at the case's field holding the name
SIGNER_PATH = "locked_by"
SIGNER_FIELD = "Signed by"
MAX_SIGNER = 200


def signer_problem(name: str, values: Iterable[str] = ()) -> str | None:
    """What is wrong with ``name`` as a signer's name, or None; ``values``: the identifiers
    of the patient (a signature must not name the patient)."""
    text = name.strip()
    if not text:
        return (f"{SIGNER_FIELD}: give your full name (e.g. Dr A. Placeholder); it is kept "
                "with the lock in the audit trail and printed in the PDF.")
    if breaks_line(text):
        return f"{SIGNER_FIELD}: give the name on one line."
    if len(text) > MAX_SIGNER:
        return f"{SIGNER_FIELD}: at most {MAX_SIGNER} characters ({len(text):,} given)."
    if names_any(text, values):
        return (f"{SIGNER_FIELD}: the name contains one of the patient's identifiers; give "
                "the signer's own name.")
    return None


def checked_signer(name: str, docs: Iterable[dict[str, Any]]) -> str:
    """``name`` stripped; ReasonRefused (a StatusError) saying what is wrong with it."""
    problem = signer_problem(name, identifier_values(docs))
    if problem:
        raise ReasonRefused(problem)
    return name.strip()


def is_signer_row(row: AuditRow) -> bool:
    return row.action == SIGN_ACTION and row.path == SIGNER_PATH


def signed_words(signer: str | None, account: str) -> str:
    """'Locked — signed by Dr A. Placeholder (account root)'; a lock from before signers
    were named: 'Locked — signed by root'."""
    if signer:
        return f"Locked — signed by {signer} (account {account})"
    return f"Locked — signed by {account}"


def signed_locks(rows: Iterable[AuditRow]) -> set[tuple[str, str]]:
    """(time, account) of the locks among ``rows`` (a case's entries) that name a signer."""
    return {(row.ts, row.user) for row in rows if is_signer_row(row)}


def lock_change_words(row: AuditRow, signed: set[tuple[str, str]]) -> str | None:
    """The history's words for a lock's entry, or None for any other entry: the signer's
    entry says who signed, under which account; the status entry of a lock without one
    (not in ``signed``, from ``signed_locks``) says that its account signed it."""
    if is_signer_row(row):
        return signed_words(row.new, row.user)
    if row.action == "lock" and row.path == "status" and (row.ts, row.user) not in signed:
        return (f"{value_words(row.path, row.old)} → {value_words(row.path, row.new)} — "
                f"signed by {row.user}")
    return None
