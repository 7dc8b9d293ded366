"""``evaluate(case)``: derived values, the rules' findings and CARE completeness, in one
pure call (no Qt, no database); and the draft decisions built on it.

Errors block only draft -> complete; warnings never block; a confirmed override (with a
reason) stops an overridable error from blocking; rules never raise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from core.clinical.care import CareCompleteness, care_completeness
from core.clinical.context import CaseIndex
from core.clinical.derive import Derived, derive_all
from core.clinical.findings import Finding
from core.clinical.rules import RuleContext, run_rules
from core.clinical.timeline import TimelineEntry
from core.errors import Blocker
from core.model import Case
from core.model.editor_sections import section_path

_INDEX = re.compile(r"^\w+\[(\d+)\]$")


@dataclass(frozen=True)
class Evaluation:
    case_id: str
    findings: tuple[Finding, ...]
    derived: Derived
    care: CareCompleteness

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def internal_errors(self) -> list[Finding]:
        return [f for f in self.findings if f.internal_error]

    @property
    def blocking_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.blocks_completion]

    @property
    def can_complete(self) -> bool:
        return not self.blocking_findings and self.care.complete

    @property
    def blockers(self) -> list[Blocker]:
        """Everything that stops draft -> complete, each with its field (path and words)."""
        out = [Blocker(f.path, f.message, section_path(f.path) if f.path else "Whole case",
                       f.rule_id, f.overridable) for f in self.blocking_findings]
        named = {b.path for b in out}  # a required field a rule or CARE item names is one reason
        for b in self.care.blockers:
            if b.rule != "REQUIRED" or b.path not in named:
                out.append(b)
                named.add(b.path)
        return out

    @property
    def blocking_reasons(self) -> list[str]:
        """Plain messages for everything that stops draft -> complete (fields in words)."""
        return [str(b) for b in self.blockers]

    # Views by list position, the shape the PDF report reads ----------------------------------
    @property
    def timeline(self) -> list[TimelineEntry]:
        return self.derived.timeline

    @cached_property
    def cns_status(self) -> dict[int, str]:
        return _by_index({p: s.status for p, s in self.derived.csf.items()})

    @cached_property
    def mrd_category(self) -> dict[int, str]:
        return _by_index({p: r.category for p, r in self.derived.mrd.items()})

    @cached_property
    def response_category(self) -> dict[int, str]:
        values: dict[str, str | None] = {p: r.display for p, r in self.derived.marrow.items()}
        values.update({p: r.category for p, r in self.derived.cns_response.items()})
        return _by_index({p: v for p, v in values.items() if p.startswith("response_")})

    @cached_property
    def ae_grade(self) -> dict[int, int]:
        return _by_index({p: g.derived for p, g in self.derived.ae_grades.items()})

    @cached_property
    def molecular_response(self) -> dict[int, str]:
        return _by_index({p: r.response for p, r in self.derived.molecular.items()})

    @cached_property
    def lab_canonical(self) -> dict[int, tuple[float, str]]:
        return _by_index({p: (v.value, v.unit) for p, v in self.derived.labs.items()
                          if v.value is not None})

    @property
    def bsa_m2(self) -> float | None:
        return self.derived.bsa.value if self.derived.bsa else None


def _by_index(values: dict[str, Any]) -> dict[int, Any]:
    out = {}
    for path, value in values.items():
        m = _INDEX.match(path)
        if m and value is not None:
            out[int(m.group(1))] = value
    return out


def evaluate(case: Case, denylist: Sequence[str] = (),
             today: dt.date | None = None, checks: bool = True) -> Evaluation:
    """Everything the app derives and checks about one case. Never raises for a rule: a rule
    or derivation that fails becomes an internal-error finding (a defect to report).
    ``today`` is the rules' clock (no event after it); None: the system date. ``checks``
    False: the derived values alone, for a reader of them such as the PDF (no rules run, so
    only the derivations' failures are findings; CARE completeness is left empty)."""
    index = CaseIndex(case)
    derived, failures = derive_all(case, index)
    if not checks:
        return Evaluation(case.case_id, tuple(failures), derived, CareCompleteness(()))
    ctx = RuleContext(case, index, derived, denylist, today=today)
    findings = [*failures, *run_rules(ctx)]
    findings = _apply_overrides(case, findings)
    care = care_completeness(case, derived, index.records)
    return Evaluation(case.case_id, tuple(findings), derived, care)


def _apply_overrides(case: Case, findings: list[Finding]) -> list[Finding]:
    overrides = case.overrides or []
    if not overrides:
        return findings
    out = []
    for f in findings:
        match = next((o for o in overrides if f.overridable and o.rule_id == f.rule_id
                      and o.path == f.path and (o.match is None or o.match == f.match)), None)
        out.append(f.with_override(match.reason) if match else f)
    return out


def blocking_reasons(case: Case) -> list[str]:
    """What stops this case from going draft -> complete (empty: it may)."""
    return evaluate(case).blocking_reasons


def completion_blockers(case: Case) -> list[Blocker]:
    """``blocking_reasons`` with the field each one is about (for the app to jump to)."""
    return evaluate(case).blockers


def status_change_blockers(evaluation: Evaluation, current: str, target: str) -> list[str]:
    """Reasons that stop a status change: only draft -> complete is ever blocked (by errors
    and missing required items); saving a draft and every other change are not."""
    if current == "draft" and target == "complete":
        return evaluation.blocking_reasons
    return []
