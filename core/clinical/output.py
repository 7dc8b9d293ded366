"""Evaluations as text and JSON, for the command line (``casebook validate``) and exports."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from core.clinical.evaluate import Evaluation, evaluate
from core.clinical.findings import Finding
from core.clinical.row_numbers import shown_row_numbers
from core.errors import Blocker
from core.model import Case
from core.model.editor_sections import section_path
from core.model.labels import RowNumber
from core.model.when import When

_PROPERTIES = ("status", "display", "value", "overridden")


def _finding_line(case_id: str, f: Finding, rows: RowNumber | None) -> str:
    severity = "error  " if f.severity == "error" else "warning"
    extra = " [internal error]" if f.internal_error else ""
    if f.overridden:
        extra += f" [overridden: {f.override_reason}]"
    # the field as the editor's section list leads to it, as under "Complete: blocked by"
    # (the raw path, for programs, is in --json)
    where = section_path(f.path, rows) if f.path else "(case)"
    return f"  {severity} {f.rule_id} {case_id} {where}: {f.message}{extra}"


def _blocker_line(b: Blocker, rows: RowNumber | None) -> str:
    """A reason that stops Complete, its field's rows numbered as the editor shows them."""
    if rows is not None and b.path and b.label == section_path(b.path):
        return f"    - {section_path(b.path, rows)}: {b.message}"
    return f"    - {b}"


def format_findings_text(case_id: str, evaluation: Evaluation, case: Case | None = None) -> str:
    """One line per finding (severity, rule id, case id, field in words, message), then the CARE
    completeness and what blocks completion. With ``case``, a field's rows are numbered as the
    editor's tables show them (by date: core.clinical.row_numbers), else as stored."""
    e = evaluation
    rows = shown_row_numbers(case) if case is not None else None
    overridden = sum(f.overridden for f in e.findings)
    confirmed = f" ({overridden} confirmed with a reason)" if overridden else ""
    lines = [f"{case_id}: {len(e.errors)} error(s){confirmed}, {len(e.warnings)} warning(s)"]
    lines += [_finding_line(case_id, f, rows) for f in e.findings]
    reported = sum(1 for item in e.care.items if item.status != "missing")
    lines.append(f"  CARE: {reported}/{len(e.care.items)} items reported or not reported with "
                 "a reason")
    for item in e.care.items:
        if item.status != "reported":
            status = item.status.replace("_", " ")
            # the reason once: "not reported", not "not reported (not reported)"
            why = f" ({item.reason})" if item.reason and item.reason != status else ""
            lines.append(f"    {item.number} {item.title}: {status}{why}")
    blockers = e.blocking_reasons
    lines.append("  Complete: " + ("allowed" if not blockers else
                                   f"blocked by {len(blockers)} item(s)"))
    lines += [_blocker_line(b, rows) for b in e.blockers]  # every reason, its field in words
    return "\n".join(lines)


def jsonable(obj: Any) -> Any:
    """Plain JSON data from derived values (dataclasses, spans, whens, nested containers)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if isinstance(obj, When):
            return obj.to_json()
        out = {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        for name in _PROPERTIES:
            if hasattr(type(obj), name) and isinstance(getattr(type(obj), name), property):
                out[name] = jsonable(getattr(obj, name))
        return out
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def evaluation_to_json(evaluation: Evaluation) -> dict[str, Any]:
    e = evaluation
    return {
        "case_id": e.case_id,
        "errors": len(e.errors),
        "warnings": len(e.warnings),
        "blocking_errors": len(e.blocking_findings),
        "can_complete": e.can_complete,
        "findings": [jsonable(f) | {"blocks_completion": f.blocks_completion} for f in e.findings],
        "care": {"items": jsonable(e.care.items), "missing_fields": jsonable(e.care.missing_fields),
                 "blocking": e.care.blocking, "complete": e.care.complete},
        "blocking_reasons": e.blocking_reasons,
        "derived": jsonable(e.derived),
    }


@dataclass(frozen=True)
class ValidationReport:
    """The evaluations of several cases; ``has_errors`` drives the command's exit code."""

    evaluations: tuple[Evaluation, ...]

    @property
    def has_errors(self) -> bool:
        return any(f.blocks_completion for e in self.evaluations for f in e.findings)

    def to_text(self) -> str:
        return "\n".join(format_findings_text(e.case_id, e) for e in self.evaluations)

    def to_json(self) -> dict[str, Any]:
        return {"ok": not self.has_errors,
                "cases": [evaluation_to_json(e) for e in self.evaluations]}


def validate_documents(cases: Iterable[Case], denylist: Sequence[str] = ()) -> ValidationReport:
    return ValidationReport(tuple(evaluate(case, denylist) for case in cases))
