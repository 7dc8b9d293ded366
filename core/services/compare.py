"""Cases side by side: the rows a hematologist compares, computed once here for the app's
Compare window and ``casebook compare`` (they only render them).

Derived values come from where the index and the PDF take them, never from logic of its own:
CNS status, best response and the CRS/ICANS grades from ``core.search.derived`` (the index's
values: a CNS override and an entered grade win), the MRD category from
``core.clinical.engine.search_values``, CRS/ICANS events recognized as search recognizes them
(``ae:crs``). The age is printed as the PDF prints it, top-coded at 90 ("≥90 years").
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.clinical.dosing import age_at_day0_text
from core.compare_limits import MAX_CASES, MIN_CASES
from core.model import Case, When
from core.model.codes import code_label
from core.model.treatment import DrugAdministration
from core.store.content import phase_words

if TYPE_CHECKING:
    from core.clinical.engine import SearchDerived
    from core.search.derived import ClinicalValues

NONE = "—"  # a value not recorded
NOT_DERIVED = "not derived: clinical engine error"  # never another value in its place
DERIVED_ROWS = frozenset({"CNS status at diagnosis", "Worst CNS status", "MRD (latest / best)"})
BLINATUMOMAB = "blinatumomab"
SUPPORTIVE = frozenset({"premedication", "supportive"})  # not an agent of the line
# best first (core.clinical.mrd.mrd_category): undetectable with LoD <=1e-4, undetectable with
# a higher LoD (MRD_intermediate), detected below the LoQ, quantifiable <1e-4, >=1e-4; then
# detected with its level pending or not reported (it may be >=1e-4: never the best of known
# levels)
MRD_RANK = {"negative_sufficient": 0, "negative_insufficient": 1, "positive_not_quantifiable": 2,
            "positive_below_1e-4_quantifiable": 3, "positive_ge_1e-4": 4,
            "positive_level_pending": 5, "positive_level_not_reported": 5}


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[str, ...]  # one per case, in the order of the cases; items one a line

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


@dataclass(frozen=True)
class Comparison:
    case_ids: tuple[str, ...]
    titles: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        """A column's header: the case id and its title."""
        return tuple(f"{i}\n{t}" if t else i for i, t in zip(self.case_ids, self.titles,
                                                              strict=True))

    def tsv(self) -> str:
        """The table as tab-separated text (pastes into a spreadsheet), headers first."""
        def cell(text: str) -> str:  # one line: a value's items separated by "; "
            return "; ".join(" ".join(line.split()) for line in text.splitlines())

        lines = ["\t".join(["Item", *(" ".join(h.split()) for h in self.headers)])]
        lines += ["\t".join([r.label, *(cell(v) for v in r.values)]) for r in self.rows]
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        """The table for a terminal: one block per item, one line per case; an item whose
        values differ is marked with "*"."""
        width = max(len(i) for i in self.case_ids)
        out = [f"{i}  {t}" for i, t in zip(self.case_ids, self.titles, strict=True)]
        for row in self.rows:
            out += ["", f"{'*' if row.differs else ' '} {row.label}"]
            out += [f"    {i:<{width}}  " + v.replace("\n", "\n" + " " * (width + 6))
                    for i, v in zip(self.case_ids, row.values, strict=True)]
        out += ["", "* the cases differ"]
        return "\n".join(out) + "\n"


def compare(cases: Sequence[Case], trashed: Collection[str] = ()) -> Comparison:
    """The comparison of 2 to 6 cases (ValueError names the count otherwise); the Case
    status of those whose id is in ``trashed`` says they are in the trash (the document
    does not know it: the cases table's trashed_at does, CaseService.is_trashed)."""
    if not MIN_CASES <= len(cases) <= MAX_CASES:
        raise ValueError(f"Compare takes {MIN_CASES} to {MAX_CASES} cases, not {len(cases)}.")
    facts = [case_facts(c) for c in cases]
    for case, found in zip(cases, facts, strict=True):
        if case.case_id in trashed:
            found["Case status"] = f"{found['Case status']}, {TRASHED}"
    rows = tuple(Row(label, tuple(f[label] for f in facts)) for label, _ in ROWS)
    return Comparison(tuple(c.case_id for c in cases),
                      tuple(c.case_report.title or "" for c in cases), rows)


def case_facts(case: Case, rows: Sequence[tuple[str, Make]] | None = None) -> dict[str, str]:
    """One case's value of each of ``rows`` (the compared rows, ROWS, by default), by the
    row's label; ``casebook show`` prints them with rows of its own (core.services.case_summary)."""
    from core.clinical import engine  # at the first comparison, not at start-up
    from core.search.derived import clinical_values

    values = clinical_values(case)
    found = engine.search_values(case)
    if values.error or found.error:
        return {label: NOT_DERIVED if label in DERIVED_ROWS else make(case, values, found) or NONE
                for label, make in rows or ROWS}
    return {label: make(case, values, found) or NONE for label, make in rows or ROWS}


def age_text(case: Case) -> str:
    """Age at Day 0 as the PDF prints it (core.clinical.dosing.age_at_day0_text), 90 and over
    top-coded as "≥90 years", as a de-identified PDF prints it; "" when there is none."""
    return age_at_day0_text(case.patient, case.case_report.day0, deidentified=True) or ""


def diagnosis_text(case: Case) -> str:
    dx = case.main_diagnosis()
    if dx is None:
        return ""
    coded = dx.icd10_who
    text = (f"{coded.code} {coded.label or ''}".strip() if coded is not None and coded.code
            else code_label(dx.entity))
    phase = phase_words(dx.entity, dx.cml_phase)  # as the case list says it
    if phase:
        text += f", {phase}"
    return text


def _with_subs(status: str | None, subs: Sequence[str]) -> str:
    if not status:
        return ""
    return f"{status} ({', '.join(subs)})" if subs else status


def _worst_cns(values: ClinicalValues, found: SearchDerived) -> str:
    """The worst status (the index's values) with the sub-categories the engine gives the
    entries of that status, as the diagnosis row shows them: "CNS3 (CNS3a, CNS3c)"."""
    from core.search.derived import CNS_RANK

    ranked = [s for s in values.cns if s in CNS_RANK]
    if not ranked:
        return ""
    worst = max(ranked, key=CNS_RANK.__getitem__)
    subs = sorted({s for status, found_subs in found.csf + found.episodes if status == worst
                   for s in found_subs})
    return _with_subs(worst, subs)


def _molecular(case: Case) -> str:
    """Each test as the PDF's molecular table gives it: a quantitative result (BCR::ABL1 % IS)
    as its latest value with its day, one line per test and transcript; a test without a
    result as "not reported", never as a finding."""
    from core.report.format import number  # the PDF's number format; no ReportLab import

    day0 = case.case_report.day0
    found: dict[tuple[str, ...], str] = {}
    latest: dict[tuple[str, ...], int] = {}
    for test in case.molecular_tests:
        name = code_label(test.test) if test.test else "test"
        transcript = (test.bcr_abl1_transcript
                      if test.bcr_abl1_transcript not in (None, "not_detected") else "")
        variants = [v.short or v.hgvs_p or v.gene or "" for v in test.variants]
        if test.result_value is not None:
            # BCR::ABL1 quantitative -> "BCR::ABL1": the value and its scale say the rest
            head = " ".join(w for w in (name.removesuffix(" quantitative"), transcript) if w)
            scale = code_label(test.result_scale) if test.result_scale else ""
            when = day_text(test.day, day0) if test.day is not None else "undated"
            key = ("value", head, scale)
            day = test.day.first_day(day0) if test.day is not None else None
            day = -10**9 if day is None else day  # undated: before any dated value
            if key not in found or day >= latest[key]:  # the row shows the latest value
                found[key] = f"{head}: {number(test.result_value)}{scale} ({when})"
                latest[key] = day
            continue
        text = " ".join(w for w in (name, transcript, *variants) if w)
        if test.detected:
            text += f": {code_label(test.detected)}"
        elif not variants:
            text += ": not reported"
        found.setdefault(("text", text), text)
    return "\n".join(found.values())


def _mrd_rows(case: Case, found: SearchDerived) -> list[tuple[int | None, str, int, float]]:
    """(day, words, rank, value) of each derived MRD result; rank 0 is the best
    (negative_sufficient, MRD_RANK)."""
    if found.error:
        return []
    day0 = case.case_report.day0
    out = []
    for mrd, (category, _) in zip(case.mrd_assessments, found.mrd, strict=True):
        if category is None:
            continue
        when = day_text(mrd.day, day0) if mrd.day is not None else "undated"
        rank = MRD_RANK.get(category, len(MRD_RANK))
        day = mrd.day.first_day(day0) if mrd.day is not None else None
        level = mrd.value_fraction if mrd.value_fraction is not None else 0.0
        out.append((day, f"{when}: {code_label(category)}", rank, level))
    return out


def _mrd(case: Case, found: SearchDerived) -> str:
    rows = _mrd_rows(case, found)
    if not rows:
        return ""
    dated = [r for r in rows if r[0] is not None]
    latest = max(dated, key=lambda r: r[0] or 0) if dated else rows[-1]
    best = min(rows, key=lambda r: (r[2], r[3], -(r[0] or 0)))  # ties: the latest day
    return f"latest {latest[1]}\nbest {best[1]}"


def _lines(case: Case) -> str:
    out = []
    for n, line in enumerate(case.treatment_lines, 1):
        routes: dict[str, dict[str, None]] = {}  # agent -> its routes, in order of use
        for a in line.administrations:
            if a.drug_inn and a.role not in SUPPORTIVE:
                routes.setdefault(a.drug_inn, {}).update({a.route: None} if a.route else {})
        head = f"L{line.line_no or n}"
        if line.intent:
            head += f" {code_label(line.intent)}"
        body = ", ".join(_agent(drug, list(ways)) for drug, ways in routes.items()) \
            or line.regimen_name or ""
        out.append(f"{head}: {body}" if body else head)
    return "\n".join(out)


def _agent(drug: str, routes: list[str]) -> str:
    """A line's agent, with its routes when it is given more than one way (IV and IT
    methotrexate are two treatments, not one)."""
    return f"{drug} ({', '.join(routes)})" if len(routes) > 1 else drug


def _blinatumomab_cycles(case: Case) -> str:
    """The cycles given of each line with blinatumomab, as the PDF's "Cycles given / planned"
    column gives them (the line's own count, never the administrations' cycle numbers);
    administrations only planned give no cycle. "0" without blinatumomab."""
    def blinatumomab(a: DrugAdministration) -> bool:
        return (a.drug_inn or "").casefold() == BLINATUMOMAB

    lines = [(n, line) for n, line in enumerate(case.treatment_lines, 1)
             if any(blinatumomab(a) for a in line.administrations)]
    out = []
    for n, line in lines:
        given_any = any(blinatumomab(a) and a.planned_vs_actual != "planned"
                        for a in line.administrations)
        given = (("not recorded" if line.cycles_given is None else str(line.cycles_given))
                 if given_any else "0")
        if line.cycles_planned is not None:
            given += f" (of {line.cycles_planned} planned)"
        label = line.line_no or n  # as the Treatment lines row
        out.append(f"L{label}: {given}" if len(lines) > 1 else given)
    return "\n".join(out) or "0"


def _ae_worst(case: Case, values: ClinicalValues, key: str) -> str:
    from core.search.facets import ae_keys

    grades = [g for e, g in zip(case.adverse_events, values.ae_grades, strict=True)
              if key in ae_keys(e.term or "")]
    if not grades:
        return "none recorded"
    known = [g for g in grades if g is not None]
    return f"grade {max(known)}" if known else "grade not recorded"


def _best_response(case: Case, values: ClinicalValues) -> str:
    """The best overall response, as search derives it; a case whose responses are none of
    them overall says so with their categories, as the search summary counts it ("no overall
    response (other categories only): complete MRD response"), never "—" as if none."""
    from core.search.derived import no_overall_response

    if values.best_response is not None:
        return code_label(values.best_response)
    kind = no_overall_response(case, values.best_response)
    if kind is None:
        return ""
    found = dict.fromkeys(code_label(r.category) for r in case.response_assessments
                          if r.category)
    return f"{kind}: {', '.join(found)}"


def day_text(when: When, day0: When | None) -> str:
    """A day as the compared cases can be read side by side: its day number relative to Day 0
    (d229; a partly known date its first to last day, d200–d230), the date after it when one
    was entered ("d229 (2024-10-30)"); a date alone only when Day 0 has no date."""
    days = when.day_range(day0)
    if days is None:
        return when.display()
    first, last = days
    number = f"d{first}" if first == last else f"d{first}–d{last}"
    return number if when.date is None else f"{number} ({when.date})"


def _outcome(case: Case) -> str:
    o, day0 = case.outcome, case.case_report.day0
    parts = [("vital status unknown" if o.vital_status == "unknown"
              else code_label(o.vital_status)) if o.vital_status else ""]
    if o.disease_status_at_last_contact:
        parts.append(code_label(o.disease_status_at_last_contact))
    if o.death_day is not None:
        parts.append(f"died {day_text(o.death_day, day0)}")
    elif o.last_follow_up_day is not None:
        parts.append(f"last follow-up {day_text(o.last_follow_up_day, day0)}")
    elif o.last_known_alive_day is not None:  # not a follow-up: the PDF's "Last known alive"
        parts.append(f"last known alive {day_text(o.last_known_alive_day, day0)}")
    return ", ".join(p for p in parts if p)


Make = Callable[[Case, "ClinicalValues", "SearchDerived"], str]
ROWS: tuple[tuple[str, Make], ...] = (
    ("Age at Day 0", lambda c, v, f: age_text(c)),
    ("Sex", lambda c, v, f: code_label(c.patient.sex)),
    ("Main diagnosis", lambda c, v, f: diagnosis_text(c)),
    ("CNS status at diagnosis", lambda c, v, f: _with_subs(
        v.cns_at_diagnosis, v.cns_at_diagnosis_subcategories)),
    ("Worst CNS status", lambda c, v, f: _worst_cns(v, f)),
    ("Key molecular findings", lambda c, v, f: _molecular(c)),
    ("MRD (latest / best)", lambda c, v, f: _mrd(c, f)),
    ("Treatment lines", lambda c, v, f: _lines(c)),
    ("Blinatumomab cycles", lambda c, v, f: _blinatumomab_cycles(c)),
    ("Best response", lambda c, v, f: _best_response(c, v)),
    ("Worst CRS grade", lambda c, v, f: _ae_worst(c, v, "crs")),
    ("Worst ICANS grade", lambda c, v, f: _ae_worst(c, v, "icans")),
    ("Outcome", lambda c, v, f: _outcome(c)),
    ("Case status", lambda c, v, f: code_label(c.status)),
)
TRASHED = "in the trash"  # added to the Case status of a case in the trash
