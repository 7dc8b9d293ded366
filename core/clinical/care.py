"""CARE completeness (reference §3): for each of the 13 CARE items, reported, not reported
(with the reason given) or missing; and what blocks marking the case complete."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from core.clinical.derive import Derived
from core.clinical.mrd import result_missing
from core.clinical.walk import records, required_fields
from core.errors import Blocker
from core.model import Case
from core.model.diagnostics import MrdAssessment
from core.model.editor_sections import section_path
from core.model.report import CONSENT_DOCUMENTED

Status = Literal["reported", "not_reported", "missing"]
_Check = tuple[Status, str | None]


@dataclass(frozen=True)
class CareItem:
    number: str
    title: str
    required: bool
    status: Status
    reason: str | None = None
    parts: tuple[CareItem, ...] = ()
    # where the case holds what the check found, when it can be in more than one place
    # (``EVIDENCE``): "history_items", "treatment_lines", "reason_end", "dose_changes",
    # "adherence"
    evidence: tuple[str, ...] = ()

    @property
    def blocking(self) -> bool:
        return self.required and self.status == "missing"


@dataclass(frozen=True)
class CareCompleteness:
    items: tuple[CareItem, ...]
    missing_fields: tuple[tuple[str, str], ...] = ()

    @property
    def blocking(self) -> list[str]:
        """What stops 'complete', in words: missing required CARE items, then required fields."""
        return [str(b) for b in self.blockers]

    @property
    def blockers(self) -> list[Blocker]:
        """The same as ``blocking``, each with the field to go to."""
        out = []
        for item in self.items:
            for part in item.parts or (item,):
                if part.blocking:
                    why = f" ({part.reason})" if part.reason else ""
                    out.append(Blocker(CARE_PATHS.get(part.number, ""), f"missing{why}",
                                       f"CARE {part.number} {part.title}",
                                       f"CARE {part.number}"))
        out += [Blocker(path, "required (a value or a reason)", section_path(path), "REQUIRED")
                for path, _label in self.missing_fields]
        return out

    @property
    def complete(self) -> bool:
        return not self.blocking


# Where the user goes to fill each required CARE item.
CARE_PATHS = {
    "1": "case_report.title", "2": "case_report.keywords", "5a": "patient.age_at_day0",
    "5b": "clinical_findings", "5c": "history_items", "6": "clinical_findings",
    "7": "timeline", "8a": "bm_assessments", "9a": "treatment_lines", "9b": "treatment_lines",
    "10a": "response_assessments", "10b": "bm_assessments",
    "10d": "case_report.adverse_events_status", "13": "consent.status",
}


def _has(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return bool(value)
    return value is not None


def _texts(record: Any, *names: str) -> _Check:
    if any(_has(getattr(record, n)) for n in names):
        return "reported", None
    reasons = [record.nf[n] for n in names if n in record.nf]
    if reasons:
        return "not_reported", reasons[0].replace("_", " ")
    return "missing", None


def _records(present: bool, what: str) -> _Check:
    return ("reported", None) if present else ("missing", what)


def _demographics(case: Case, derived: Derived) -> _Check:
    p = case.patient
    lacking = [n for n, ok in (("age", derived.age is not None or "age_at_day0" in p.nf),
                               ("sex", p.sex is not None or "sex" in p.nf)) if not ok]
    return ("missing", " and ".join(lacking)) if lacking else ("reported", None)


def _history(case: Case, derived: Derived) -> _Check:
    items = case.history_items
    if any(_has(h.description) for h in items):
        return "reported", None
    reasons = [h.nf.get("description") for h in items if "description" in h.nf]
    return ("not_reported", str(reasons[0]).replace("_", " ")) if reasons else \
        ("missing", "no history item, or one marked not reported")


def _past_interventions_found(case: Case) -> tuple[str, ...]:
    """A prior therapy in the history, or more than one treatment line (the earlier ones)."""
    return tuple(name for name, found in (
        ("history_items", any(h.kind == "prior_therapy" for h in case.history_items)),
        ("treatment_lines", len(case.treatment_lines) > 1)) if found)


def _past_interventions(case: Case, derived: Derived) -> _Check:
    return _records(bool(_past_interventions_found(case)), "no prior therapy recorded")


def _diagnostic_methods(case: Case, derived: Derived) -> _Check:
    sections = (case.bm_assessments, case.immunophenotype_panels, case.cytogenetics,
                case.molecular_tests, case.csf_assessments, case.neuroimaging,
                case.mrd_assessments, case.labs)
    return _records(any(sections), "no diagnostic test recorded")


def _reasoning(kind: str) -> Callable[[Case, Derived], _Check]:
    def check(case: Case, derived: Derived) -> _Check:
        found = any(r.kind == kind for r in case.diagnostic_reasoning)
        if kind == "prognosis":
            found = found or any(_has(d.risk_group) for d in case.diagnoses)
        return _records(found, f"no {kind} recorded")
    return check


def _interventions(case: Case, derived: Derived) -> _Check:
    hsct = case.hsct is not None and case.hsct.performed == "yes"
    return _records(bool(case.treatment_lines or case.radiotherapy or case.cellular_therapies
                         or hsct), "no treatment recorded")


def _administration(case: Case, derived: Derived) -> _Check:
    return _records(any(line.administrations for line in case.treatment_lines)
                    or bool(case.radiotherapy or case.cellular_therapies),
                    "no drug administration recorded")


def _changes_found(case: Case) -> tuple[str, ...]:
    """A dose change of a drug, or a reason a treatment line ended."""
    lines = case.treatment_lines
    return tuple(name for name, found in (
        ("dose_changes", any(a.modifications for line in lines for a in line.administrations)),
        ("reason_end", any(line.reason_end for line in lines))) if found)


def _changes(case: Case, derived: Derived) -> _Check:
    return _records(bool(_changes_found(case)), "no dose change or reason for ending a line")



def _outcomes(case: Case, derived: Derived) -> _Check:
    return _records(bool(case.response_assessments) or case.outcome.vital_status is not None,
                    "no response assessment or outcome")


def _follow_up_tests(case: Case, derived: Derived) -> _Check:
    """Test results after treatment began (after Day 0 without treatment)."""
    starts = [s.first for i in range(len(case.treatment_lines))
              if (s := derived.days.get(f"treatment_lines[{i}].start_day")) is not None]
    since = min(starts) if starts else 0
    sections = ("bm_assessments", "csf_assessments", "mrd_assessments", "molecular_tests",
                "labs", "neuroimaging", "cytogenetics", "immunophenotype_panels")
    later = any(span is not None and span.last > since for path, span in derived.days.items()
                if path.startswith(sections))
    return _records(later, "no test result after treatment began")


def _adherence_found(case: Case) -> tuple[str, ...]:
    """A drug's adherence, or a dose change (tolerability)."""
    admins = [a for line in case.treatment_lines for a in line.administrations]
    return tuple(name for name, found in (("adherence", any(a.adherence for a in admins)),
                                          ("dose_changes", any(a.modifications for a in admins)))
                 if found)


def _adherence(case: Case, derived: Derived) -> _Check:
    return _records(bool(_adherence_found(case)), "not recorded")


def _adverse_events(case: Case, derived: Derived) -> _Check:
    status = case.case_report.adverse_events_status
    if case.adverse_events or status == "none":
        return "reported", None if case.adverse_events else "none"
    if status == "not_reported":
        return "not_reported", "not reported"
    if status == "recorded":
        return "missing", "status 'recorded' but no adverse event entered"
    return "missing", "record the events, or state none / not reported"


def _perspective(case: Case, derived: Derived) -> _Check:
    pp = case.patient_perspective
    if _has(pp.text):
        return "reported", None
    if pp.collected in ("declined", "not_asked"):
        return "not_reported", pp.collected.replace("_", " ")
    return _texts(pp, "text")


def _consent(case: Case, derived: Derived) -> _Check:
    status = case.consent.status
    if status in CONSENT_DOCUMENTED:
        return "reported", status.replace("_", " ")
    return "missing", "consent not documented" if status is None else "not obtained"


def _item(number: str, title: str, required: bool, check: Callable[[Case, Derived], _Check],
          case: Case, derived: Derived) -> CareItem:
    status, reason = check(case, derived)
    found = EVIDENCE[number](case) if number in EVIDENCE and status == "reported" else ()
    return CareItem(number, title, required, status, reason, evidence=found)


def _group(number: str, title: str, parts: list[CareItem]) -> CareItem:
    if any(p.blocking for p in parts):
        status: Status = "missing"
    elif any(p.status == "reported" for p in parts):
        status = "reported"
    else:
        status = "not_reported" if any(p.status == "not_reported" for p in parts) else "missing"
    return CareItem(number, title, any(p.required for p in parts), status, None, tuple(parts))


# the items whose evidence can be in more than one place: where the case holds it
EVIDENCE: dict[str, Callable[[Case], tuple[str, ...]]] = {
    "5d": _past_interventions_found, "9c": _changes_found, "10c": _adherence_found}


_SIMPLE: dict[str, tuple[str, bool, Callable[[Case, Derived], _Check]]] = {
    "1": ("Title", True, lambda c, d: _texts(c.case_report, "title")),
    "2": ("Keywords", True, lambda c, d: _texts(c.case_report, "keywords")),
    "3": ("Abstract", False, lambda c, d: _texts(c.case_report, "abstract_introduction",
                                                 "abstract_presentation", "abstract_conclusion")),
    "4": ("Introduction", False, lambda c, d: _texts(c.case_report, "introduction")),
    "6": ("Clinical findings", True, lambda c, d: _records(
        any(f.kind == "exam" for f in c.clinical_findings) or bool(c.neuro_exams),
        "no examination finding")),
    "7": ("Timeline", True, lambda c, d: _records(any(e.day is not None for e in d.timeline),
                                                  "no dated entry")),
    "11": ("Discussion", False, lambda c, d: _texts(c.case_report, "discussion", "take_away")),
    "12": ("Patient perspective", False, _perspective),
    "13": ("Informed consent", True, _consent),
}
_GROUPS: dict[str, tuple[str, list[tuple[str, str, bool, Callable[[Case, Derived], _Check]]]]] = {
    "5": ("Patient information", [("5a", "De-identified demographics", True, _demographics),
                                  ("5b", "Main concerns and symptoms", True, lambda c, d: _records(
                                      any(f.kind == "symptom" for f in c.clinical_findings),
                                      "no symptom recorded")),
                                  ("5c", "Medical, family and psychosocial history", True,
                                   _history),
                                  ("5d", "Past interventions", False, _past_interventions)]),
    "8": ("Diagnostic assessment", [("8a", "Diagnostic methods", True, _diagnostic_methods),
                                    ("8b", "Diagnostic challenges", False, _reasoning("challenge")),
                                    ("8c", "Diagnostic reasoning", False,
                                     _reasoning("differential")),
                                    ("8d", "Prognosis", False, _reasoning("prognosis"))]),
    "9": ("Therapeutic intervention", [("9a", "Types of intervention", True, _interventions),
                                       ("9b", "Administration", True, _administration),
                                       ("9c", "Changes with rationale", False, _changes)]),
    "10": ("Follow-up and outcomes", [("10a", "Clinician- and patient-assessed outcomes", True,
                                       _outcomes),
                                      ("10b", "Follow-up test results", True, _follow_up_tests),
                                      ("10c", "Adherence and tolerability", False, _adherence),
                                      ("10d", "Adverse and unanticipated events", True,
                                       _adverse_events)]),
}


def care_completeness(case: Case, derived: Derived,
                      items: list[tuple[str, BaseModel]] | None = None) -> CareCompleteness:
    care_items = []
    for number in map(str, range(1, 14)):
        if number in _GROUPS:
            title, parts = _GROUPS[number]
            care_items.append(_group(number, title, [_item(n, t, r, f, case, derived)
                                                for n, t, r, f in parts]))
        else:
            title, required, check = _SIMPLE[number]
            care_items.append(_item(number, title, required, check, case, derived))
    missing = missing_required(case, derived, records(case) if items is None else items)
    return CareCompleteness(tuple(care_items), tuple(missing))


def missing_required(case: Case, derived: Derived,
                     items: list[tuple[str, BaseModel]]) -> list[tuple[str, str]]:
    """(path, label) of required fields of present records with neither value nor reason."""
    out = []
    for path, record in items:
        nf = getattr(record, "nf", {})
        for f in required_fields(type(record)):
            if f.name in nf or _has(getattr(record, f.name)):
                continue
            if path == "patient" and f.name == "age_at_day0" and derived.age is not None:
                continue
            if path == "case_report" and f.name == "adverse_events_status" \
                    and derived.adverse_events_status is not None:  # events listed: recorded
                continue
            out.append((f"{path}.{f.name}" if path else f.name, f.label))
        if isinstance(record, MrdAssessment) and result_missing(record):
            # conditionally required (reference §4.12): the value, or undetectable with its
            # LoD; with none of them the row says nothing, and is no negative result (V31)
            out.append((f"{path}.result", "Result"))
    return out
