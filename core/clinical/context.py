"""One case, indexed for derivations and rules: dated records by kind, labs by analyte,
lines by number. Built once per evaluation; everything is computed on first use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from core.clinical.cns import ClinicalSign, CsfStatus, csf_status, exam_signs, imaging_signs
from core.clinical.days import Days, Span
from core.clinical.labs import LabValue, derive_lab
from core.clinical.walk import records
from core.model import Case
from core.model.diagnostics import BoneMarrowAssessment, Diagnosis, Neuroimaging
from core.model.treatment import ResponseAssessment, TreatmentLine

T = TypeVar("T")


@dataclass(frozen=True)
class Dated(Generic[T]):
    """A record with its first day number and its field path."""

    day: int
    path: str
    item: T


def near(points: Sequence[Dated[T]], day: int, window: int) -> list[Dated[T]]:
    return [p for p in points if abs(p.day - day) <= window]


def nearest(points: Sequence[Dated[T]], day: int, window: int) -> Dated[T] | None:
    """The point closest to ``day`` within ±window (ties: the later one)."""
    best = None
    for p in points:
        if abs(p.day - day) <= window and (
                best is None or (abs(p.day - day), -p.day) < (abs(best.day - day), -best.day)):
            best = p
    return best


def _dated(days: Days, items: Sequence[Any], name: str, attr: str = "day") -> list[Dated[Any]]:
    out = []
    for i, item in enumerate(items):
        first = days.first(getattr(item, attr))
        if first is not None:
            out.append(Dated(first, f"{name}[{i}]", item))
    return sorted(out, key=lambda p: p.day)


class CaseIndex:
    """Lookups over one case. Derived per-record values are keyed by field path."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.days = Days(case.case_report.day0)

    def span(self, when: Any) -> Span | None:
        return self.days.span(when)

    @cached_property
    def records(self) -> list[tuple[str, BaseModel]]:
        """Every record of the case with its field path."""
        return records(self.case)

    def day(self, when: Any) -> int | None:
        return self.days.first(when)

    @cached_property
    def csf_status(self) -> dict[str, CsfStatus]:
        return {f"csf_assessments[{i}]": csf_status(c)
                for i, c in enumerate(self.case.csf_assessments)}

    @cached_property
    def csf(self) -> list[Dated[CsfStatus]]:
        return [Dated(p.day, p.path, self.csf_status[p.path])
                for p in _dated(self.days, self.case.csf_assessments, "csf_assessments")]

    @cached_property
    def bm(self) -> list[Dated[BoneMarrowAssessment]]:
        return _dated(self.days, self.case.bm_assessments, "bm_assessments")

    @cached_property
    def imaging(self) -> list[Dated[Neuroimaging]]:
        return _dated(self.days, self.case.neuroimaging, "neuroimaging")

    @cached_property
    def diagnoses(self) -> list[Dated[Diagnosis]]:
        return _dated(self.days, self.case.diagnoses, "diagnoses")

    @cached_property
    def signs(self) -> list[ClinicalSign]:
        """Clinical signs of CNS leukemia (CNS3c) from examinations and imaging, by day."""
        out = []
        for p in _dated(self.days, self.case.neuro_exams, "neuro_exams"):
            out += [ClinicalSign(p.day, p.path, s) for s in exam_signs(p.item)]
        for p in self.imaging:
            out += [ClinicalSign(p.day, p.path, s, parenchymal)
                    for s, parenchymal in imaging_signs(p.item)]
        return sorted(out, key=lambda s: s.day)

    @cached_property
    def lab_values(self) -> dict[str, LabValue]:
        return {f"labs[{i}]": derive_lab(lab) for i, lab in enumerate(self.case.labs)}

    @cached_property
    def labs(self) -> dict[str, list[Dated[float]]]:
        """Canonical lab values by analyte name, in day order."""
        out: dict[str, list[Dated[float]]] = {}
        for p in _dated(self.days, self.case.labs, "labs"):
            value = self.lab_values[p.path]
            if value.analyte and value.value is not None:
                out.setdefault(value.analyte, []).append(Dated(p.day, p.path, value.value))
        return out

    def lab_near(self, analyte: str, day: int, window: int) -> Dated[float] | None:
        return nearest(self.labs.get(analyte, ()), day, window)

    @cached_property
    def lines(self) -> list[Dated[TreatmentLine]]:
        return _dated(self.days, self.case.treatment_lines, "treatment_lines", "start_day")

    @cached_property
    def line_by_no(self) -> dict[int, TreatmentLine]:
        return {line.line_no: line for line in self.case.treatment_lines
                if line.line_no is not None}

    def line_at(self, day: int) -> TreatmentLine | None:
        """The line running on ``day``, else the last one started before it."""
        started = [p.item for p in self.lines if p.day <= day]
        return started[-1] if started else None

    @cached_property
    def first_treatment_day(self) -> int | None:
        return self.lines[0].day if self.lines else None

    @cached_property
    def relapse_days(self) -> list[int]:
        days = [p.day for p in self.diagnoses if p.item.role == "relapse"]
        days += [p.day for p in self.responses if p.item.category == "relapse"]
        return sorted(set(days))

    @cached_property
    def responses(self) -> list[Dated[ResponseAssessment]]:
        return _dated(self.days, self.case.response_assessments, "response_assessments")

    def course_start(self, day: int) -> int | None:
        """Start of the disease course ``day`` belongs to: the last relapse before it."""
        before = [d for d in self.relapse_days if d < day]
        return before[-1] if before else None
