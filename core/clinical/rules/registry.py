"""The rule registry: each rule is a small function decorated with ``@rule(...)`` that yields
``Problem``s for one case; the engine turns them into ``Finding``s."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.clinical.findings import Finding, Problem, Severity, internal_error

if TYPE_CHECKING:
    from core.clinical.rules.ctx import RuleContext

RuleFunc = Callable[["RuleContext"], Iterable[Problem]]
_ID = re.compile(r"^V\d{2}$")


@dataclass(frozen=True)
class RuleSpec:
    """A rule's stable id, default severity, whether its errors can be overridden with a
    reason, a one-line title (reference §6) and its function."""

    rule_id: str
    severity: Severity
    overridable: bool
    title: str
    func: RuleFunc


RULES: dict[str, RuleSpec] = {}


def rule(rule_id: str, severity: Severity = "error", overridable: bool = False,
         title: str = "") -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable id (``V01``-``V65``)."""
    if not _ID.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} is not of the form V01")

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = RuleSpec(rule_id, severity, overridable, title or (func.__doc__ or "")
                                  .strip().split("\n")[0], func)
        return func

    return register


def run_rule(spec: RuleSpec, ctx: RuleContext) -> list[Finding]:
    """The findings of one rule; a rule that raises gives one internal-error finding."""
    try:
        problems = list(spec.func(ctx))
    except Exception as exc:  # a defect in the rule: reported and logged, never swallowed
        return [internal_error(spec.rule_id, exc, ctx.case.case_id)]
    return [_finding(spec, p) for p in problems]


def _finding(spec: RuleSpec, p: Problem) -> Finding:
    severity = p.severity or spec.severity
    overridable = spec.overridable if p.overridable is None else p.overridable
    # a rule's default lets its errors be overridden; a warning only when its problem says so
    # (V60: a rare combination the clinician confirms with a reason)
    overridable = overridable and (severity == "error" or p.overridable is True)
    message = p.message[:1].upper() + p.message[1:]  # messages may start with a drug name
    return Finding(spec.rule_id, severity, p.path, message, overridable=overridable,
                   match=p.match, proposal=p.proposal)


def run_rules(ctx: RuleContext, rule_ids: Iterable[str] | None = None) -> Iterator[Finding]:
    for rule_id in sorted(RULES) if rule_ids is None else rule_ids:
        spec = RULES[rule_id]
        yield from run_rule(spec, ctx)
