"""``casebook show``: one case's key facts in plain text for a terminal, as the PDF summary's
first pages state them.

The values are the compared rows (core.services.compare: age, sex, main diagnosis, CNS status,
molecular findings, MRD, treatment lines with their agents, best response, outcome), which
take their derived values where the PDF and the index take them; this module adds only what a
summary of one case says beside them: the day of the main diagnosis and each adverse event
with its grade (the entered grade, else the derived one, as the PDF's Grade column)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.model import Case
from core.model.codes import code_label
from core.services.compare import NONE, ROWS, Make, case_facts, day_text, diagnosis_text

if TYPE_CHECKING:
    from core.search.derived import ClinicalValues

INDENT = "  "


def main_diagnosis(case: Case) -> str:
    """The main diagnosis as the compared row gives it, with the day it was made."""
    dx, text = case.main_diagnosis(), diagnosis_text(case)
    if dx is None or not text or dx.day is None:
        return text
    return f"{text}; diagnosed {day_text(dx.day, case.case_report.day0)}"


def adverse_events(case: Case, values: ClinicalValues) -> str:
    """One adverse event a line, by onset: term, grade, onset day; "none (recorded as none)"
    when the case records that none occurred."""
    if not case.adverse_events:
        return ("none (recorded as none)" if case.case_report.adverse_events_status == "none"
                else "")
    day0 = case.case_report.day0
    grades = values.ae_grades or (None,) * len(case.adverse_events)
    rows = []
    for ae, grade in zip(case.adverse_events, grades, strict=True):
        first = ae.onset_day.first_day(day0) if ae.onset_day is not None else None
        parts = [code_label(ae.term) if ae.term else "adverse event (no term)",
                 f"grade {grade}" if grade is not None else "grade not recorded"]
        if ae.onset_day is not None:
            parts.append(f"onset {day_text(ae.onset_day, day0)}")
        rows.append((10**9 if first is None else first, ", ".join(parts)))
    return "\n".join(text for _, text in sorted(rows, key=lambda r: r[0]))  # ties: as entered


def _rows() -> tuple[tuple[str, Make], ...]:
    out: list[tuple[str, Make]] = []
    for label, make in ROWS:
        if label == "Outcome":
            out.append(("Adverse events", lambda c, v, f: adverse_events(c, v)))
        if label == "Main diagnosis":
            make = lambda c, v, f: main_diagnosis(c)  # noqa: E731 - one row's maker
        if label != "Case status":  # the head line says it, with the version
            out.append((label, make))
    return tuple(out)


SHOW_ROWS = _rows()


def day0_line(case: Case) -> str:
    report = case.case_report
    definition = report.day0_definition or "definition not reported"
    return f"Day 0: {definition}" + (f", {report.day0.display()}" if report.day0 else "")


def summary_lines(case: Case) -> list[str]:
    """The key facts, "Label: value", a value of several items one a line under the first."""
    out = [INDENT + day0_line(case)]
    for label, value in case_facts(case, SHOW_ROWS).items():
        first, *more = (value or NONE).splitlines() or [NONE]
        out.append(f"{INDENT}{label}: {first}")
        pad = INDENT + " " * (len(label) + 2)
        out += [pad + line for line in more]
    return out
