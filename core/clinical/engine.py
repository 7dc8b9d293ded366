"""The one interface between the clinical engine and the rest of the app.

The editor, search, the PDF report, the case services and the command line call these
functions and nothing else of ``core.clinical``:

- ``evaluate(case)`` -> ``EngineResult``: the evaluation (findings, derived values, CARE
  completeness), or the error that stopped it;
- ``search_values(case)`` -> ``SearchDerived``: the four derivations the search index needs
  (cheaper than a whole evaluation), or the error;
- ``completion_blockers(case)``: what stops draft -> complete (an engine error does);
- ``scan_text`` / ``value_spans``: the one identifier scanner (rule V57 and the PDF);
- ``rare_subdivision(case)``: the subdivision of an unconfirmed rare combination (rule V60);
- ``evaluation_to_json`` / ``format_findings_text``: an evaluation as the command line prints it.

An engine error is never replaced by other values: ``error`` is set, the derived values are
absent, and each consumer shows the error (the editor lists it as a problem that blocks
Complete, search indexes it in place of the derived values, the PDF prints it). A derivation
that fails inside an evaluation counts as an engine error too. Each error is logged once per
case (not on every keystroke).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.clinical.evaluate import Evaluation
from core.clinical.evaluate import evaluate as _evaluate
from core.clinical.findings import Finding, failure_text, report_failure
from core.clinical.output import evaluation_to_json, format_findings_text
from core.clinical.phi import PhiHit, scan_text, value_spans
from core.errors import Blocker
from core.model import Case

__all__ = ["ENGINE_RULE", "EngineResult", "Evaluation", "Finding", "PhiHit", "SearchDerived",
           "completion_blockers", "evaluate", "evaluation_to_json", "format_findings_text",
           "rare_subdivision", "scan_text", "search_values", "value_spans"]

ENGINE_RULE = "ENGINE"


def report_error(case_id: str, where: str, exc: BaseException) -> str:
    """The error as the user sees it; logged (with its traceback) once per case and place."""
    report_failure(case_id, where, exc)
    return f"clinical engine error in {where}: {failure_text(exc)}"


@dataclass(frozen=True)
class EngineResult:
    """The evaluation of one case, or the error that stopped it (never both missing)."""

    case_id: str
    evaluation: Evaluation | None
    error: str | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The rule findings, with the engine error (if any) first, as a blocking finding."""
        own = self.evaluation.findings if self.evaluation is not None else ()
        if self.error and self.evaluation is None:
            return (Finding(ENGINE_RULE, "error", "", self.error, internal_error=True), *own)
        return own

    @property
    def blockers(self) -> list[Blocker]:
        """Everything that stops draft -> complete, each with its field; an engine error
        that stopped the evaluation is one (of the whole case)."""
        if self.evaluation is None:
            return [Blocker("", str(self.error), "Whole case", ENGINE_RULE)]
        return self.evaluation.blockers

    @property
    def blocking_reasons(self) -> list[str]:
        return [str(b) for b in self.blockers]

    @property
    def can_complete(self) -> bool:
        return not self.blocking_reasons


def evaluate(case: Case, denylist: Sequence[str] = (),
             today: dt.date | None = None, checks: bool = True) -> EngineResult:
    """Evaluate a case; an exception becomes ``error`` (logged once), never a fallback.
    ``today`` is the rules' clock (None: the system date); ``checks`` False: derived values
    only, no rules nor CARE completeness (see ``core.clinical.evaluate.evaluate``)."""
    try:
        evaluation = _evaluate(case, denylist, today, checks)
    except Exception as exc:  # noqa: BLE001 - shown to the user as an error, never hidden
        return EngineResult(case.case_id, None, report_error(case.case_id, "evaluation", exc))
    failed = [f"clinical engine error: {f.message}" for f in evaluation.findings
              if f.internal_error and f.rule_id.startswith("derive:")]
    return EngineResult(case.case_id, evaluation, "; ".join(failed) or None)


@dataclass(frozen=True)
class SearchDerived:
    """Per-record derived values the search index needs, in the order of the case's lists;
    or ``error`` (and no values) when the engine failed."""

    csf: list[tuple[str | None, list[str]]] = field(default_factory=list)  # status, subs
    episodes: list[tuple[str | None, list[str]]] = field(default_factory=list)
    at_diagnosis: str | None = None  # the main diagnosis' episode
    at_diagnosis_subcategories: tuple[str, ...] = ()
    mrd: list[tuple[str | None, str | None]] = field(default_factory=list)  # category, response
    ae_grades: list[int | None] = field(default_factory=list)  # derived grade per event
    error: str | None = None


def search_values(case: Case) -> SearchDerived:
    """The CNS status of each CSF assessment and diagnosis episode, the MRD categories and the
    derived CRS/ICANS grades (a whole evaluation is too slow for a 100k-case rebuild)."""
    try:
        return _search_values(case)
    except Exception as exc:  # noqa: BLE001 - indexed and shown as an error, never hidden
        return SearchDerived(error=report_error(case.case_id, "search derivations", exc))


def _search_values(case: Case) -> SearchDerived:
    from core.clinical.cns import episode_status
    from core.clinical.context import CaseIndex
    from core.clinical.derive import ae_grade
    from core.clinical.mrd import derive_mrd

    index = CaseIndex(case)
    statuses = index.csf_status
    csf = []
    for i in range(len(case.csf_assessments)):
        status = statuses[f"csf_assessments[{i}]"]
        subs = [] if status.overridden else list(status.derived.subcategories)
        csf.append((status.status, subs))
    mrd = [(r.category, r.response) for r in map(derive_mrd, case.mrd_assessments)]
    grades = []
    for ae in case.adverse_events:
        grade = ae_grade(ae)
        grades.append(None if grade is None else grade.derived)
    points = [(p.day, p.path, p.item) for p in index.csf]

    def at(path: str, day: int) -> tuple[str | None, list[str]]:
        episode = episode_status(path, day, points, index.signs)
        return episode.status, list(episode.subcategories)

    main = case.main_diagnosis()
    main_day = next((p.day for p in index.diagnoses if p.item is main), 0)
    episodes = [at(p.path, p.day) for p in index.diagnoses]
    at_diagnosis, subcategories = at("diagnosis", main_day)
    return SearchDerived(csf, episodes, at_diagnosis, tuple(subcategories), mrd, grades)


def completion_blockers(case: Case) -> list[Blocker]:
    """What stops this case from going draft -> complete (an engine error does)."""
    return evaluate(case).blockers


def rare_subdivision(case: Case) -> str | None:
    """Rule V60 (reference §9.2): the subdivision that an extreme age at Day 0 (≥90 or under
    one year, typed or from the birth date) makes a rare combination, when no V60 override
    confirmed it; None otherwise. De-identified outputs treat it as an identifier found in
    the text: the PDF and the kit leave it out, a dataset export stops at it."""
    from core.clinical.dosing import derive_age
    from core.clinical.rules.privacy import rare_confirmed
    from core.clinical.rules.privacy import rare_subdivision as found

    sub = found(case, derive_age(case.patient, case.case_report.day0))
    return None if sub is None or rare_confirmed(case, sub) else sub
