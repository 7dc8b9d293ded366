"""CNS status (COG/NCCN, reference §5.5 and §7.1), clinical signs of CNS leukemia and the
CNS status of an episode (diagnosis or relapse)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from core.model.diagnostics import CsfAssessment, NeuroExam, Neuroimaging

CSF_WBC_CUTOFF = 5.0  # /µL
CSF_RBC_TRAUMATIC = 10.0  # /µL
STEINHERZ_BLEYER_FACTOR = 2.0
EPISODE_WINDOW_DAYS = 7
_NOT_SIGNS = frozenset({"hemorrhage", "hydrocephalus"})
_RANK = {"not_evaluable": 0, "CNS1": 1, "CNS2": 2, "indeterminate_traumatic": 3, "CNS3": 4}


@dataclass(frozen=True)
class CnsResult:
    """A derived CNS status: ``CNS1``, ``CNS2``, ``CNS3``, ``indeterminate_traumatic``,
    ``not_evaluable``, or None when the inputs are incomplete (``note`` says what is missing)."""

    status: str | None
    subcategories: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class CsfStatus:
    """The derived status of one CSF assessment, with the clinician's override if any."""

    derived: CnsResult
    override: str | None = None
    override_reason: str | None = None
    flow_positive: bool = False
    pb_wbc: float | None = None  # the same-day blood counts the derivation used (×10⁹/L, ×10¹²/L)
    pb_rbc: float | None = None

    @property
    def status(self) -> str | None:
        """The status in force: the override when one is entered, else the derived one."""
        return self.override or self.derived.status

    @property
    def overridden(self) -> bool:
        return self.override is not None and self.override != self.derived.status


@dataclass(frozen=True)
class ClinicalSign:
    """A clinical sign of CNS leukemia (CNS3c): where it was recorded and what it is."""

    day: int
    path: str
    description: str
    parenchymal: bool = False


@dataclass(frozen=True)
class CnsEpisode:
    """The worst CNS status within ±7 days of a diagnosis or relapse."""

    path: str
    day: int
    status: str | None
    subcategories: tuple[str, ...]
    sources: tuple[str, ...]
    signs: tuple[ClinicalSign, ...] = ()  # the clinical signs (CNS3c) among the sources


def _value(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def derive_csf(blasts: str | None, wbc: float | None, rbc: float | None,
               pb_wbc: float | None = None, pb_rbc: float | None = None,
               clinical_signs: bool = False) -> CnsResult:
    """CNS status from CSF counts (/µL), blasts on cytospin (yes/no/not_evaluable) and
    same-day blood counts (WBC ×10⁹/L, RBC ×10¹²/L) for the traumatic-tap rule (§7.1)."""
    wbc, rbc, pb_wbc, pb_rbc = _value(wbc), _value(rbc), _value(pb_wbc), _value(pb_rbc)
    subcats = ["CNS3c"] if clinical_signs else []
    note = None
    if blasts == "yes":
        if wbc is None or rbc is None:
            note = "CSF WBC and RBC are needed to classify blasts-positive CSF"
        elif rbc < CSF_RBC_TRAUMATIC:
            subcats.append("CNS2a" if wbc < CSF_WBC_CUTOFF else "CNS3a")
        elif wbc < CSF_WBC_CUTOFF:
            subcats.append("CNS2b")
        elif pb_wbc is not None and pb_rbc:
            subcats.append("CNS3b" if steinherz_bleyer_positive(wbc, rbc, pb_wbc, pb_rbc)
                           else "CNS2c")
        elif not subcats:
            return CnsResult("indeterminate_traumatic", (),
                             "traumatic tap: blood WBC and RBC of the same day are needed")
    elif blasts == "not_evaluable" and not subcats:
        return CnsResult("not_evaluable")
    elif blasts is None and not subcats:
        note = "blasts on cytospin not recorded"
    if note and not subcats:
        return CnsResult(None, (), note)
    return CnsResult(_status_of(subcats), tuple(sorted(subcats)))


def steinherz_bleyer_positive(csf_wbc: float, csf_rbc: float, pb_wbc: float,
                              pb_rbc: float) -> bool:
    """(CSF WBC / CSF RBC) > 2 × (blood WBC / blood RBC), blood counts in ×10⁹/L and ×10¹²/L.

    Compared cross-multiplied, in cells/µL: csf_wbc × pb_rbc·10⁶ > 2 × pb_wbc·10³ × csf_rbc.
    """
    return csf_wbc * pb_rbc * 1000.0 > STEINHERZ_BLEYER_FACTOR * pb_wbc * csf_rbc


def _status_of(subcats: Iterable[str]) -> str:
    subcats = list(subcats)
    if any(s.startswith("CNS3") for s in subcats):
        return "CNS3"
    if any(s.startswith("CNS2") for s in subcats):
        return "CNS2"
    return "CNS1"


def csf_status(csf: CsfAssessment) -> CsfStatus:
    """Derived status of one CSF assessment (CSF data only; signs count for the episode)."""
    derived = derive_csf(csf.blasts_present_cytospin, csf.wbc_per_uL, csf.rbc_per_uL,
                         csf.pb_wbc_same_day, csf.pb_rbc_same_day)
    flow = _value(csf.flow_abnormal_pct)
    return CsfStatus(derived, csf.cns_status_override, csf.override_reason,
                     flow is not None and flow > 0, _value(csf.pb_wbc_same_day),
                     _value(csf.pb_rbc_same_day))


def exam_signs(exam: NeuroExam) -> list[str]:
    """Signs of CNS leukemia in a neurological examination attributed to leukemia."""
    if exam.attributed_to_leukemia != "yes":
        return []
    signs = []
    if exam.cranial_nerve_palsy:
        signs.append("cranial nerve palsy")
    if exam.hypothalamic_syndrome:
        signs.append("hypothalamic syndrome")
    if exam.ocular_involvement not in (None, "none"):
        signs.append("ocular involvement")
    return signs


def imaging_signs(img: Neuroimaging) -> list[tuple[str, bool]]:
    """(description, parenchymal?) of each imaging finding attributed to leukemia."""
    out = []
    for lesion in img.lesions:
        if lesion.attributed_to_leukemia == "yes" and lesion.pattern not in _NOT_SIGNS:
            pattern = lesion.pattern or "lesion"
            out.append((pattern.replace("_", " "), pattern.startswith("parenchymal")))
    if not out and img.overall_finding == "leukemic_involvement":
        out.append(("leukemic involvement on imaging", False))
    return out


def worst_status(statuses: Iterable[str | None]) -> str | None:
    known = [s for s in statuses if s in _RANK]
    return max(known, key=_RANK.__getitem__) if known else None


def episode_status(path: str, day: int, csf: Iterable[tuple[int, str, CsfStatus]],
                   signs: Iterable[ClinicalSign],
                   window: int = EPISODE_WINDOW_DAYS) -> CnsEpisode:
    """The worst CNS status among CSF assessments and clinical signs within ±window days."""
    near_csf = [(p, s) for d, p, s in csf if abs(d - day) <= window]
    near_signs = [s for s in signs if abs(s.day - day) <= window]
    statuses = [s.status for _, s in near_csf] + (["CNS3"] if near_signs else [])
    status = worst_status(statuses)
    subcats = {c for _, s in near_csf if s.status == status and not s.overridden
               for c in s.derived.subcategories}
    if near_signs:
        subcats.add("CNS3c")
    if status is not None:
        subcats = {c for c in subcats if c.startswith(status)}
    sources = tuple(dict.fromkeys([p for p, _ in near_csf] + [s.path for s in near_signs]))
    return CnsEpisode(path, day, status, tuple(sorted(subcats)), sources, tuple(near_signs))
