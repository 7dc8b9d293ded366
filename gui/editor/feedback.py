"""The one adapter between the editor and the clinical engine (core.clinical).

``evaluate_document(doc)`` turns the edited document into a ``Feedback``: rule findings,
derived values per record path, CARE completeness and the timeline. When core.clinical is not
installed, placeholders are shown (no findings, day numbers only), so wiring the engine is a
change to this file alone.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import ValidationError

from core.model import Case
from core.model.fieldpath import error_path
from core.model.when import When

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str  # "error" | "warning" | "info"
    path: str
    message: str
    overridable: bool = False
    match: str | None = None


@dataclass(frozen=True)
class CareItem:
    item: str  # e.g. "5a Patient demographics"
    status: str  # "complete" | "partial" | "missing" | "not_applicable"
    detail: str = ""
    path: str = ""


@dataclass(frozen=True)
class TimelineItem:
    day: int | None
    when: str
    label: str
    path: str
    kind: str = ""


@dataclass
class Feedback:
    findings: tuple[Finding, ...] = ()
    derived: dict[str, dict[str, Any]] = field(default_factory=dict)
    care: tuple[CareItem, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()
    engine: str = "none"
    seconds: float = 0.0
    overridden: int = 0  # findings confirmed with a reason (not listed)

    def findings_at(self, path: str) -> list[Finding]:
        return [f for f in self.findings if f.path == path]

    def findings_under(self, prefix: str) -> list[Finding]:
        return [f for f in self.findings if f.path == prefix or f.path.startswith(prefix + ".")
                or f.path.startswith(prefix + "[")]

    def derived_at(self, record_path: str) -> dict[str, Any]:
        return self.derived.get(record_path, {})


@cache
def clinical_engine() -> Any:
    """core.clinical when installed and importable, else None (placeholders are shown)."""
    try:
        import core.clinical as clinical
    except Exception:  # missing, or broken while being developed: the editor still works
        log.warning("clinical engine not available", exc_info=True)
        return None
    return clinical if hasattr(clinical, "evaluate") else None


def evaluate_document(doc: dict[str, Any]) -> Feedback:
    start = time.perf_counter()
    try:
        case = Case.model_validate(doc)
    except ValidationError as exc:
        return Feedback(findings=tuple(_validation_findings(exc)), engine="model")
    engine = clinical_engine()
    try:
        feedback = _from_engine(engine, case) if engine else _placeholder(case)
    except Exception:  # a defect in the engine must not stop typing
        log.exception("clinical evaluation failed")
        feedback = _placeholder(case)
        feedback.findings = (Finding("ENGINE", "error", "", "clinical checks failed (see log)"),)
    feedback.seconds = time.perf_counter() - start
    return feedback


def _validation_findings(exc: ValidationError) -> list[Finding]:
    return [Finding("MODEL", "error", error_path(e["loc"]), e["msg"]) for e in exc.errors()]


# -- core.clinical ---------------------------------------------------------------------------
def _from_engine(engine: Any, case: Case) -> Feedback:
    result = engine.evaluate(case)
    findings = tuple(
        Finding(f.rule_id, f.severity, f.path, f.message, f.overridable, f.match)
        for f in result.findings if not f.overridden)
    derived = _flatten_derived(result.derived)
    timeline = tuple(TimelineItem(e.day, e.when.display(), e.label, e.path, e.event_type)
                     for e in result.derived.timeline)
    return Feedback(findings=findings, derived=derived, care=_care_items(result.care),
                    timeline=timeline, engine="core.clinical",
                    overridden=sum(f.overridden for f in result.findings))


def _flatten_derived(d: Any) -> dict[str, dict[str, Any]]:
    """The engine's typed derived values as {record path: {key: value}} for display."""
    out: dict[str, dict[str, Any]] = {}

    def put(path: str, **values: Any) -> None:
        out.setdefault(path, {}).update(values)

    for path, csf in d.csf.items():
        put(path, cns_status=csf.status, cns_subcategories=list(csf.derived.subcategories),
            cns_note=csf.derived.note)
    for path, marrow in d.marrow.items():
        put(path, derived_category=marrow.display)
    for path, cns in d.cns_response.items():
        put(path, derived_category=cns.category)
    for path, mrd in d.mrd.items():
        put(path, category=mrd.category, mrd_response=mrd.response)
    for path, mol in d.molecular.items():
        put(path, derived_molecular_response=mol.response, bcr_abl1_protein=mol.protein)
    for path, grade in d.ae_grades.items():
        put(path, **{f"{grade.kind.lower()}_grade": grade.derived})
    for path, lab in d.labs.items():
        put(path, value_canonical=lab.value, unit_canonical=lab.unit, flag=lab.flag)
    for path, dose in d.doses.items():
        text = f"{dose.value:.4g} {dose.unit}" + (f" ({dose.cap_warning})" if dose.cap_warning
                                                  else "")
        put(path, dose_abs_per_admin=text)
    if d.bsa is not None and d.bsa.derived is not None:
        put("patient", bsa_m2=round(d.bsa.derived, 2))
    if d.age is not None:
        put("patient", age=d.age.display)
    for path, span in d.days.items():
        record, _, name = path.rpartition(".")
        if span is not None:
            put(record, **{f"{name}:day": span.first if span.first == span.last
                           else f"d{span.first}–d{span.last}"})
    return out


CARE_STATUS = {"reported": "complete", "not_reported": "not_reported", "missing": "missing"}


def _care_items(care: Any) -> tuple[CareItem, ...]:
    out = []
    for item in care.items:
        for part in (item, *item.parts):
            status = CARE_STATUS.get(part.status, part.status)
            detail = part.reason or ("required" if part.required else "optional")
            out.append(CareItem(f"{part.number} {part.title}", status, detail))
    return tuple(out)


# -- placeholders until core.clinical is installed ---------------------------------------------
def _placeholder(case: Case) -> Feedback:
    derived: dict[str, dict[str, Any]] = {}
    _add_day_numbers(case, derived)
    return Feedback(derived=derived, timeline=placeholder_timeline(case), engine="placeholder")


def _dated_records(case: Case):
    """(record path, record, when field name, when) for every dated record in the case."""
    for name in type(case).model_fields:
        value = getattr(case, name)
        items = value if isinstance(value, list) else [value]
        for i, record in enumerate(items):
            path = f"{name}[{i}]" if isinstance(value, list) else name
            yield from _dated_in(path, record)


def _dated_in(path: str, record: Any):
    fields = getattr(type(record), "model_fields", None)
    if not fields:
        return
    for fname in fields:
        value = getattr(record, fname)
        if isinstance(value, When):
            yield path, record, fname, value
        elif isinstance(value, list) and fname not in ("keywords",):
            for j, child in enumerate(value):
                yield from _dated_in(f"{path}.{fname}[{j}]", child)


def _add_day_numbers(case: Case, derived: dict[str, dict[str, Any]]) -> None:
    day0 = case.case_report.day0
    for path, _record, fname, when in _dated_records(case):
        if when.day is None:
            day = when.first_day(day0)
            derived.setdefault(path, {}).setdefault(f"{fname}:day", day)


def placeholder_timeline(case: Case) -> tuple[TimelineItem, ...]:
    day0 = case.case_report.day0
    items = []
    for path, record, fname, when in _dated_records(case):
        label = _record_label(path, record, fname)
        items.append(TimelineItem(when.first_day(day0), when.display(), label,
                                  f"{path}.{fname}", path.split("[")[0].split(".")[0]))
    items.sort(key=lambda t: (t.day is None, t.day if t.day is not None else 0))
    return tuple(items)


def _record_label(path: str, record: Any, fname: str) -> str:
    kind = path.split("[")[0].split(".")[0].replace("_", " ")
    for attr in ("label", "drug_inn", "analyte", "finding", "regimen_name", "term", "scope",
                 "role", "test", "modality", "specimen", "kind", "event_type"):
        value = getattr(record, attr, None)
        if isinstance(value, str) and value:
            detail = f"{kind}: {value.replace('_', ' ')}"
            return detail if fname in ("day", "onset_day", "infusion_day") else f"{detail} ({fname})"
    return kind
