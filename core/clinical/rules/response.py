"""V30-V35: marrow, MRD and response (reference §5.7, §6.5, §7.2, §7.3)."""

from __future__ import annotations

from collections.abc import Iterator

from core.clinical.context import near, nearest
from core.clinical.findings import Problem
from core.clinical.mrd import is_negative
from core.clinical.references import broken_references
from core.clinical.response import BM_BLAST_CUTOFF, WINDOW, marrow_blasts
from core.clinical.rules.ctx import RuleContext, out_of
from core.clinical.rules.registry import rule
from core.clinical.tables import REMISSION_CATEGORIES
from core.model.treatment import ResponseAssessment

_EM_SITES = frozenset({"cns", "testis", "other_extramedullary"})
_EM_SUBTYPES = frozenset({"isolated_CNS", "combined_BM_CNS", "other_EM"})
_NON_REMISSION = frozenset({"PR", "SD_NR", "PD", "refractory"})


@rule("V30", title="MRD values are fractions 0-1")
def mrd_fraction(ctx: RuleContext) -> Iterator[Problem]:
    for i, m in enumerate(ctx.case.mrd_assessments):
        for name in ("value_fraction", "lod_fraction", "loq_fraction"):
            value = getattr(m, name)
            if out_of(value, 0, 1):
                yield Problem(f"mrd_assessments[{i}].{name}",
                              f"MRD is stored as a fraction 0–1 (0.0001 = 0.01%); {value} is "
                              "outside it (a percentage above 100% is not possible)")


@rule("V31", title="Negative MRD has its limit of detection; complete MRD response fits it")
def mrd_negative(ctx: RuleContext) -> Iterator[Problem]:
    for i, m in enumerate(ctx.case.mrd_assessments):
        if is_negative(m) and m.lod_fraction is None and "lod_fraction" not in m.nf:
            yield Problem(f"mrd_assessments[{i}].lod_fraction",
                          "An undetectable (negative) MRD result needs its limit of detection; "
                          "enter the LoD, or the value if MRD was detected")
    for i, r in enumerate(ctx.case.response_assessments):
        if r.scope == "mrd" and r.category == "complete_MRD_response":
            problem = _complete_mrd_problem(ctx, r)
            if problem:
                yield Problem(f"response_assessments[{i}].category", problem)


def _complete_mrd_problem(ctx: RuleContext, r: ResponseAssessment) -> str | None:
    day = ctx.day(r.day)
    if day is None:
        return None
    dated = [(ctx.day(m.day), f"mrd_assessments[{k}]")
             for k, m in enumerate(ctx.case.mrd_assessments)]
    wanted = set(r.basis_refs.mrd_days or ()) if r.basis_refs else set()
    chosen = [(d, p) for d, p in dated if d is not None and (d in wanted if wanted
                                                              else abs(d - day) <= WINDOW)]
    if not chosen:
        return f"A complete MRD response needs an MRD assessment within ±{WINDOW} days"
    _, path = min(chosen, key=lambda dp: abs(dp[0] - day))
    derived = ctx.derived.mrd.get(path)
    category = derived.category if derived else None
    if category != "negative_sufficient":
        shown = (category or "not derivable").replace("_", " ")
        return ("A complete MRD response needs undetectable MRD with a limit of detection "
                f"≤10⁻⁴ (0.01%); {path} is {shown}")
    return None


@rule("V32", overridable=True, title="Marrow response category fits the data")
def marrow_category(ctx: RuleContext) -> Iterator[Problem]:
    for i, r in enumerate(ctx.case.response_assessments):
        path = f"response_assessments[{i}]"
        derived = ctx.derived.marrow.get(path)
        if r.scope != "marrow_hematologic" or derived is None or not r.category:
            continue
        if not (r.override_reason or "").strip():
            message = _category_mismatch(r.category, derived.category, derived.reasons)
            if message:
                yield Problem(f"{path}.category", message)
        day = ctx.day(r.day)
        if r.category == "CR" and day is not None and not near(ctx.index.csf, day, WINDOW):
            yield Problem(f"{path}.category", f"CR with the CNS status not evaluated within "
                                              f"±{WINDOW} days (CR needs CNS1)",
                          severity="warning")


def _category_mismatch(entered: str, derived: str | None, reasons: tuple[str, ...]) -> str | None:
    why = "; ".join(reasons)
    if entered in REMISSION_CATEGORIES and derived != entered:
        if derived in REMISSION_CATEGORIES:
            counts = f" ({why})" if why else ""
            return (f"{entered} does not fit the counts{counts}: the data give {derived}. CR "
                    "needs ANC ≥1.0 and platelets ≥100 ×10⁹/L; CRh ANC >0.5 and platelets >50")
        return (f"{entered} needs marrow blasts <5% within ±{WINDOW} days, no circulating blasts, "
                f"no extramedullary disease and blood counts: {why or 'not met'}")
    if entered in _NON_REMISSION and derived in REMISSION_CATEGORIES:
        return f"The data give {derived} (marrow blasts <5%, counts recovered), not {entered}"
    return None


@rule("V33", title="A response or diagnosis names records the case holds; a response follows "
      "its line's start")
def response_after_line(ctx: RuleContext) -> Iterator[Problem]:
    # what a response is based on, and a diagnosis's lineage evidence, must be in the case (the
    # PDF said "record not in this case", or printed a bare "#999", alone). No rule of the
    # reference's §6 covers such references; V33 is the one that checks them.
    yield from (Problem(path, message) for path, message in broken_references(ctx.case))
    for i, r in enumerate(ctx.case.response_assessments):
        path = f"response_assessments[{i}]"
        if r.line_no is None:
            if r.scope not in (None, "relapse_event"):
                yield Problem(f"{path}.line_no", "Give the treatment line this response "
                                                 "evaluates")
            continue
        line = ctx.index.line_by_no.get(r.line_no)
        if line is None:
            yield Problem(f"{path}.line_no", f"There is no treatment line {r.line_no}")
            continue
        day, start = ctx.span(r.day), ctx.span(line.start_day)
        if day is not None and start is not None and day.last <= start.first:
            yield Problem(f"{path}.day", f"The response ({r.day}) must be after the start of "
                                         f"line {r.line_no} ({line.start_day})")


def _relapses(ctx: RuleContext) -> Iterator[tuple[str, int, object]]:
    for i, d in enumerate(ctx.case.diagnoses):
        day = ctx.day(d.day)
        if d.role == "relapse" and day is not None:
            yield f"diagnoses[{i}].role", day, d
    for i, r in enumerate(ctx.case.response_assessments):
        day = ctx.day(r.day)
        if r.category == "relapse" and day is not None:
            yield f"response_assessments[{i}].category", day, r


def _remission_days(ctx: RuleContext) -> list[int]:
    days = [p.day for p in ctx.index.responses if p.item.category in REMISSION_CATEGORIES]
    days += [p.day for p in ctx.index.bm
             if getattr(ctx.derived.marrow.get(p.path), "category", None) in REMISSION_CATEGORIES]
    return days


@rule("V34", title="A relapse follows a remission in the same disease course")
def relapse_after_remission(ctx: RuleContext) -> Iterator[Problem]:
    remissions = _remission_days(ctx)
    for path, day, _record in _relapses(ctx):
        start = ctx.index.course_start(day)
        if not any(d < day and (start is None or d > start) for d in remissions):
            since = f" since the relapse on d{start}" if start is not None else ""
            yield Problem(path, "A relapse needs an earlier CR, CRi or CRh in the same disease "
                                f"course (none recorded before d{day}{since})")


@rule("V35", severity="warning", title="Hematologic relapse without relapse criteria")
def relapse_criteria(ctx: RuleContext) -> Iterator[Problem]:
    for path, day, record in _relapses(ctx):
        marrows = [b for p in near(ctx.index.bm, day, WINDOW)
                   if (b := marrow_blasts(p.item)) is not None]
        if not marrows or max(marrows) >= BM_BLAST_CUTOFF:
            continue
        pb = nearest(ctx.index.labs.get("PB blasts", []), day, WINDOW)
        sites = set(getattr(record, "relapse_sites", None) or ())
        subtype = getattr(record, "relapse_subtype", None)
        cns = any(abs(s.day - day) <= WINDOW for s in ctx.index.signs) or any(
            p.item.status == "CNS3" for p in near(ctx.index.csf, day, WINDOW))
        if (pb is None or pb.item <= 0) and not sites & _EM_SITES and \
                subtype not in _EM_SUBTYPES and not cns:
            yield Problem(path, f"Relapse criteria not met (marrow blasts {max(marrows):g}% <5%, "
                                "no circulating blasts, no extramedullary site): consider an "
                                "MRD relapse")
