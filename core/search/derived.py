"""The one place where search meets ``core.clinical`` (derived values, ARCHITECTURE decision 5).

``core.clinical.evaluate(case)`` also runs the 59 rules and CARE completeness (about 5 ms a
case): too slow for every save plus a 100k-case rebuild. The index needs four derivations, so
it calls them directly: the CNS status of each CSF assessment and of the diagnosis episode
(``CaseIndex.csf_status``, ``episode_status``), the MRD category (``derive_mrd``) and the
ASTCT grade of CRS/ICANS (``derive.ae_grade``). If ``core.clinical`` is absent or a derivation
fails, the tiny fallbacks in ``fallback.py`` stand in, so a save never fails because of search.

Effective values: a CNS override wins over the derived status; an entered AE grade wins over
the derived one (entering a different one needs a reason); response categories are the entered
ones (deriving a marrow response needs the whole evaluation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from core.logs import get_logger
from core.model import Case
from core.search import fallback
from core.search.fallback import CNS_RANK, RESPONSE_RANK
from core.search.text import humanize

log = get_logger("search")


@dataclass(frozen=True)
class ClinicalValues:
    """Effective clinical values of one case, as the index needs them."""

    cns: tuple[str, ...] = ()               # every CSF entry's status, and at last contact
    cns_subcategories: tuple[str, ...] = ()
    cns_at_diagnosis: str | None = None     # worst status within ±7 days of the diagnosis
    mrd: tuple[str, ...] = ()               # negative/positive, category, MRD response
    responses: tuple[str, ...] = ()         # every response assessment's category
    best_response: str | None = None
    ae_grades: tuple[int | None, ...] = ()  # per adverse event, in the case's order

    def words(self) -> Iterator[str]:
        """Derived values as text for the full-text index (so "CNS3" finds its cases)."""
        yield from self.cns
        yield from self.cns_subcategories
        yield from (humanize(v) for v in self.mrd + self.responses)


@dataclass(frozen=True)
class Derivations:
    """Per-record derived values, in the order of the case's lists."""

    csf: list[tuple[str | None, list[str]]]  # (effective status, subcategories)
    episodes: list[tuple[str | None, list[str]]]  # each diagnosis or relapse episode
    at_diagnosis: str | None  # the main diagnosis' episode
    mrd: list[tuple[str | None, str | None]]  # (category, MRD response)
    ae_grades: list[int | None]  # derived grade (None when not derivable)


def clinical_values(case: Case) -> ClinicalValues:
    found = _derivations(case)
    statuses = [status for status, _ in found.csf + found.episodes]
    responses = [r.category for r in case.response_assessments]
    return ClinicalValues(
        cns=tuple(dict.fromkeys([s for s in statuses if s] + _last_contact(case))),
        cns_subcategories=tuple(sorted({s for _, subs in found.csf + found.episodes
                                        for s in subs})),
        cns_at_diagnosis=found.at_diagnosis,
        mrd=tuple(dict.fromkeys(v for cat, resp in found.mrd for v in _mrd_words(cat, resp))),
        responses=tuple(dict.fromkeys(r for r in responses if r)),
        best_response=_best(responses),
        ae_grades=tuple(e.grade if e.grade is not None else d
                        for e, d in zip(case.adverse_events, found.ae_grades, strict=True)),
    )


def _derivations(case: Case) -> Derivations:
    try:
        return _from_clinical(case)
    except ImportError:
        return fallback.derivations(case)
    except Exception:  # noqa: BLE001 - a failing derivation must not stop a save
        log.exception("core.clinical failed for %s; search uses its fallbacks", case.case_id)
        return fallback.derivations(case)


def _from_clinical(case: Case) -> Derivations:
    from core.clinical import derive_mrd, episode_status
    from core.clinical.context import CaseIndex
    from core.clinical.derive import ae_grade

    index = CaseIndex(case)
    statuses = index.csf_status
    csf = []
    for i in range(len(case.csf_assessments)):
        status = statuses[f"csf_assessments[{i}]"]
        subs = [] if status.overridden else list(status.derived.subcategories)
        csf.append((status.status, subs))
    mrd = [(r.category, r.response) for r in map(derive_mrd, case.mrd_assessments)]
    grades = [_grade(ae_grade(ae)) for ae in case.adverse_events]
    episodes, at_diagnosis = _episodes(case, index, episode_status)
    return Derivations(csf, episodes, at_diagnosis, mrd, grades)


def _episodes(case: Case, index: Any, episode_status: Any
              ) -> tuple[list[tuple[str | None, list[str]]], str | None]:
    """The CNS status of every diagnosis episode, and of the main diagnosis (taken at day 0
    when the main diagnosis has no day)."""
    csf = [(p.day, p.path, p.item) for p in index.csf]

    def at(path: str, day: int) -> tuple[str | None, list[str]]:
        episode = episode_status(path, day, csf, index.signs)
        return episode.status, list(episode.subcategories)

    main = case.main_diagnosis()
    main_day = next((p.day for p in index.diagnoses if p.item is main), 0)
    return [at(p.path, p.day) for p in index.diagnoses], at("diagnosis", main_day)[0]


def _grade(grade: Any) -> int | None:
    return None if grade is None else grade.derived


def _last_contact(case: Case) -> list[str]:
    status = case.outcome.cns_status_at_last_contact
    return [status] if status in CNS_RANK else []


def _mrd_words(category: str | None, response: str | None) -> list[str]:
    if category is None:
        return []
    sign = "negative" if category.startswith("negative") else "positive"
    return [v for v in (sign, category, response) if v]


def _best(categories: list[str | None]) -> str | None:
    ranked = [c for c in categories if c in RESPONSE_RANK]
    return min(ranked, key=RESPONSE_RANK.index) if ranked else None
