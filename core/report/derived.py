"""The one place where the report meets ``core.clinical``.

Derived values (CNS status, MRD category, response, CRS/ICANS grade, BSA, canonical lab values,
the automatic timeline) come from ``core.clinical.evaluate(case)`` when that package is present;
until then the report shows what the record stores, plus a plain timeline of its dated entries.
Likewise the identifier scanner is ``core.clinical.phi.scan_text`` when present. Nothing else
in ``core.report`` imports ``core.clinical``.

Expected shape of ``core.clinical.evaluate(case)`` (attributes or mapping keys; anything missing
falls back to the stored values): ``cns_status`` / ``mrd_category`` / ``response_category`` /
``ae_grade`` / ``molecular_response`` / ``lab_canonical``: {index in the case's list: value},
``bsa_m2``: float, ``timeline``: [objects with ``when`` (or ``day``), ``label``, ``event_type``].
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from core import units
from core.model import Case, When
from core.report.format import humanize
from core.report.options import Scanner


@dataclass(frozen=True)
class TimelineRow:
    when: When
    label: str
    kind: str


@dataclass(frozen=True)
class Derived:
    source: str
    timeline: list[TimelineRow] = field(default_factory=list)
    cns_status: dict[int, str] = field(default_factory=dict)
    mrd_category: dict[int, str] = field(default_factory=dict)
    response_category: dict[int, str] = field(default_factory=dict)
    ae_grade: dict[int, int] = field(default_factory=dict)
    molecular_response: dict[int, str] = field(default_factory=dict)
    lab_canonical: dict[int, tuple[float, str]] = field(default_factory=dict)
    bsa_m2: float | None = None


def _clinical(module: str = "core.clinical") -> Any:
    """The module, or None when it does not exist (a module that exists but fails to import
    is a defect: its error is raised, not hidden)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def evaluate(case: Case) -> Derived:
    """Derived values for the report: from core.clinical when present, else the stored ones."""
    stored = _stored(case)
    clinical = _clinical()
    if clinical is None or not hasattr(clinical, "evaluate"):
        return stored
    return _from_clinical(clinical.evaluate(case), stored)


def default_scanner() -> Scanner | None:
    phi = _clinical("core.clinical.phi")
    return getattr(phi, "scan_text", None)


def _get(result: Any, name: str, default: Any) -> Any:
    if isinstance(result, dict):
        value = result.get(name)
    else:
        value = getattr(result, name, None)
    return default if value is None else value


def _from_clinical(result: Any, stored: Derived) -> Derived:
    rows = _get(result, "timeline", None)
    timeline = stored.timeline if rows is None else [_timeline_row(r) for r in rows]
    return Derived(
        source="core.clinical",
        timeline=[r for r in timeline if r is not None],
        cns_status={**stored.cns_status, **dict(_get(result, "cns_status", {}))},
        mrd_category=dict(_get(result, "mrd_category", {})),
        response_category=dict(_get(result, "response_category", {})),
        ae_grade=dict(_get(result, "ae_grade", {})),
        molecular_response=dict(_get(result, "molecular_response", {})),
        lab_canonical={**stored.lab_canonical, **dict(_get(result, "lab_canonical", {}))},
        bsa_m2=_get(result, "bsa_m2", stored.bsa_m2),
    )


def _timeline_row(row: Any) -> TimelineRow | None:
    when = _get(row, "when", None)
    if when is None and _get(row, "day", None) is not None:
        when = When(day=int(_get(row, "day", 0)))
    if not isinstance(when, When):
        return None
    return TimelineRow(when, str(_get(row, "label", "")), str(_get(row, "event_type", "other")))


def _stored(case: Case) -> Derived:
    return Derived(
        source="stored values",
        timeline=stored_timeline(case),
        cns_status={i: c.cns_status_override for i, c in enumerate(case.csf_assessments)
                    if c.cns_status_override},
        lab_canonical=_canonical_labs(case),
        bsa_m2=case.patient.bsa_m2,
    )


def _canonical_labs(case: Case) -> dict[int, tuple[float, str]]:
    out = {}
    for i, lab in enumerate(case.labs):
        if lab.value_entered is None or not lab.analyte:
            continue
        try:
            out[i] = units.to_canonical(lab.analyte, lab.value_entered, lab.unit_entered)
        except units.UnitError:
            continue
    return out


def stored_timeline(case: Case) -> list[TimelineRow]:
    """Manual events plus one event per dated key entry, in day order (ties keep entry order)."""
    rows = [TimelineRow(e.day, e.label or humanize(e.event_type or "other"),
                        e.event_type or "other") for e in case.timeline if e.day]
    rows += _diagnosis_rows(case) + _treatment_rows(case) + _response_rows(case)
    rows += _adverse_event_rows(case) + _outcome_rows(case)
    day0 = case.case_report.day0
    return sorted(rows, key=lambda r: (r.when.first_day(day0) is None, r.when.first_day(day0) or 0))


DIAGNOSIS_EVENTS = {"initial": "Diagnosis", "relapse": "Relapse", "phase_change": "Phase change",
                    "transformation": "Transformation", "secondary": "Secondary diagnosis"}
RESPONSE_EVENTS = {"marrow_hematologic": "Marrow response", "cns": "CNS response",
                   "mrd": "MRD response", "molecular_cml": "Molecular response (CML)",
                   "cytogenetic_cml": "Cytogenetic response (CML)", "overall": "Overall response"}


def _diagnosis_rows(case: Case) -> list[TimelineRow]:
    rows = []
    for d in case.diagnoses:
        if d.day:
            parts = [d.entity, d.cml_phase and f"{d.cml_phase} phase",
                     d.cml_bp_lineage and humanize(d.cml_bp_lineage),
                     d.relapse_sites and "sites: " + ", ".join(map(humanize, d.relapse_sites))]
            event = DIAGNOSIS_EVENTS.get(d.role or "", "Diagnosis")
            rows.append(TimelineRow(d.day, f"{event}: {', '.join(p for p in parts if p)}",
                                    "relapse" if d.role == "relapse" else "diagnosis"))
    return rows


def _treatment_rows(case: Case) -> list[TimelineRow]:
    rows = []
    for line in case.treatment_lines:
        name = f"Line {line.line_no or '?'}"
        if line.start_day:
            what = f"{name} started: {line.regimen_name or 'regimen not reported'}"
            rows.append(TimelineRow(line.start_day, what, "treatment_start"))
        if line.end_day:
            why = f" ({humanize(line.reason_end)})" if line.reason_end else ""
            rows.append(TimelineRow(line.end_day, f"{name} ended{why}", "treatment_end"))
    if case.hsct and case.hsct.day:
        rows.append(TimelineRow(case.hsct.day, "Stem-cell transplant", "hsct"))
    for ct in case.cellular_therapies:
        if ct.infusion_day:
            what = f"Infusion: {ct.product or 'cellular therapy'}"
            rows.append(TimelineRow(ct.infusion_day, what, "treatment_start"))
    return rows


def _response_rows(case: Case) -> list[TimelineRow]:
    rows = []
    for r in case.response_assessments:
        if r.day and r.scope != "relapse_event":
            event = RESPONSE_EVENTS.get(r.scope or "", "Response")
            rows.append(TimelineRow(r.day, f"{event}: {humanize(r.category or 'not reported')}",
                                    "response"))
    return rows


def _adverse_event_rows(case: Case) -> list[TimelineRow]:
    rows = []
    for ae in case.adverse_events:
        if ae.onset_day:
            grade = f", grade {ae.grade}" if ae.grade is not None else ""
            system = f" ({humanize(ae.grading_system)})" if ae.grading_system else ""
            rows.append(TimelineRow(ae.onset_day, f"Adverse event: {ae.term}{grade}{system}",
                                    "adverse_event"))
    return rows


def _outcome_rows(case: Case) -> list[TimelineRow]:
    o = case.outcome
    pairs = [(o.death_day, "Death", "death"), (o.last_follow_up_day, "Last follow-up",
             "last_follow_up"), (o.last_known_alive_day, "Last known alive", "last_follow_up")]
    return [TimelineRow(w, label, kind) for w, label, kind in pairs if w]
