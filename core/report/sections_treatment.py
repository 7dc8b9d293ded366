"""CARE 9: therapeutic intervention: lines, drugs (dose, unit, route, schedule, cycles), dose
changes, radiotherapy, procedures, transplant, cellular therapy."""

from __future__ import annotations

from reportlab.platypus import Flowable

from core.clinical.days import Days, last_given_day, line_ended, listed_days
from core.model import When
from core.model.treatment import (
    CellularTherapy,
    DoseModification,
    DrugAdministration,
    Procedure,
    Radiotherapy,
    TreatmentLine,
)
from core.report.blocks import (
    Context,
    data_table,
    heading,
    kv_table,
    label,
    missing_text,
    record_pairs,
    subsection,
)
from core.report.chart import NO_END_DATE
from core.report.columns import record_table
from core.report.format import absolute_dose, humanize, number
from core.report.order import administration_order, in_when_order, record_key, record_order

ROUTES = {"CIV": "IV continuous", "IVENT": "intraventricular"}
PER_BODY = ("mg/m2", "ug/m2", "g/m2", "[iU]/m2", "ug/m2/d", "mg/m2/d", "mg/kg")


def treatment_section(ctx: Context) -> list[Flowable]:
    case = ctx.case
    out: list[Flowable] = [heading("Therapeutic intervention")]
    out += subsection("Treatment lines", _lines(ctx) if case.treatment_lines else [])
    day0 = case.case_report.day0
    for i in record_order(case.treatment_lines, day0):
        line = case.treatment_lines[i]  # in the order of the lines' table
        out += subsection(_line_title(ctx, line), _drugs(ctx, line))
    out += subsection("Dose changes", _dose_changes(ctx))
    out += _optional("Radiotherapy", _radiotherapy(ctx) if case.radiotherapy else [])
    out += _optional("Procedures", _procedures(ctx) if case.procedures else [])
    out += _optional("Stem-cell transplantation", _hsct(ctx))
    out += _optional("Cellular therapy", _cellular(ctx) if case.cellular_therapies else [])
    return out


def _optional(title: str, body: list[Flowable]) -> list[Flowable]:
    """Sections outside the CARE minimum appear only when something is recorded."""
    return subsection(title, body) if body else []


def _line_title(ctx: Context, line: TreatmentLine) -> str:
    regimen = ctx.fmt.text(line.regimen_name) or "regimen not reported"
    intent = f" ({humanize(line.intent)})" if line.intent else ""
    return f"Line {line.line_no or '?'}: {regimen}{intent}"


def _lines(ctx: Context) -> list[Flowable]:
    # particular: start to end day in one cell (wide enough for "to d104 (last dose)"), cycles
    # given / planned in one
    return record_table(
        ctx, TreatmentLine, ctx.case.treatment_lines,
        widths={"line_no": 0.07, "intent": 0.15, "regimen_name": 0.31, "start_day": 0.19,
                "cycles_given": 0.12, "reason_end": 0.16},
        headers={"start_day": "Days", "cycles_given": "Cycles given / planned"},
        cells={"start_day": lambda _, li: _line_days(ctx, li),
               "cycles_given": lambda _, li: _cycles(li)})


def _line_days(ctx: Context, line: TreatmentLine) -> str:
    """Start to end; a line that ended (a reason ended) without an end day to its last
    administration's last day, saying so: "d35" alone read as a line still running. That day
    is marked "(last dose)" and the missing end date is said on a line of its own, so neither
    the day computed nor its date reads as an end date entered."""
    if line.end_day is not None or not line_ended(line):
        return _span(ctx, line.start_day, line.end_day)
    days = Days(ctx.case.case_report.day0)
    last = last_given_day(line, days)
    start = ctx.fmt.when_cell(line.start_day)
    if last is None or last == days.last(line.start_day):
        return "\n".join(part for part in (start, NO_END_DATE) if part)
    end = When(day=last)
    to = f"to {ctx.fmt.when(end)} (last dose)"
    date = ctx.fmt.calendar(end)
    if date:  # the day with its date under it, as the span cell has it
        to = f"{to}\n{date}"
    return "\n".join(part for part in (start, to, NO_END_DATE) if part)


def _cycles(line: TreatmentLine) -> str:
    if line.cycles_given is None and line.cycles_planned is None:
        return ""
    given = "?" if line.cycles_given is None else str(line.cycles_given)
    return given + (f" / {line.cycles_planned}" if line.cycles_planned is not None else "")


def _span(ctx: Context, start: When | None, end: When | None) -> str:
    return ctx.fmt.span_cell(start, end)  # each day with its date under it (identified)


def _drugs(ctx: Context, line: TreatmentLine) -> list[Flowable]:
    items = line.administrations
    if not items:
        return []
    line_index = ctx.case.treatment_lines.index(line)
    # particular: the drug with its ATC code, the dose with the derived absolute dose and the
    # dose given, the schedule (frequency, days, adherence), cycle and cycle days, the span;
    # the rows by date, a drug's steps together (blinatumomab 9 then 28 µg/day), as the kit's
    # manuscript prints them: a first day from cycle days alone too (as the engine derives it)
    return record_table(
        ctx, DrugAdministration, items,
        positions=administration_order(line, ctx.case.case_report.day0),
        widths={"drug_inn": 0.17, "role": 0.13, "dose": 0.17, "route": 0.12, "frequency": 0.17,
                "cycle_no": 0.1, "start_day": 0.14},
        headers={"frequency": "Schedule", "start_day": "Days"},
        cells={"drug_inn": lambda _, a: _drug_name(ctx, a),
               "dose": lambda j, a: _dose(ctx, a, (line_index, j)),
               "route": lambda _, a: _route(a), "frequency": lambda _, a: _schedule(ctx, a),
               "cycle_no": lambda _, a: _cycle(a),
               "start_day": lambda _, a: _admin_days(ctx, a)})


def _admin_days(ctx: Context, a: DrugAdministration) -> str:
    """The Days cell: the days given when the administration lists them (a dose on d5 and on
    d12 is not a course from d5 to d12), else its start to end day (the rule of
    ``core.clinical.days.listed_days``, which the FHIR export reads too)."""
    listed = listed_days(a.day_list)
    return _listed_cell(ctx, listed) if listed else _span(ctx, a.start_day, a.end_day)


def _listed_cell(ctx: Context, days: list[int]) -> str:
    """The days given, each with its date under it when Day 0's date is known (``d176`` over
    ``2023-09-07``, ``d179`` over ``2023-09-10``, as a span's days have theirs; the listed
    days alone had none), else as ``days_given`` (de-identified, or no Day 0 date)."""
    whens = [When(day=day) for day in listed_days(days)]
    if any(ctx.fmt.calendar(w) for w in whens):
        return "\n".join(ctx.fmt.when_cell(w) for w in whens)
    return days_given(days)


def days_given(days: list[int]) -> str:
    """Discrete days as the Days cell prints them: ``d5, d12``, never a range."""
    return ", ".join(f"d{day}" for day in listed_days(days))


def on_days(frequency: str, days: list[int]) -> str:
    """The schedule of a drug given on separate days, its frequency in words first (if any):
    ``once on each of days 5 and 12``, ``weekly on days 2, 9, 16 and 23``, ``once on day 5``."""
    listed = [str(day) for day in listed_days(days)]
    if len(listed) == 1:
        when = f"on day {listed[0]}"
    else:
        when = (f"on {'each of ' if frequency == 'once' else ''}days "
                f"{', '.join(listed[:-1])} and {listed[-1]}")
    return f"{frequency} {when}" if frequency else when


def _dose(ctx: Context, a: DrugAdministration, where: tuple[int, int]) -> str:
    """The dose as prescribed, the derived absolute dose (per m² or per kg) with its label-cap
    warning, then the dose actually given (§7.7: the derived dose is never capped, so what was
    given is recorded beside it)."""
    fmt = ctx.fmt
    lines = [fmt.dose(a.dose, a.dose_unit) or fmt.field(a, "dose")]
    derived = ctx.derived.doses.get(where)
    if derived is not None and (derived.basis != "as entered" or derived.cap_warning):
        lines.append(f"= {absolute_dose(derived.value, derived.unit)}"
                     + (f" ({derived.basis})" if derived.basis != "as entered" else ""))
    elif derived is None and a.dose is not None and a.dose_unit in PER_BODY and ctx.derived.error:
        lines.append(f"= {ctx.derived.missing()}")
    if derived is not None and derived.cap_warning:
        lines.append(derived.cap_warning)
    if a.dose_given is not None:
        unit = a.dose_given_unit
        lines.append(f"{label(DrugAdministration, 'dose_given').lower()} "
                     + (fmt.dose(a.dose_given, unit) if unit else
                        f"{number(a.dose_given)} (unit not recorded)"))
    elif "dose_given" in a.nf:
        lines.append(f"{label(DrugAdministration, 'dose_given').lower()}: "
                     + fmt.field(a, "dose_given"))
    return "\n".join(line for line in lines if line)


def _drug_name(ctx: Context, a: DrugAdministration) -> str:
    name = ctx.fmt.field(a, "drug_inn") or "drug not reported"
    return f"{name} ({a.atc})" if a.atc else name


def _route(a: DrugAdministration) -> str:
    """The Route cell: ``IV`` beside a Schedule of ``continuous infusion`` (``IV continuous``
    there read as "IV continuous | continuous infusion"), else the route in words."""
    if a.route == "CIV" and a.frequency == "continuous_infusion":
        return "IV"
    return ROUTES.get(a.route or "", a.route or "")


def _schedule(ctx: Context, a: DrugAdministration) -> str:
    frequency = ctx.fmt.field(a, "frequency")  # its words, or why it is missing
    if a.day_list and a.frequency:  # the days with it: "once on each of days 5 and 12"
        parts = [on_days(frequency, a.day_list)]
    else:
        parts = [frequency] + ([on_days("", a.day_list)] if a.day_list else [])
    if a.planned_vs_actual == "planned":
        parts.append("planned")
    if a.adherence:
        parts.append(f"adherence {humanize(a.adherence)}")
    return "; ".join(p for p in parts if p)


def _cycle(a: DrugAdministration) -> str:
    cycle = f"C{a.cycle_no}" if a.cycle_no is not None else ""
    if a.cycle_day_start is None:
        return cycle
    days = f"D{a.cycle_day_start}" + (f"–{a.cycle_day_end}" if a.cycle_day_end not in
                                      (None, a.cycle_day_start) else "")
    return f"{cycle} {days}".strip()


def _dose_changes(ctx: Context) -> list[Flowable]:
    columns, rows, changes = dose_change_table(ctx)
    return data_table(ctx, columns, rows, changes) if rows else []


def dose_change_table(ctx: Context) -> tuple[list[tuple[str, float]], list[list[str]],
                                             list[DoseModification]]:
    """The Dose changes table: (header, width) per column, the rows, and each row's dose
    change (its placeholder mark and note). The PDF's and the kit manuscript's. Rows by the
    changes' when; changes on the same day in the order the lines' and drugs' tables list
    their line and drug (``record_order``, ``administration_order``), not as entered."""
    fmt = ctx.fmt
    # Hand-picked columns, on purpose: each row joins three levels (the line, the drug and its
    # dose change), which no one record's metadata describes.
    day0 = ctx.case.case_report.day0
    lines = [ctx.case.treatment_lines[i] for i in record_order(ctx.case.treatment_lines, day0)]
    pairs = [(line, line.administrations[j], m) for line in lines
             for j in administration_order(line, day0)
             for m in line.administrations[j].modifications]
    pairs = [pairs[i] for i in in_when_order(pairs, lambda p: record_key(p[2], day0))]
    columns = [(label(DoseModification, "day"), 0.1), ("Line", 0.06), ("Drug", 0.18),
               (label(DoseModification, "kind"), 0.14), (label(DoseModification, "new_dose"), 0.12),
               (label(DoseModification, "duration_hours"), 0.1), ("Reason", 0.3)]
    # the When as every table's When: the day with its date under it (it printed "d182" alone)
    rows = [[fmt.when_cell(m.day) if m.day is not None else fmt.field(m, "day"),
             fmt.field(line, "line_no"), fmt.field(a, "drug_inn"),
             fmt.field(m, "kind"),
             fmt.dose(m.new_dose, a.dose_unit), fmt.field(m, "duration_hours", unit=False),
             "; ".join(x for x in (fmt.field(m, "reason"), fmt.field(m, "reason_text")) if x)]
            for line, a, m in pairs]
    return columns, rows, [m for _, _, m in pairs]


def _radiotherapy(ctx: Context) -> list[Flowable]:
    return record_table(
        ctx, Radiotherapy, ctx.case.radiotherapy,
        widths={"line_no": 0.1, "field": 0.22, "total_dose_Gy": 0.18, "fractions": 0.18,
                "start_day": 0.32},
        headers={"start_day": "Days"},
        cells={"start_day": lambda _, r: _span(ctx, r.start_day, r.end_day)})


def _procedures(ctx: Context) -> list[Flowable]:
    return record_table(ctx, Procedure, ctx.case.procedures, widths={"day": 0.2, "kind": 0.8})


def _hsct(ctx: Context) -> list[Flowable]:
    hsct = ctx.case.hsct
    if hsct is None:
        return []
    pairs = record_pairs(ctx, hsct)
    return kv_table(ctx, pairs) if pairs else [missing_text(hsct.nf.get("performed"))]


def _cellular(ctx: Context) -> list[Flowable]:
    return record_table(ctx, CellularTherapy, ctx.case.cellular_therapies, widths={
        "infusion_day": 0.13, "product": 0.27, "target": 0.13, "dose_cells_per_kg": 0.17,
        "lymphodepletion": 0.3})
