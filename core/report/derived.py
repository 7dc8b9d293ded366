"""The one place where the report meets the clinical engine (``core.clinical.engine``).

Derived values (CNS status, MRD category, response, CRS/ICANS grade, BSA, canonical lab values,
the automatic timeline) come from ``engine.evaluate(case)``, by position in the case's lists.
When the engine fails, ``error`` holds its message and no derived value is given: the PDF
prints the error on page 1 and in place of the derived values, never other values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core import units
from core.clinical import engine
from core.model import Case, When
from core.model.fieldpath import parse_path
from core.report.format import DASH


@dataclass(frozen=True)
class TimelineRow:
    when: When
    label: str
    kind: str
    path: str = ""  # the record (or outcome field) it comes from: "mrd_assessments[0]"


@dataclass(frozen=True)
class DerivedDose:
    value: float
    unit: str
    basis: str  # "BSA 1.80 m²", "weight 70 kg", "as entered"
    cap_warning: str | None = None


@dataclass(frozen=True)
class CsfDerived:
    """The derived CNS status of one CSF sample, with what the derivation used."""

    status: str | None
    subcategories: tuple[str, ...] = ()
    pb_wbc: float | None = None  # same-day blood WBC (×10⁹/L) and RBC (×10¹²/L) it used
    pb_rbc: float | None = None
    note: str | None = None  # why no status was derived (e.g. traumatic tap, counts missing)


@dataclass(frozen=True)
class EpisodeDerived:
    """The CNS status of a diagnosis or relapse episode (worst within ±7 days) and its basis:
    the CSF samples (by index) and the clinical signs (record path, description)."""

    path: str
    status: str | None
    subcategories: tuple[str, ...]
    csf: tuple[int, ...]
    signs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ImagingDerived:
    """The sum of the products of the perpendicular diameters (mm²) and its change from the
    baseline study (by index), with the response category the change is consistent with."""

    spd_mm2: float | None
    baseline: int | None = None
    baseline_spd_mm2: float | None = None
    change_pct: float | None = None
    category: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Derived:
    source: str
    timeline: list[TimelineRow] = field(default_factory=list)
    cns_status: dict[int, str] = field(default_factory=dict)
    mrd_category: dict[int, str] = field(default_factory=dict)
    response_category: dict[int, str] = field(default_factory=dict)
    # each marrow's derived response as the editor shows it ("CRh (unconfirmed)"), by position
    marrow_response: dict[int, str] = field(default_factory=dict)
    ae_grade: dict[int, int] = field(default_factory=dict)
    molecular_response: dict[int, str] = field(default_factory=dict)
    lab_canonical: dict[int, tuple[float, str]] = field(default_factory=dict)
    bsa_m2: float | None = None
    # (line index, administration index) -> the absolute dose (§7.7, never capped)
    doses: dict[tuple[int, int], DerivedDose] = field(default_factory=dict)
    csf: dict[int, CsfDerived] = field(default_factory=dict)
    cns_episodes: list[EpisodeDerived] = field(default_factory=list)
    imaging: dict[int, ImagingDerived] = field(default_factory=dict)
    error: str | None = None  # the clinical engine's error: no derived values above

    def missing(self) -> str:
        """What a derived value that is absent prints as: a dash, or the engine's error."""
        return NOT_DERIVED if self.error else DASH


NOT_DERIVED = "not derived: clinical engine error (see page 1)"


def evaluate(case: Case) -> Derived:
    """Derived values for the report, from the clinical engine; when it fails, ``error`` and
    no derived values (the report prints the error where they would be)."""
    result = engine.evaluate(case, checks=False)  # the report prints no rule findings
    overrides: dict[int, str] = {i: c.cns_status_override for i, c in enumerate(case.csf_assessments)
                 if c.cns_status_override}
    if result.evaluation is None or result.error:
        return Derived(source="error", error=result.error, cns_status=overrides)
    e = result.evaluation
    return Derived(
        source="core.clinical",
        timeline=[TimelineRow(r.when, r.label, r.event_type, r.path) for r in e.timeline],
        cns_status={**overrides, **e.cns_status},
        mrd_category=dict(e.mrd_category),
        response_category=dict(e.response_category),
        marrow_response={_index(p): r.display for p, r in e.derived.marrow.items()
                         if p.startswith("bm_assessments[") and r.category},
        ae_grade=dict(e.ae_grade),
        molecular_response=dict(e.molecular_response),
        lab_canonical={**_canonical_labs(case), **e.lab_canonical},
        bsa_m2=e.bsa_m2 if e.bsa_m2 is not None else case.patient.bsa_m2,
        doses=_doses(e.derived.doses),
        csf={_index(p): CsfDerived(c.derived.status, tuple(c.derived.subcategories), c.pb_wbc, c.pb_rbc,
                                   c.derived.note) for p, c in e.derived.csf.items()},
        cns_episodes=[EpisodeDerived(
            x.path, x.status, tuple(x.subcategories),
            tuple(_index(p) for p in x.sources if p.startswith("csf_assessments[")),
            tuple(dict.fromkeys((s.path, s.description) for s in x.signs)))
            for x in e.derived.cns_episodes],
        imaging={_index(p): ImagingDerived(
            b.spd_mm2, _index(b.baseline_path) if b.baseline_path else None, b.baseline_spd_mm2,
            b.change_pct, b.category, b.note) for p, b in e.derived.imaging.items()},
    )


def _index(path: str) -> int:
    """The list position in a top-level path such as ``csf_assessments[2]``."""
    return int(path[path.index("[") + 1:path.index("]")])


def _doses(doses: dict[str, Any]) -> dict[tuple[int, int], DerivedDose]:
    """The engine's doses (by path ``treatment_lines[i].administrations[j]``) by position."""
    out = {}
    for path, dose in doses.items():
        parts = parse_path(path)
        if len(parts) == 4 and isinstance(parts[1], int) and isinstance(parts[3], int):
            out[(parts[1], parts[3])] = DerivedDose(dose.value, dose.unit, dose.basis,
                                                    dose.cap_warning)
    return out


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
