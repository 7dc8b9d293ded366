"""The case timeline (CARE item 7): manual events plus one event per dated entry, in day order
(ties keep entry order; entries whose day cannot be known come last)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from core.clinical.context import CaseIndex
from core.clinical.days import last_given_day, line_ended
from core.clinical.mrd import is_negative
from core.model import Case
from core.model.codes import code_label
from core.model.diagnostics import MrdAssessment
from core.model.when import When
from core.units import mrd_percent, plain_number

LABEL_MAX = 120
_DIAGNOSIS_TYPE = {"relapse": "relapse", "phase_change": "phase_change",
                   "transformation": "phase_change"}


@dataclass(frozen=True)
class TimelineEntry:
    when: When
    day: int | None
    last_day: int | None
    event_type: str
    label: str
    path: str
    auto: bool = True


@dataclass(frozen=True)
class _Views:
    """Derived values the labels use, keyed by field path."""

    cns: Mapping[str, Any]
    mrd: Mapping[str, Any]
    molecular: Mapping[str, Any]
    ae_grades: Mapping[str, Any]
    responses: Mapping[str, str]  # the derived response category as the PDF's table says it


def _words(code: str | None) -> str:
    return code_label(code)


def _entry(index: CaseIndex, when: When | None, kind: str, label: str, path: str,
           auto: bool = True) -> Iterator[TimelineEntry]:
    if when is None:
        return
    span = index.span(when)
    text = label if len(label) <= LABEL_MAX else label[:LABEL_MAX - 1] + "…"
    yield TimelineEntry(when, span.first if span else None, span.last if span else None,
                        kind, text, path, auto)


def build_timeline(case: Case, index: CaseIndex, cns: Mapping[str, Any],
                   mrd: Mapping[str, Any], molecular: Mapping[str, Any],
                   ae_grades: Mapping[str, Any],
                   responses: Mapping[str, str] | None = None) -> list[TimelineEntry]:
    views = _Views(cns, mrd, molecular, ae_grades, responses or {})
    entries: list[TimelineEntry] = []
    for source in _SOURCES:
        entries.extend(source(case, index, views))
    known = sorted((e for e in entries if e.day is not None), key=lambda e: e.day)  # type: ignore[arg-type,return-value]
    unknown = sorted((e for e in entries if e.day is None), key=lambda e: str(e.when))
    return known + unknown


def _manual(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    for i, e in enumerate(case.timeline):
        yield from _entry(index, e.day, e.event_type or "other", e.label or "", f"timeline[{i}]",
                          auto=False)


def _diagnoses(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    for i, d in enumerate(case.diagnoses):
        what = ", ".join(x for x in (d.entity, d.who_haem5_type or d.icc_type,
                                     d.cml_phase and f"{d.cml_phase} phase",
                                     _words(d.cml_bp_lineage)) if x)
        sites = f"; sites: {', '.join(_words(s) for s in d.relapse_sites)}" \
            if d.relapse_sites else ""
        label = f"{_words(d.role or 'diagnosis').capitalize()}: {what or 'not specified'}{sites}"
        yield from _entry(index, d.day, _DIAGNOSIS_TYPE.get(d.role or "", "diagnosis"), label,
                          f"diagnoses[{i}]")


def _findings(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    for i, h in enumerate(case.history_items):
        label = f"History ({_words(h.kind)}): {h.description or 'not reported'}"
        yield from _entry(index, h.day, "history", label, f"history_items[{i}]")
    for i, f in enumerate(case.clinical_findings):
        label = f"{_words(f.kind or 'finding').capitalize()}: {f.finding or 'not reported'}"
        # its type names what it is (symptom, exam finding), not "other"
        kind = {"symptom": "symptom", "exam": "exam_finding"}.get(f.kind or "", "clinical_finding")
        yield from _entry(index, f.day, kind, label, f"clinical_findings[{i}]")


def _marrow_and_labs(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    for i, bm in enumerate(case.bm_assessments):
        blasts = bm.blast_pct_morphology if bm.blast_pct_morphology is not None \
            else bm.blast_pct_flow
        text = f"blasts {blasts:g}%" if blasts is not None else "blasts not recorded"
        yield from _entry(index, bm.day, "assessment", f"Marrow ({_words(bm.specimen)}): {text}",
                          f"bm_assessments[{i}]")
    for i, c in enumerate(case.cytogenetics):
        yield from _entry(index, c.day, "assessment", f"Cytogenetics: {c.iscn or _words(c.method)}",
                          f"cytogenetics[{i}]")
    for i, m in enumerate(case.molecular_tests):
        path = f"molecular_tests[{i}]"
        yield from _entry(index, m.day, "assessment", _molecular_label(m, v.molecular.get(path)),
                          path)
    for i, mrd in enumerate(case.mrd_assessments):
        path = f"mrd_assessments[{i}]"
        category = getattr(v.mrd.get(path), "category", None)
        label = (f"MRD {mrd_value_words(mrd)} ({_words(mrd.method)}, "
                 f"{_words(mrd.specimen) or '?'})" + (f": {_words(category)}" if category
                                                      else ""))
        yield from _entry(index, mrd.day, "assessment", label, path)


_NO_RESULT = {"pending": "tested, result pending", "unknown": "tested, result unknown",
              "not_done": "not done"}
_NO_MRD = {"pending": "result pending", "unknown": "result unknown", "not_done": "not done",
           "not_applicable": "not applicable"}  # any other reason: "result not reported"


def mrd_value_words(mrd: MrdAssessment) -> str:
    """What the MRD row says of its result: the value, else the result, else why there is
    none. Undetectable as core.clinical.mrd.is_negative reads it (so reported, or no value but
    a limit of detection: the field's help): a pending or not-quantifiable result, or a row
    with no result at all, is not an undetectable one. The PDF's MRD table says the same of a
    result without a value."""
    if mrd.value_fraction is not None:
        return mrd_percent(mrd.value_fraction)
    if is_negative(mrd):
        return "undetectable"
    if mrd.result == "detected_not_quantifiable":
        return "detected, not quantifiable"
    reason = mrd.nf.get("value_fraction") or mrd.nf.get("result")
    if mrd.result == "detected":
        why = {"pending": "pending", "unknown": "unknown"}.get(reason or "", "not reported")
        return f"detected, value {why}"
    return _NO_MRD.get(reason or "", "result not reported")


def _molecular_label(m: Any, result: Any) -> str:
    name = _words(m.test) or "Molecular test"
    if m.result_value is not None and m.result_scale == "percent_IS":
        text = f"BCR::ABL1 {plain_number(m.result_value)}% IS"
    elif m.result_value is not None:  # the value on its scale, never the name alone
        text = f"{name}: {_molecular_value(m.result_value, m.result_scale)}"
    elif m.detected:
        text = f"{name}: {_words(m.detected)}"
    elif m.variants:
        text = name
    else:  # tested, nothing found: say so, never the test's name alone as if a finding
        text = f"{name}: {_NO_RESULT.get(m.nf.get('detected'), 'tested, no result reported')}"
    response = getattr(result, "response", None)
    return f"{text} ({_words(response)})" if response else text


def _molecular_value(value: float, scale: str | None) -> str:
    """``0.5% ratio to ABL1``, ``12 copies per 10⁵ ABL1``, the value alone without a scale."""
    unit = _words(scale)
    if not unit:
        return plain_number(value)
    return f"{plain_number(value)}{'' if unit.startswith('%') else ' '}{unit}"


def _cns(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    for i, c in enumerate(case.csf_assessments):
        path = f"csf_assessments[{i}]"
        status = v.cns.get(path)
        shown = getattr(status, "status", None)
        # the derived sub-category belongs to the derived status: none under an override
        subcats = () if getattr(status, "overridden", False) else \
            getattr(getattr(status, "derived", None), "subcategories", ())
        kind = "cns_involvement" if shown in ("CNS2", "CNS3") else "assessment"
        detail = f" ({', '.join(subcats)})" if subcats else ""
        yield from _entry(index, c.day, kind, f"CSF: {_words(shown) or 'status not derivable'}{detail}",
                          path)
    for p in index.signs:
        if p.path.startswith("neuro_exams"):
            yield from _entry(index, case.neuro_exams[_position(p.path)].day, "cns_involvement",
                              f"Neurological sign: {p.description}", p.path)
    for i, img in enumerate(case.neuroimaging):
        path = f"neuroimaging[{i}]"
        involved = any(s.path == path for s in index.signs)
        response = f" ({_words(img.radiologic_response)})" if img.radiologic_response \
            and img.radiologic_response != "baseline" else ""
        label = f"{img.modality or 'Imaging'} {img.region or ''}: " \
                f"{_words(img.overall_finding) or 'not reported'}{response}"
        yield from _entry(index, img.day, "cns_involvement" if involved else "assessment",
                          " ".join(label.split()), path)


def _position(path: str) -> int:
    return int(path[path.index("[") + 1:path.index("]")])


def _responses(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    for i, r in enumerate(case.response_assessments):
        if r.scope == "relapse_event":
            label = f"Relapse ({_words(r.relapse_subtype) or 'type not given'})"
            kind = "relapse"
        else:
            label, kind = _response_label(r, v.responses.get(f"response_assessments[{i}]")), "response"
        yield from _entry(index, r.day, kind, label, f"response_assessments[{i}]")


def _response_label(r: Any, derived: str | None) -> str:
    """``Marrow response: CR (unconfirmed)``, the category as the PDF's Responses table gives
    it (the derived one qualifying it, or beside it when it differs, unless overridden);
    ``MRD response: complete`` for the category "complete MRD response" (no word twice)."""
    scope = _words(r.scope) or "?"
    category = _words(r.category)
    if derived and not r.override_reason:
        if r.category and derived.startswith(f"{r.category} ("):
            category += derived[len(r.category):]
        elif not r.category:
            category = _words(derived)
        elif derived != r.category:
            category += f"; derived: {_words(derived)}"
    category = category.removesuffix(f" {scope} response") or "?"
    return f"{scope[:1].upper()}{scope[1:]} response: {category}"


def _treatment(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    for i, line in enumerate(case.treatment_lines):
        name = f"Line {line.line_no if line.line_no is not None else '?'}"
        what = f"{line.regimen_name or 'regimen not reported'}" + (
            f" ({_words(line.intent)})" if line.intent else "")
        yield from _entry(index, line.start_day, "treatment_start", f"{name} start: {what}",
                          f"treatment_lines[{i}]")
    for i, rt in enumerate(case.radiotherapy):
        dose = f" {rt.total_dose_Gy:g} Gy" if rt.total_dose_Gy is not None else ""
        yield from _entry(index, rt.start_day, "treatment_start",
                          f"Radiotherapy: {_words(rt.field)}{dose}", f"radiotherapy[{i}]")
    for i, ct in enumerate(case.cellular_therapies):
        yield from _entry(index, ct.infusion_day, "treatment_start",
                          f"Cellular therapy: {ct.product or 'product not given'}",
                          f"cellular_therapies[{i}]")
    for i, p in enumerate(case.procedures):
        yield from _entry(index, p.day, "procedure", f"Procedure: {_words(p.kind)}",
                          f"procedures[{i}]")
    if case.hsct and case.hsct.performed == "yes":
        label = f"Stem-cell transplant: {case.hsct.type or 'type not given'}" + (
            f" ({case.hsct.donor})" if case.hsct.donor else "")
        yield from _entry(index, case.hsct.day, "hsct", label, "hsct")


def _adverse_events(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    for i, ae in enumerate(case.adverse_events):
        path = f"adverse_events[{i}]"
        grade = f", grade {ae.grade}" if ae.grade is not None else ""
        system = f" ({_words(ae.grading_system)})" if ae.grading_system else ""
        yield from _entry(index, ae.onset_day, "adverse_event",
                          f"{ae.term or 'Adverse event'}{grade}{system}", path)


def _treatment_ends(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    for i, line in enumerate(case.treatment_lines):
        name = f"Line {line.line_no if line.line_no is not None else '?'}"
        why = f": {_words(line.reason_end)}" if line.reason_end else ""
        if line.end_day is None and line_ended(line):
            # ended without an end date: listed where the chart draws its end (rule V62),
            # the last administration's last day (the start without one), saying so
            last = last_given_day(line, index.days)
            start = index.day(line.start_day)
            if last is not None or start is not None:
                day = max(d for d in (last, start) if d is not None)
                when = line.start_day if last is None or day == start else When(day=day)
                yield from _entry(index, when, "treatment_end",
                                  f"{name} end{why} (end date not given)", f"treatment_lines[{i}]")
            continue
        yield from _entry(index, line.end_day, "treatment_end", f"{name} end{why}",
                          f"treatment_lines[{i}]")


def _outcome(case: Case, index: CaseIndex, v: _Views) -> Iterator[TimelineEntry]:
    o = case.outcome
    cause = f" ({_words(o.cause_of_death)})" if o.cause_of_death else ""
    yield from _entry(index, o.death_day, "death", f"Death{cause}", "outcome.death_day")
    yield from _entry(index, o.last_follow_up_day, "last_follow_up", "Last follow-up",
                      "outcome.last_follow_up_day")
    yield from _entry(index, o.last_known_alive_day, "last_follow_up", "Last known alive",
                      "outcome.last_known_alive_day")


_SOURCES: tuple[Callable[[Case, CaseIndex, _Views], Iterator[TimelineEntry]], ...] = (
    _manual, _diagnoses, _findings, _marrow_and_labs, _cns, _responses, _treatment,
    _adverse_events, _treatment_ends, _outcome)
