"""CNS response (NCCN ALL + app-CNS-v1; reference §5.5, §5.7).

CNS remission = reaching CNS1 after CNS2/CNS3; with parenchymal disease it also needs imaging
showing complete resolution. CNS relapse = new CNS3 or clinical signs of CNS leukemia.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.clinical.cns import CsfStatus
from core.clinical.context import CaseIndex, Dated
from core.model.diagnostics import Neuroimaging

CSF_LOOKBACK_DAYS = 14
SIGN_WINDOW_DAYS = 7
INVOLVED = frozenset({"CNS2", "CNS3", "indeterminate_traumatic"})


@dataclass(frozen=True)
class CnsResponse:
    category: str | None
    reasons: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()


def derive_cns_response(index: CaseIndex, day: int) -> CnsResponse:
    """The CNS response category on ``day`` from CSF, clinical signs and imaging."""
    recent = [p for p in index.csf if day - CSF_LOOKBACK_DAYS <= p.day <= day
              and p.item.status is not None]
    if not recent:
        return CnsResponse("not_evaluable", (f"no CSF assessment in the {CSF_LOOKBACK_DAYS} "
                                             "days up to the response day",))
    latest = recent[-1]
    signs_now = [s for s in index.signs if day - SIGN_WINDOW_DAYS <= s.day <= day]
    basis = (latest.path, *(s.path for s in signs_now))
    involved_now = latest.item.status in INVOLVED or bool(signs_now)
    prior = _prior_involvement(index, latest)
    if not involved_now:
        return _clear_now(index, day, latest, prior, basis)
    if prior and not _cleared_since(index, prior, latest):
        return CnsResponse("CNS_persistent", ("CNS involvement has not cleared",), basis)
    if latest.item.status == "CNS3" or signs_now:
        return CnsResponse("CNS_relapse", ("new CNS3 or clinical signs",), basis)
    return CnsResponse(None, ("new CNS2: not a CNS relapse (that needs CNS3 or clinical "
                              "signs)",), basis)


def _prior_involvement(index: CaseIndex, latest: Dated[CsfStatus]) -> int | None:
    """Day of the last CNS involvement (CSF CNS2/CNS3 or a clinical sign) before ``latest``."""
    days = [p.day for p in index.csf if p.day < latest.day and p.item.status in INVOLVED]
    days += [s.day for s in index.signs if s.day < latest.day]
    return max(days) if days else None


def _cleared_since(index: CaseIndex, since: int, latest: Dated[CsfStatus]) -> bool:
    return any(since < p.day < latest.day and p.item.status == "CNS1" for p in index.csf)


def _clear_now(index: CaseIndex, day: int, latest: Dated[CsfStatus], prior: int | None,
               basis: tuple[str, ...]) -> CnsResponse:
    lesion_day = last_parenchymal_day(index, day)
    if lesion_day is not None:
        resolution = resolution_imaging(index, lesion_day, day)
        if resolution is None:
            return CnsResponse("CNS_persistent", (
                "parenchymal lesions were present and no later imaging on or before the "
                "response day shows complete resolution",), basis)
        basis = (*basis, resolution.path)
    if prior is None and lesion_day is None:
        return CnsResponse("CNS_not_involved", (), basis)
    return CnsResponse("CNS_remission", (), basis)


def last_parenchymal_day(index: CaseIndex, day: int) -> int | None:
    """Last day before ``day`` with parenchymal disease (imaging or a diagnosis flag)."""
    days = [s.day for s in index.signs if s.parenchymal and s.day < day]
    days += [p.day for p in index.diagnoses
             if p.item.cns_parenchymal_involvement and p.day <= day]
    return max(days) if days else None


def resolution_imaging(index: CaseIndex, lesion_day: int,
                       day: int) -> Dated[Neuroimaging] | None:
    """The latest imaging after the lesions and on or before ``day``, if it shows complete
    resolution."""
    later = [p for p in index.imaging if lesion_day < p.day <= day]
    if later and later[-1].item.radiologic_response == "complete_resolution":
        return later[-1]
    return None
