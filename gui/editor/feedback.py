"""The one adapter between the editor and the clinical engine (``core.clinical.engine``).

``evaluate_document(doc)`` turns the edited document into a ``Feedback``: rule findings,
derived values per record path, CARE completeness and the timeline. When the engine fails, the
error is a finding (rule ENGINE, or the derivation that failed) listed in Problems, which blocks
Complete; no derived value is shown in its place. The draft can still be saved.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from core.model import Case
from core.model.fieldpath import error_path
from gui.editor.derived import lesion_burden_text
from gui.editor.validation import plain_error
from gui.editor.vocab_source import UNITS, shown

if TYPE_CHECKING:  # the engine loads at the first evaluation (the editor's warm-up), not at start
    from core.clinical import engine


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str  # "error" | "warning" | "info"
    path: str
    message: str
    overridable: bool = False
    match: str | None = None
    # the one value a "did you mean" proposes, and the field it is for (V38, listed at the ATC
    # code, proposes the drug's name): (path, value), which the quick fix stores
    proposal: tuple[str, str] | None = None


def distinct(findings: Iterable[Finding]) -> list[Finding]:
    """Each problem once: the same rule, field and message found twice (the same text pasted
    twice into one field, two V57 hits) is one row to read, count and confirm."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for finding in findings:
        key = (finding.rule_id, finding.path, finding.message)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


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
    placeholder: bool = False  # from placeholder values: marked † as the PDF's timeline marks it


@dataclass
class Feedback:
    findings: tuple[Finding, ...] = ()
    derived: dict[str, dict[str, Any]] = field(default_factory=dict)
    care: tuple[CareItem, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()
    engine: str = "none"  # "none" (not evaluated yet), "model", "core.clinical" or "error"
    seconds: float = 0.0
    overridden: int = 0  # findings confirmed with a reason (not listed)
    # What else stops Complete: missing CARE items and required fields (severity "required",
    # rule "CARE 5b" or "REQUIRED"), listed in Problems beside the rules' errors.
    required: tuple[Finding, ...] = ()
    # What the submission kit still lacks (core.publication.checks): shown in the completeness
    # panel, each at its field; a malformed ORCID, DOI, PMID, e-mail or [@key] also as a
    # warning finding (rule KIT) at the field. None blocks Complete.
    kit: tuple[CareItem, ...] = ()
    # A new case not saved yet lists only the findings at fields the user touched: how many
    # others it holds back (shown once it is saved, or Complete is asked for).
    hidden: int = 0

    def findings_at(self, path: str) -> list[Finding]:
        return [f for f in self.findings if f.path == path]

    def findings_under(self, prefix: str) -> list[Finding]:
        return [f for f in self.findings if f.path == prefix or f.path.startswith(prefix + ".")
                or f.path.startswith(prefix + "[")]

    def derived_at(self, record_path: str) -> dict[str, Any]:
        return self.derived.get(record_path, {})


def evaluate_document(doc: dict[str, Any]) -> Feedback:
    start = time.perf_counter()
    try:
        case = Case.model_validate(doc)
    except ValidationError as exc:
        return Feedback(findings=tuple(_validation_findings(exc)), engine="model")
    from core.clinical import engine

    result = engine.evaluate(case)
    if result.evaluation is None:
        feedback = Feedback(findings=tuple(_findings(result.findings)), engine="error")
    else:
        feedback = _from_evaluation(result.evaluation, case)
        if result.error:
            feedback.engine = "error"
    _add_kit_hints(feedback, case)
    feedback.seconds = time.perf_counter() - start
    return feedback


def _add_kit_hints(feedback: Feedback, case: Case) -> None:
    from core.publication.checks import kit_hints

    hints = kit_hints(case)
    feedback.kit = tuple(CareItem(h.message, "missing", h.path, h.path) for h in hints)
    feedback.findings += tuple(Finding("KIT", "warning", h.path, h.message)
                               for h in hints if h.malformed)


def _validation_findings(exc: ValidationError) -> list[Finding]:
    return [Finding("MODEL", "error", error_path(e["loc"]), plain_error(e))
            for e in exc.errors()]


def _findings(findings: Iterable[engine.Finding]) -> Iterator[Finding]:
    for f in findings:
        if not f.overridden:
            proposal = (f.proposal.path, f.proposal.value) if f.proposal else None
            yield Finding(f.rule_id, f.severity, f.path, f.message, f.overridable, f.match,
                          proposal)


def _from_evaluation(result: engine.Evaluation, case: Case) -> Feedback:
    from core.report.placeholders import from_placeholder

    findings = tuple(_findings(result.findings))
    derived = _flatten_derived(result.derived)
    # each row marked as the PDF's timeline table marks it (timeline_placeholders)
    timeline = tuple(TimelineItem(e.day, e.when.display(), e.label, e.path, e.event_type,
                                  from_placeholder(case, e.path))
                     for e in result.derived.timeline)
    return Feedback(findings=findings, derived=derived, care=_care_items(result.care),
                    timeline=timeline, engine="core.clinical",
                    overridden=sum(f.overridden for f in result.findings),
                    required=_required(result))


def _required(result: engine.Evaluation) -> tuple[Finding, ...]:
    """The CARE items and required fields that block Complete (the rules' errors are findings
    already), each at the field to fill."""
    return tuple(Finding(b.rule, "required", b.path,
                         b.message if b.rule == "REQUIRED" else f"{b.label}: {b.message}")
                 for b in result.blockers if b.rule == "REQUIRED" or b.rule.startswith("CARE"))


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
    for path, burden in d.imaging.items():
        put(path, lesion_burden=lesion_burden_text(burden))
    for path, mol in d.molecular.items():
        put(path, derived_molecular_response=mol.response, bcr_abl1_protein=mol.protein)
    for path, grade in d.ae_grades.items():
        put(path, **{f"{grade.kind.lower()}_grade": grade.derived})
    for path, lab in d.labs.items():
        put(path, value_canonical=lab.value, flag=lab.flag,
            unit_canonical=shown(UNITS, lab.unit) if lab.unit else None)  # ×10⁹/L, not 10*9/L
    from core.report.format import absolute_dose

    for path, dose in d.doses.items():
        text = absolute_dose(dose.value, dose.unit) + (f" ({dose.cap_warning})"
                                                       if dose.cap_warning else "")
        put(path, dose_abs_per_admin=text)
    if d.bsa is not None and d.bsa.derived is not None:
        put("patient", bsa_m2=round(d.bsa.derived, 2))
    if d.age is not None:
        put("patient", age=d.age.display)
    if d.adverse_events_status is not None:  # beside the empty field: "derived: recorded"
        put("case_report", adverse_events_status=d.adverse_events_status)
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
