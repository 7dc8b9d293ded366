"""V45-V49, V63: adverse events, CRS and ICANS (reference §5.10, §5.11, §6.7, §7.4, §7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from core.clinical.days import definitely_before
from core.clinical.findings import Problem, Proposal
from core.clinical.rules.ctx import RuleContext
from core.clinical.rules.drugs import did_you_mean, one_meant
from core.clinical.rules.registry import rule
from core.clinical.tables import CRS_TERMS, ICANS_TERMS, drug_key
from core.model.treatment import AE_GRADES
from core.model.vocab import vocabulary

RELATED = frozenset({"possible", "probable", "definite"})


@rule("V45", title="Grade 1-5, at most the term's CTCAE maximum; ASTCT only for CRS and ICANS")
def ae_grade_range(ctx: RuleContext) -> Iterator[Problem]:
    for i, ae in enumerate(ctx.case.adverse_events):
        path = f"adverse_events[{i}]"
        top = _max_grade(ae.term) if ae.grading_system != "ASTCT-2019" else None
        if ae.grade is not None and not AE_GRADES[0] <= ae.grade <= AE_GRADES[1]:
            yield Problem(f"{path}.grade", f"An adverse-event grade is {AE_GRADES[0]}–"
                                           f"{AE_GRADES[1]} (entered: {ae.grade})")
        elif ae.grade is not None and top is not None and ae.grade > top:
            yield Problem(f"{path}.grade", f"CTCAE v5.0 grades '{ae.term}' up to grade {top} "
                                           f"(entered: {ae.grade})")
        term = drug_key(ae.term)
        if ae.grading_system == "ASTCT-2019" and term and term not in CRS_TERMS | ICANS_TERMS:
            yield Problem(f"{path}.grading_system", "ASTCT 2019 grades only cytokine release "
                                                    f"syndrome and ICANS, not '{ae.term}'")


def _max_grade(term: str | None) -> int | None:
    """The highest grade CTCAE v5.0 defines for a term (``max_grade`` in the vocabulary: no
    grade 5 for lab values, none above 3 for e.g. headache or nausea); None when unbounded."""
    entry = vocabulary("ctcae").named(term)
    top = entry.get("max_grade") if entry else None
    return top if isinstance(top, int) else None


@rule("V63", severity="warning", title="An adverse-event term is a CTCAE v5.0 or ASTCT term")
def ae_term_known(ctx: RuleContext) -> Iterator[Problem]:
    """A term the vocabulary does not hold (a truncated 'Peripheral sensory neuro', a typo)
    escapes V45's grade maximum: listed with the close terms. A warning, as free terms are
    allowed: CTCAE's own '<organ class> - Other, specify' terms are not listed."""
    terms = vocabulary("ctcae")
    for i, ae in enumerate(ctx.case.adverse_events):
        term = " ".join((ae.term or "").split())
        if not term or terms.named(term) is not None or drug_key(term) in CRS_TERMS | \
                ICANS_TERMS or "other, specify" in term.casefold():
            continue
        closest = terms.closest(term)
        close, meant = did_you_mean(closest), one_meant(closest)
        hint = f"did you mean {close}? If not, its" if close else "its"
        path = f"adverse_events[{i}].term"
        yield Problem(path, f"'{term}' is not a CTCAE v5.0 term: {hint} grade cannot be checked "
                            "against the term's maximum",
                      proposal=Proposal(path, meant) if meant else None)


@rule("V46", title="A grade-5 event is fatal and matches the death")
def grade_five(ctx: RuleContext) -> Iterator[Problem]:
    outcome = ctx.case.outcome
    for i, ae in enumerate(ctx.case.adverse_events):
        if ae.grade != 5:
            continue
        path = f"adverse_events[{i}]"
        if ae.outcome != "fatal":
            yield Problem(f"{path}.outcome", "A grade-5 adverse event has the outcome 'fatal'")
        if outcome.vital_status != "dead":
            yield Problem("outcome.vital_status", f"A grade-5 adverse event ({ae.term}) means the "
                                                  "patient died: vital status 'dead'")
            continue
        end = ae.resolution_day or ae.onset_day
        death, when = ctx.span(outcome.death_day), ctx.span(end)
        if death is not None and when is not None and (
                definitely_before(death, when) or definitely_before(when, death)):
            yield Problem("outcome.death_day", f"The death day ({outcome.death_day}) differs from "
                                               f"the end of the grade-5 {ae.term} ({end})")


def _ae_grade_problem(ctx: RuleContext, i: int, kind: str) -> Iterator[Problem]:
    ae = ctx.case.adverse_events[i]
    grade = ctx.derived.ae_grades.get(f"adverse_events[{i}]")
    if grade is None or grade.kind != kind or grade.derived is None or ae.grade is None:
        return
    if ae.grading_system == "CTCAE-5.0" or grade.derived == ae.grade:
        return
    if (ae.override_reason or "").strip():
        return
    if kind == "CRS" and grade.derived == 0:
        tmax = ae.crs_detail.tmax_c if ae.crs_detail else None
        yield Problem(f"adverse_events[{i}].grade",
                      f"No fever ≥38.0 °C (Tmax {tmax if tmax is not None else 'not recorded'}) "
                      "and fever not masked by treatment: not CRS by ASTCT 2019")
    elif kind == "ICANS" and grade.derived == 0:
        yield Problem(f"adverse_events[{i}].grade", "ICE 10 with no other finding: no ICANS by "
                                                    "ASTCT 2019")
    else:
        yield Problem(f"adverse_events[{i}].grade",
                      f"The ASTCT 2019 {kind} grade from the recorded parameters is "
                      f"{grade.derived}, not {ae.grade}: correct it or give the reason")


@rule("V47", overridable=True, title="CRS grade equals the ASTCT derivation")
def crs_grade_matches(ctx: RuleContext) -> Iterator[Problem]:
    for i, ae in enumerate(ctx.case.adverse_events):
        if drug_key(ae.term) in CRS_TERMS:
            yield from _ae_grade_problem(ctx, i, "CRS")


@rule("V48", overridable=True, title="ICANS grade equals the maximum over its domains")
def icans_grade_matches(ctx: RuleContext) -> Iterator[Problem]:
    for i, ae in enumerate(ctx.case.adverse_events):
        if drug_key(ae.term) not in ICANS_TERMS:
            continue
        ice = ae.icans_detail.ice_score if ae.icans_detail else None
        if ice is not None and not 0 <= ice <= 10:
            yield Problem(f"adverse_events[{i}].icans_detail.ice_score",
                          f"The ICE score is 0–10 (entered: {ice})", overridable=False)
            continue
        yield from _ae_grade_problem(ctx, i, "ICANS")


def _first_given(ctx: RuleContext) -> dict[str, int]:
    first: dict[str, int] = {}
    for a in ctx.admins:
        if a.span is not None and a.drug:
            first[a.drug] = min(first.get(a.drug, a.span.first), a.span.first)
    for ct in ctx.case.cellular_therapies:
        day = ctx.day(ct.infusion_day)
        if day is not None and ct.product:
            name = drug_key(ct.product)
            first[name] = min(first.get(name, day), day)
    return first


@rule("V49", title="An event resolves after onset and follows the drug it is attributed to")
def ae_timing(ctx: RuleContext) -> Iterator[Problem]:
    first = _first_given(ctx)
    for i, ae in enumerate(ctx.case.adverse_events):
        path = f"adverse_events[{i}]"
        onset = ctx.span(ae.onset_day)
        if definitely_before(ctx.span(ae.resolution_day), onset):
            yield Problem(f"{path}.resolution_day", f"Resolution ({ae.resolution_day}) is before "
                                                    f"onset ({ae.onset_day})")
        for j, att in enumerate(ae.attribution):
            drug = drug_key(att.drug_inn)
            if att.level not in RELATED or not drug or onset is None:
                continue
            given = first.get(drug)
            if given is None:
                yield Problem(f"{path}.attribution[{j}].drug_inn",
                              f"Attributed to {att.drug_inn}, which is not recorded among the "
                              "treatments", severity="warning")
            elif onset.last < given:
                yield Problem(f"{path}.attribution[{j}].drug_inn",
                              f"Onset ({ae.onset_day}) is before the first {att.drug_inn} "
                              f"(d{given}), yet the event is attributed to it",
                              severity="warning")
