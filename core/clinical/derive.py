"""Every derived value of a case (reference §7), keyed by field path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.clinical.cns import CnsEpisode, CsfStatus, episode_status
from core.clinical.cns_response import CnsResponse, derive_cns_response
from core.clinical.context import CaseIndex
from core.clinical.days import Span, all_day_numbers
from core.clinical.dosing import Age, Bsa, Dose, absolute_dose, derive_age, derive_bsa
from core.clinical.findings import Finding, internal_error
from core.clinical.grading import crs_grade, ctcae_suggestion, icans_grade
from core.clinical.imaging import ImagingBurden, imaging_burden
from core.clinical.labs import LabValue
from core.clinical.molecular import MolecularResult, derive_molecular
from core.clinical.mrd import MrdResult, derive_mrd
from core.clinical.response import MarrowDeriver, MarrowResponse
from core.clinical.tables import CRS_TERMS, ICANS_TERMS, drug_key
from core.clinical.timeline import TimelineEntry, build_timeline
from core.model import Case
from core.model.treatment import AdverseEvent

EPISODE_ROLES = ("initial", "relapse", "phase_change", "transformation")


@dataclass(frozen=True)
class AeGrade:
    """ASTCT grade derived from the CRS/ICANS parameters, beside the entered grade."""

    kind: str  # "CRS" or "ICANS"
    derived: int | None
    entered: int | None
    override_reason: str | None

    @property
    def overridden(self) -> bool:
        return self.derived is not None and self.entered is not None \
            and self.entered != self.derived


@dataclass(frozen=True)
class Derived:
    """Derived values; each dict is keyed by the field path of the record it belongs to."""

    csf: dict[str, CsfStatus] = field(default_factory=dict)
    cns_episodes: list[CnsEpisode] = field(default_factory=list)
    marrow: dict[str, MarrowResponse] = field(default_factory=dict)
    cns_response: dict[str, CnsResponse] = field(default_factory=dict)
    imaging: dict[str, ImagingBurden] = field(default_factory=dict)  # SPD, change (§4.15)
    mrd: dict[str, MrdResult] = field(default_factory=dict)
    molecular: dict[str, MolecularResult] = field(default_factory=dict)
    ae_grades: dict[str, AeGrade] = field(default_factory=dict)
    labs: dict[str, LabValue] = field(default_factory=dict)
    ctcae_suggestions: dict[str, tuple[str, int]] = field(default_factory=dict)
    bsa: Bsa | None = None
    doses: dict[str, Dose] = field(default_factory=dict)
    age: Age | None = None
    # "recorded" when adverse events are listed and the status is not given: the rows say it
    # (Mark complete does not ask for it; the stored status stays as the user left it)
    adverse_events_status: str | None = None
    days: dict[str, Span | None] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)


def derive_all(case: Case, index: CaseIndex) -> tuple[Derived, list[Finding]]:
    """All derived values, and an internal-error finding for any derivation that failed."""
    parts: dict[str, Any] = {}
    failures: list[Finding] = []
    for name, func in _PARTS:
        try:
            parts[name] = func(case, index, parts)
        except Exception as exc:  # a defect: reported as a finding, logged, never swallowed
            failures.append(internal_error(f"derive:{name}", exc, case.case_id))
    return Derived(**parts), failures


def _episodes(case: Case, index: CaseIndex, parts: dict[str, Any]) -> list[CnsEpisode]:
    csf = [(p.day, p.path, p.item) for p in index.csf]
    events = [(p.day, p.path) for p in index.diagnoses if p.item.role in EPISODE_ROLES]
    seen = {day for day, _ in events}
    events += [(p.day, p.path) for p in index.responses
               if p.item.scope == "relapse_event" and p.day not in seen]
    return [episode_status(path, day, csf, index.signs) for day, path in events]


def _cns_response(case: Case, index: CaseIndex, parts: dict[str, Any]) -> dict[str, CnsResponse]:
    out = {}
    for i, r in enumerate(case.response_assessments):
        day = index.day(r.day)
        if r.scope == "cns" and day is not None:
            out[f"response_assessments[{i}]"] = derive_cns_response(index, day)
    return out


def _ae_grades(case: Case, index: CaseIndex, parts: dict[str, Any]) -> dict[str, AeGrade]:
    out = {}
    for i, ae in enumerate(case.adverse_events):
        grade = ae_grade(ae)
        if grade is not None:
            out[f"adverse_events[{i}]"] = grade
    return out


def ae_grade(ae: AdverseEvent) -> AeGrade | None:
    term, fatal = drug_key(ae.term), ae.outcome == "fatal"
    if term in CRS_TERMS and ae.crs_detail is not None:
        return AeGrade("CRS", crs_grade(ae.crs_detail, fatal), ae.grade, ae.override_reason)
    if term in ICANS_TERMS and ae.icans_detail is not None:
        return AeGrade("ICANS", icans_grade(ae.icans_detail, fatal), ae.grade,
                       ae.override_reason)
    return None


def _ctcae(case: Case, index: CaseIndex, parts: dict[str, Any]) -> dict[str, tuple[str, int]]:
    out = {}
    for i, lab in enumerate(case.labs):
        path = f"labs[{i}]"
        value = index.lab_values[path]
        if value.analyte and value.value is not None:
            suggestion = ctcae_suggestion(value.analyte, value.value, lab.ref_low)
            if suggestion:
                out[path] = suggestion
    return out


def _doses(case: Case, index: CaseIndex, parts: dict[str, Any]) -> dict[str, Dose]:
    bsa = parts.get("bsa")
    out = {}
    for i, line in enumerate(case.treatment_lines):
        for j, admin in enumerate(line.administrations):
            dose = absolute_dose(admin, bsa.value if bsa else None, case.patient.weight_kg)
            if dose is not None:
                out[f"treatment_lines[{i}].administrations[{j}]"] = dose
    return out


def _timeline(case: Case, index: CaseIndex, parts: dict[str, Any]) -> list[TimelineEntry]:
    responses = {p: r.display for p, r in parts.get("marrow", {}).items()}
    responses.update({p: r.category for p, r in parts.get("cns_response", {}).items()
                      if r.category})
    return build_timeline(case, index, parts.get("csf", {}), parts.get("mrd", {}),
                          parts.get("molecular", {}), parts.get("ae_grades", {}), responses)


_Part = Callable[[Case, CaseIndex, dict[str, Any]], Any]
_PARTS: tuple[tuple[str, _Part], ...] = (
    ("days", lambda c, i, p: all_day_numbers(c, i.days, i.records)),
    ("csf", lambda c, i, p: dict(i.csf_status)),
    ("cns_episodes", _episodes),
    ("marrow", lambda c, i, p: MarrowDeriver(i).all()),
    ("cns_response", _cns_response),
    ("imaging", lambda c, i, p: imaging_burden(c.neuroimaging,
                                               [i.day(n.day) for n in c.neuroimaging])),
    ("mrd", lambda c, i, p: {f"mrd_assessments[{k}]": derive_mrd(m)
                             for k, m in enumerate(c.mrd_assessments)}),
    ("molecular", lambda c, i, p: {f"molecular_tests[{k}]": derive_molecular(m)
                                   for k, m in enumerate(c.molecular_tests)}),
    ("ae_grades", _ae_grades),
    ("labs", lambda c, i, p: dict(i.lab_values)),
    ("ctcae_suggestions", _ctcae),
    ("bsa", lambda c, i, p: derive_bsa(c.patient)),
    ("doses", _doses),
    ("age", lambda c, i, p: derive_age(c.patient, c.case_report.day0)),
    ("adverse_events_status", lambda c, i, p: "recorded" if c.adverse_events and
     c.case_report.adverse_events_status is None else None),
    ("timeline", _timeline),
)
