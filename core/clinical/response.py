"""ALL marrow (hematologic) response, NCCN-ALL default (reference §5.7, §7.2).

Inputs come from records within ±7 days. A remission (CR, CRh, CRi) stays "unconfirmed"
until a later marrow, at least 4 weeks on and with no recurrence in between, confirms it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from core.clinical.cns import ClinicalSign
from core.clinical.context import CaseIndex, Dated, nearest
from core.clinical.tables import REMISSION_CATEGORIES
from core.model.diagnostics import BoneMarrowAssessment
from core.model.treatment import ResponseAssessment, TreatmentLine

BM_BLAST_CUTOFF = 5.0
ANC_CR, PLT_CR = 1.0, 100.0
ANC_CRH, PLT_CRH = 0.5, 50.0
PR_BLASTS = (BM_BLAST_CUTOFF, 25.0)  # §5.7: PR needs marrow blasts 5–25%
PR_DECREASE = 0.5  # ... and at most half the baseline blasts (a ≥50% decrease)
PD_INCREASE = 1.25  # §5.7: PD is a ≥25% increase
WINDOW = 7
CONFIRM_AFTER_DAYS = 28
MARROW_SPECIMENS = (None, "bm_aspirate", "bm_biopsy")
MARROW_SCOPES = ("marrow_hematologic", "overall")


@dataclass(frozen=True)
class MarrowInputs:
    bm_blast_pct: float | None
    pb_blast_pct: float | None = None
    extramedullary_active: bool = False
    cns_not_clear: bool = False
    anc: float | None = None
    plt: float | None = None
    prior_remission: bool = False
    baseline_blast_pct: float | None = None
    before_treatment: bool = False
    end_of_line: bool = False
    crh_enabled: bool = True


@dataclass(frozen=True)
class MarrowResponse:
    """A derived marrow response: category, whether a later marrow confirmed it, the reasons it
    is not a (full) CR, and the field paths of the records it is based on. For a response
    assessment, the clinician's category and override reason are kept beside it."""

    category: str | None
    confirmed: bool = False
    reasons: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    entered: str | None = None
    override_reason: str | None = None

    @property
    def overridden(self) -> bool:
        return self.entered is not None and self.entered != self.category

    @property
    def display(self) -> str:
        if self.category in REMISSION_CATEGORIES and not self.confirmed:
            return f"{self.category} (unconfirmed)"
        return self.category or "not derivable"


def _ok(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def classify_marrow(inp: MarrowInputs) -> tuple[str | None, tuple[str, ...]]:
    """(category, reasons it is not CR) from the §7.2 classifier."""
    blasts, pb = _ok(inp.bm_blast_pct), _ok(inp.pb_blast_pct)
    if blasts is None:
        return None, ("no marrow blast percentage",)
    active = blasts >= BM_BLAST_CUTOFF or (pb is not None and pb > 0) or inp.extramedullary_active
    if active:
        return _active_category(inp, blasts), _disease_reasons(inp, blasts, pb)
    if inp.cns_not_clear:
        return None, ("CSF is not CNS1 (a remission needs CNS1)",)
    return _remission_category(inp)


def _disease_reasons(inp: MarrowInputs, blasts: float, pb: float | None) -> tuple[str, ...]:
    reasons = []
    if blasts >= BM_BLAST_CUTOFF:
        reasons.append(f"marrow blasts {blasts:g}% (≥5%)")
    if pb is not None and pb > 0:
        reasons.append(f"circulating blasts {pb:g}%")
    if inp.extramedullary_active:
        reasons.append("active extramedullary (CNS) disease")
    return tuple(reasons)


def _active_category(inp: MarrowInputs, blasts: float) -> str:
    """§7.2's active-disease branch: relapse after a remission, else by comparison with the
    baseline marrow (§5.7): PD (≥25% increase), PR (marrow blasts 5–25% with a ≥50% decrease
    and counts as for CR), else refractory at the end of the line, else SD/NR. Blasts under 5%
    that miss CR/CRi/CRh (circulating blasts, active CNS disease) are never PR."""
    if inp.prior_remission:
        return "relapse"
    if inp.before_treatment:
        return "baseline"
    base = _ok(inp.baseline_blast_pct)
    if base is not None and base > 0:
        if blasts >= PD_INCREASE * base:
            return "PD"
        if _partial_response(inp, blasts, base):
            return "PR"
    return "refractory" if inp.end_of_line else "SD_NR"


def _partial_response(inp: MarrowInputs, blasts: float, base: float) -> bool:
    """§5.7 PR: marrow blasts 5–25% (both ends included), at least halved from the baseline,
    and counts as for CR (ANC ≥1.0 and platelets ≥100 ×10⁹/L)."""
    anc, plt = _ok(inp.anc), _ok(inp.plt)
    counts_ok = anc is not None and plt is not None and anc >= ANC_CR and plt >= PLT_CR
    return (PR_BLASTS[0] <= blasts <= PR_BLASTS[1] and blasts <= PR_DECREASE * base
            and counts_ok)


def _remission_category(inp: MarrowInputs) -> tuple[str | None, tuple[str, ...]]:
    anc, plt = _ok(inp.anc), _ok(inp.plt)
    missing = [name for name, v in (("ANC", anc), ("platelets", plt)) if v is None]
    if missing:
        return None, (f"{' and '.join(missing)} not recorded within ±{WINDOW} days",)
    assert anc is not None and plt is not None
    if anc >= ANC_CR and plt >= PLT_CR:
        return "CR", ()
    reasons = []
    if anc < ANC_CR:
        reasons.append(f"ANC {anc:g} ×10⁹/L is below {ANC_CR:.1f}")
    if plt < PLT_CR:
        reasons.append(f"platelets {plt:g} ×10⁹/L are below {PLT_CR:g}")
    if inp.crh_enabled and anc > ANC_CRH and plt > PLT_CRH:
        return "CRh", tuple(reasons)
    return "CRi", tuple(reasons)


def marrow_blasts(bm: BoneMarrowAssessment) -> float | None:
    if bm.specimen not in MARROW_SPECIMENS:
        return None
    return _ok(bm.blast_pct_morphology) if bm.blast_pct_morphology is not None \
        else _ok(bm.blast_pct_flow)


class MarrowDeriver:
    """Derives the marrow response of every marrow assessment and response assessment."""

    def __init__(self, index: CaseIndex, crh_enabled: bool = True) -> None:
        self.index = index
        self.crh = crh_enabled
        self.marrows = [p for p in index.bm if marrow_blasts(p.item) is not None]
        self.remission_days: list[int] = [
            p.day for p in index.responses
            if p.item.scope in MARROW_SCOPES and p.item.category in REMISSION_CATEGORIES]

    def all(self) -> dict[str, MarrowResponse]:
        out: dict[str, MarrowResponse] = {}
        for p in self.marrows:
            result = self._derive(p.day, p, self.index.line_at(p.day))
            if result.category in REMISSION_CATEGORIES:
                self.remission_days.append(p.day)
            out[p.path] = result
        for i, r in enumerate(self.index.case.response_assessments):
            if r.scope in MARROW_SCOPES:
                out[f"response_assessments[{i}]"] = self.for_assessment(r)
        return out

    def for_assessment(self, r: ResponseAssessment) -> MarrowResponse:
        day = self.index.day(r.day)
        if day is None:
            return MarrowResponse(None, reasons=("assessment day unknown",), entered=r.category,
                                  override_reason=r.override_reason)
        bm = self._basis_marrow(r, day)
        if bm is None:
            return MarrowResponse(None, reasons=(f"no marrow assessment within ±{WINDOW} days",),
                                  entered=r.category, override_reason=r.override_reason)
        line = self.index.line_by_no.get(r.line_no) if r.line_no is not None else None
        result = self._derive(day, bm, line or self.index.line_at(day))
        return replace(result, entered=r.category, override_reason=r.override_reason)

    def _basis_marrow(self, r: ResponseAssessment, day: int) -> Dated[BoneMarrowAssessment] | None:
        ids = set(r.basis_refs.bm or ()) if r.basis_refs else set()
        chosen = [p for p in self.marrows if p.item.bm_assessment_id in ids]
        return nearest(chosen, day, 10**6) if chosen else nearest(self.marrows, day, WINDOW)

    def _derive(self, day: int, bm: Dated[BoneMarrowAssessment],
                line: TreatmentLine | None) -> MarrowResponse:
        inputs, basis = self._inputs(day, bm, line)
        category, reasons = classify_marrow(inputs)
        confirmed = category in REMISSION_CATEGORIES and self._confirmed(bm.day)
        return MarrowResponse(category, confirmed, reasons, basis)

    def _inputs(self, day: int, bm: Dated[BoneMarrowAssessment],
                line: TreatmentLine | None) -> tuple[MarrowInputs, tuple[str, ...]]:
        idx = self.index
        anc, plt, pb = (idx.lab_near(a, day, WINDOW) for a in ("ANC", "Platelets", "PB blasts"))
        csf = nearest(idx.csf, day, WINDOW)
        cns = csf.item.status if csf else None
        em = cns == "CNS3" or bool(near_signs(idx, day))
        start = idx.day(line.start_day) if line else idx.first_treatment_day
        inputs = MarrowInputs(
            bm_blast_pct=marrow_blasts(bm.item), pb_blast_pct=pb.item if pb else None,
            extramedullary_active=em, cns_not_clear=cns in ("CNS2", "indeterminate_traumatic"),
            anc=anc.item if anc else None, plt=plt.item if plt else None,
            prior_remission=self._prior_remission(bm.day),
            baseline_blast_pct=self._baseline(start),
            before_treatment=idx.first_treatment_day is None or bm.day < idx.first_treatment_day,
            end_of_line=self._at_line_end(day, line),
            crh_enabled=self.crh)
        basis = tuple(p.path for p in (bm, anc, plt, pb, csf) if p is not None)
        return inputs, basis

    def _at_line_end(self, day: int, line: TreatmentLine | None) -> bool:
        end = self.index.day(line.end_day) if line else None
        return end is not None and day >= end

    def _prior_remission(self, day: int) -> bool:
        start = self.index.course_start(day)
        return any(d < day and (start is None or d > start) for d in self.remission_days)

    def _baseline(self, line_start: int | None) -> float | None:
        if line_start is None:
            return None
        before = [p for p in self.marrows if p.day <= line_start]
        return marrow_blasts(before[-1].item) if before else None

    def _confirmed(self, day: int) -> bool:
        for p in self.marrows:
            if p.day <= day:
                continue
            if any(day < d <= p.day for d in self.index.relapse_days):
                return False
            blasts = marrow_blasts(p.item)
            if blasts is not None and blasts >= BM_BLAST_CUTOFF:
                return False
            if p.day >= day + CONFIRM_AFTER_DAYS:
                return True
        return False


def near_signs(index: CaseIndex, day: int) -> list[ClinicalSign]:
    return [s for s in index.signs if abs(s.day - day) <= WINDOW]
