"""A validation finding: which rule, how serious, which field, and what to tell the clinician."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]
log = logging.getLogger("core.clinical")
_reported: set[tuple[str, str]] = set()


@dataclass(frozen=True, slots=True)
class Proposal:
    """The one value a finding's "did you mean" proposes, and the field it is for: V38 is
    listed at the ATC code but proposes the drug's name ('blinatumomab' for 'blinatu')."""

    path: str
    value: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of one rule.

    ``path`` uses the one field-path syntax (``csf_assessments[2].wbc_per_uL``); an empty path
    means the whole case. ``overridable`` errors can be confirmed with a reason
    (``overridden`` then holds, and the finding no longer blocks completion); so can a warning
    that asks to be confirmed (V60's rare combination, then no longer listed).
    ``internal_error`` marks a rule that failed: a defect, reported, never swallowed.
    ``match`` is the text a scan found (V57), so one hit can be confirmed on its own (V60: the
    subdivision, so that another one asks again).
    ``proposal`` is the one value a "did you mean" offers, for the editor's quick fix to store
    (never read back out of the message).
    """

    rule_id: str
    severity: Severity
    path: str
    message: str
    overridable: bool = False
    internal_error: bool = False
    overridden: bool = False
    override_reason: str | None = None
    match: str | None = None
    proposal: Proposal | None = None

    @property
    def blocks_completion(self) -> bool:
        return self.severity == "error" and not self.overridden

    def with_override(self, reason: str) -> Finding:
        return replace(self, overridden=True, override_reason=reason)


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule yields; the engine turns it into a Finding with the rule's id and defaults."""

    path: str
    message: str
    severity: Severity | None = None
    overridable: bool | None = None
    match: str | None = None
    proposal: Proposal | None = None


def failure_text(exc: BaseException) -> str:
    detail = str(exc).strip()
    return type(exc).__name__ + (f": {detail}" if detail else "")


def report_failure(case_id: str, where: str, exc: BaseException) -> None:
    """Log a defect (with its traceback) the first time it happens for this case and place,
    not on every evaluation while the case is being typed."""
    key = (case_id, f"{where}:{type(exc).__name__}")
    if key not in _reported:
        _reported.add(key)
        log.error("%s failed for case %s", where, case_id, exc_info=exc)


def internal_error(rule_id: str, exc: BaseException | None = None, case_id: str = "") -> Finding:
    """The finding of a rule or derivation that raised (logged once per case)."""
    message = f"internal error in rule {rule_id}"
    if exc is not None:
        report_failure(case_id, rule_id, exc)
        message += f" ({failure_text(exc)})"
    return Finding(rule_id, "error", "", message, internal_error=True)
