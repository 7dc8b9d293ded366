"""V52-V55: timeline order, day limits, outcome and transplant (reference §6.9)."""

from __future__ import annotations

from collections.abc import Iterator

from core.clinical.days import Span, definitely_before
from core.clinical.findings import Problem
from core.clinical.rules.ctx import RuleContext
from core.clinical.rules.future import future_dates
from core.clinical.rules.registry import rule
from core.model.when import DAY_LIMIT

_NOT_EVENTS = ("outcome.", "patient.", "case_report.", "history_items", "timeline", "overrides")


def _missing(record: object, name: str) -> bool:
    return getattr(record, name) is None and name not in getattr(record, "nf", {})


def _events(ctx: RuleContext) -> list[tuple[str, Span]]:
    """Day spans of every dated entry that is an event of the course (not history, not the
    outcome itself, not planned doses, not a transplant that did not happen)."""
    planned = tuple(f"{a.path}." for a in ctx.admins if a.item.planned_vs_actual == "planned")
    skip_hsct = ctx.case.hsct is None or ctx.case.hsct.performed != "yes"
    out = []
    for path, span in ctx.derived.days.items():
        if span is None or path.startswith(_NOT_EVENTS) or path.startswith(planned or ("\0",)):
            continue
        if skip_hsct and path.startswith("hsct."):
            continue
        out.append((path, span))
    return out


def _before_diagnosis_checks(ctx: RuleContext) -> Iterator[tuple[str, Span | None, str]]:
    for i, line in enumerate(ctx.case.treatment_lines):
        yield f"treatment_lines[{i}].start_day", ctx.span(line.start_day), f"Line {line.line_no}"
    for a in ctx.admins:
        yield f"{a.path}.start_day", a.span, a.item.drug_inn or "An administration"
    for i, rt in enumerate(ctx.case.radiotherapy):
        yield f"radiotherapy[{i}].start_day", ctx.span(rt.start_day), "Radiotherapy"
    for i, ct in enumerate(ctx.case.cellular_therapies):
        yield f"cellular_therapies[{i}].infusion_day", ctx.span(ct.infusion_day), "Infusion"
    for i, r in enumerate(ctx.case.response_assessments):
        yield f"response_assessments[{i}].day", ctx.span(r.day), "A response assessment"
    for i, d in enumerate(ctx.case.diagnoses):
        if d.role == "relapse":
            yield f"diagnoses[{i}].day", ctx.span(d.day), "The relapse"


@rule("V52", title="Events in order: diagnosis first, death and last follow-up last")
def global_order(ctx: RuleContext) -> Iterator[Problem]:
    initial = [ctx.span(d.day) for d in ctx.case.diagnoses if d.role == "initial"]
    anchor = next((s for s in initial if s is not None), Span(0, 0))
    for path, span, what in _before_diagnosis_checks(ctx):
        if definitely_before(span, anchor):
            yield Problem(path, f"{what} (d{span.first}) is before the initial diagnosis "  # type: ignore[union-attr]
                                f"(d{anchor.first})")
    yield from _hsct_after_first_line(ctx)
    events = _events(ctx)
    latest = max((s for _, s in events), key=lambda s: s.first, default=None)
    o = ctx.case.outcome
    for field, label in (("death_day", "death"), ("last_follow_up_day", "last follow-up"),
                         ("last_known_alive_day", "last known alive day")):
        limit = ctx.span(getattr(o, field))
        if not definitely_before(limit, latest):
            continue
        later = [(p, s) for p, s in events if definitely_before(limit, s)]
        if later:
            path, span = max(later, key=lambda ps: ps[1].first)
            yield Problem(f"outcome.{field}", f"{len(later)} recorded event(s) fall after the "
                          f"{label} ({getattr(o, field)}), e.g. {path} on d{span.first}")


def _hsct_after_first_line(ctx: RuleContext) -> Iterator[Problem]:
    hsct = ctx.case.hsct
    first = ctx.index.lines[0] if ctx.index.lines else None
    if hsct is None or hsct.performed != "yes" or first is None:
        return
    day = ctx.span(hsct.day)
    if day is not None and day.last <= first.day:
        yield Problem("hsct.day", f"The transplant ({hsct.day}) must be after the start of the "
                                  f"first treatment line (d{first.day})")


@rule("V53", title="Day numbers within ±36,500; no event and no anchor year in the future")
def day_limits(ctx: RuleContext) -> Iterator[Problem]:
    for path, span in ctx.derived.days.items():
        if span is not None and not (-DAY_LIMIT <= span.first and span.last <= DAY_LIMIT):
            yield Problem(path, f"Day numbers must be between −{DAY_LIMIT:,} and {DAY_LIMIT:,}")
    for a in ctx.admins:
        if any(not -DAY_LIMIT <= d <= DAY_LIMIT for d in a.item.day_list or ()):
            yield Problem(f"{a.path}.day_list", f"Day numbers must be between −{DAY_LIMIT:,} "
                                                f"and {DAY_LIMIT:,}")
    year = ctx.case.case_report.anchor_year
    if year is not None and not 1900 <= year <= ctx.today.year:
        yield Problem("case_report.anchor_year", f"The anchor year must be 1900–"
                                                 f"{ctx.today.year} (entered: {year})")
    yield from future_dates(ctx)


@rule("V54", title="Vital status with its days (death, follow-up, last known alive)")
def vital_status(ctx: RuleContext) -> Iterator[Problem]:
    o = ctx.case.outcome
    if _missing(o, "vital_status"):
        yield Problem("outcome.vital_status", "Vital status is required (alive, dead or unknown)")
        return
    needed = {"dead": ("death_day", "cause_of_death"), "alive": ("last_follow_up_day",),
              "unknown": ("last_known_alive_day",)}.get(o.vital_status or "", ())
    labels = {"death_day": "the day of death", "cause_of_death": "the cause of death",
              "last_follow_up_day": "the last follow-up day",
              "last_known_alive_day": "the last day known alive"}
    for name in needed:
        if _missing(o, name):
            yield Problem(f"outcome.{name}", f"Vital status '{o.vital_status}' needs "
                                             f"{labels[name]}")


@rule("V55", title="A transplant that took place is described; GVHD only after allogeneic")
def transplant(ctx: RuleContext) -> Iterator[Problem]:
    h = ctx.case.hsct
    if h is None:
        return
    if h.performed == "yes":
        needed = ["type", "day", "disease_status_at_hsct"] + (
            ["donor"] if h.type == "allogeneic" else [])
        for name in needed:
            if _missing(h, name):
                yield Problem(f"hsct.{name}", f"A transplant that took place needs its "
                                              f"{name.replace('_', ' ')}")
    if h.type == "autologous" or h.performed == "no":
        for name in ("agvhd_max_grade", "cgvhd_severity", "donor"):
            if getattr(h, name) is not None:
                yield Problem(f"hsct.{name}", "GVHD and donor fields apply only to an allogeneic "
                                              "transplant")
