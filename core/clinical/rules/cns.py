"""V23-V29: CSF and CNS (reference §5.5, §6.4, §7.1)."""

from __future__ import annotations

from collections.abc import Iterator

from core.clinical.cns import CSF_RBC_TRAUMATIC, CSF_WBC_CUTOFF, EPISODE_WINDOW_DAYS, ClinicalSign
from core.clinical.context import near
from core.clinical.findings import Problem
from core.clinical.rules.ctx import RuleContext, finite, out_of
from core.clinical.rules.registry import rule
from core.model.bounds import TYPED_BOUNDS

CSF_RANGES = (("wbc_per_uL", "CSF WBC", 0, 100_000, "/µL"), ("rbc_per_uL", "CSF RBC", 0, 5e6, "/µL"),
              ("protein_g_L", "CSF protein", 0, 20, "g/L"),
              ("glucose_mmol_L", "CSF glucose", 0, 30, "mmol/L"),
              ("opening_pressure_cmH2O", "Opening pressure", 0, 80, "cmH₂O"),
              ("pb_wbc_same_day", "Blood WBC", 0, 1000, "×10⁹/L"),
              ("pb_rbc_same_day", "Blood RBC", 0, 9, "×10¹²/L"))
CSF_WBC_WARN = 1000
LESIONS = TYPED_BOUNDS["ImagingLesion", "count"]
DIAGNOSIS_WINDOW_DAYS = 14


@rule("V23", title="CSF values within range")
def csf_ranges(ctx: RuleContext) -> Iterator[Problem]:
    for i, c in enumerate(ctx.case.csf_assessments):
        for name, label, low, high, unit in CSF_RANGES:
            value = getattr(c, name)
            if out_of(value, low, high):
                yield Problem(f"csf_assessments[{i}].{name}",
                              f"{label} must be {low:g}–{high:g} {unit} (entered: {value:.10g})")
        if finite(c.wbc_per_uL) and CSF_WBC_WARN < c.wbc_per_uL <= 100_000:  # type: ignore[operator]
            yield Problem(f"csf_assessments[{i}].wbc_per_uL",
                          f"CSF WBC {c.wbc_per_uL:g}/µL is unusually high (>1,000/µL): check",
                          severity="warning")


@rule("V24", overridable=True, title="An entered CNS status equals the derived one, or has a reason")
def csf_override(ctx: RuleContext) -> Iterator[Problem]:
    for i, c in enumerate(ctx.case.csf_assessments):
        status = ctx.derived.csf.get(f"csf_assessments[{i}]")
        derived = status.derived.status if status else None
        if c.cns_status_override and derived and c.cns_status_override != derived \
                and not (c.override_reason or "").strip():
            subcats = ", ".join(status.derived.subcategories)  # type: ignore[union-attr]
            shown = f"{derived} ({subcats})" if subcats else derived
            yield Problem(f"csf_assessments[{i}].cns_status_override",
                          f"The entered CNS status {c.cns_status_override} differs from the "
                          f"derived {shown}: give the reason for the override")


@rule("V25", title="Traumatic tap with blasts needs same-day blood counts")
def traumatic_tap(ctx: RuleContext) -> Iterator[Problem]:
    for i, c in enumerate(ctx.case.csf_assessments):
        if not (c.blasts_present_cytospin == "yes" and finite(c.rbc_per_uL) and finite(c.wbc_per_uL)
                and c.rbc_per_uL >= CSF_RBC_TRAUMATIC and c.wbc_per_uL >= CSF_WBC_CUTOFF):  # type: ignore[operator]
            continue
        path = f"csf_assessments[{i}]"
        why = (f"Traumatic tap with blasts (RBC {c.rbc_per_uL:g}/µL, WBC {c.wbc_per_uL:g}/µL): "
               "the Steinherz–Bleyer rule needs the same-day blood")
        if c.pb_wbc_same_day is None:
            yield Problem(f"{path}.pb_wbc_same_day", f"{why} WBC; until then the status is "
                                                     "indeterminate, not CNS2/CNS3")
        if c.pb_rbc_same_day is None:
            yield Problem(f"{path}.pb_rbc_same_day", f"{why} RBC; until then the status is "
                                                     "indeterminate, not CNS2/CNS3")
        elif c.pb_rbc_same_day == 0:
            yield Problem(f"{path}.pb_rbc_same_day", "Blood RBC of 0 cannot be used for the "
                                                     "Steinherz–Bleyer ratio")


def _signs_near(ctx: RuleContext, day: int | None) -> list[ClinicalSign]:
    if day is None:
        return []
    return [s for s in ctx.index.signs if abs(s.day - day) <= EPISODE_WINDOW_DAYS]


def _sign_text(signs: list[ClinicalSign]) -> str:
    s = signs[0]
    return f"{s.description} on d{s.day}"


@rule("V26", title="Clinical signs of CNS leukemia make the episode CNS3 (CNS3c)")
def clinical_signs(ctx: RuleContext) -> Iterator[Problem]:
    for i, c in enumerate(ctx.case.csf_assessments):
        signs = _signs_near(ctx, ctx.day(c.day))
        if signs and c.cns_status_override and c.cns_status_override != "CNS3":
            yield Problem(f"csf_assessments[{i}].cns_status_override",
                          f"Clinical signs of CNS leukemia ({_sign_text(signs)}) make the "
                          "status CNS3 (CNS3c), whatever the CSF shows")
    for i, d in enumerate(ctx.case.diagnoses):
        signs = _signs_near(ctx, ctx.day(d.day))
        if signs and d.role == "relapse" and d.relapse_sites and "cns" not in d.relapse_sites:
            yield Problem(f"diagnoses[{i}].relapse_sites",
                          f"Clinical signs of CNS leukemia ({_sign_text(signs)}): the relapse "
                          "involves the CNS (CNS3c)")
    for i, r in enumerate(ctx.case.response_assessments):
        signs = _signs_near(ctx, ctx.day(r.day))
        wrong = (r.scope == "relapse_event" and r.relapse_subtype == "isolated_BM") or (
            r.scope == "cns" and r.category == "CNS_not_involved")
        if signs and wrong:
            field = "relapse_subtype" if r.scope == "relapse_event" else "category"
            yield Problem(f"response_assessments[{i}].{field}",
                          f"Clinical signs of CNS leukemia ({_sign_text(signs)}) make the CNS "
                          "status CNS3 (CNS3c)")


_NOT_REMISSION = {
    "not_evaluable": "there is no CSF assessment in the 14 days up to the response day",
    "CNS_not_involved": "there was no earlier CNS2/CNS3 episode",
}


@rule("V27", title="CNS remission needs prior CNS disease, CNS1 CSF, and imaging resolution")
def cns_remission(ctx: RuleContext) -> Iterator[Problem]:
    for i, r in enumerate(ctx.case.response_assessments):
        path = f"response_assessments[{i}]"
        derived = ctx.derived.cns_response.get(path)
        if r.scope != "cns" or r.category != "CNS_remission" or derived is None:
            continue
        if derived.category == "CNS_remission":
            continue
        why = _NOT_REMISSION.get(derived.category or "")
        if why is None and derived.category == "CNS_persistent":
            why = derived.reasons[0] if derived.reasons else "CNS disease persists"
        if why is None:
            latest = derived.basis[0] if derived.basis else "the latest CSF"
            why = f"{latest} is not CNS1"
        yield Problem(f"{path}.category", f"CNS remission is not supported: {why}")


@rule("V28", title="CNS relapse or parenchymal involvement has CSF or imaging within ±14 days")
def cns_relapse_evidence(ctx: RuleContext) -> Iterator[Problem]:
    for i, d in enumerate(ctx.case.diagnoses):
        day = ctx.day(d.day)
        cns = bool(d.relapse_sites and "cns" in d.relapse_sites)
        if day is None or not (cns or d.cns_parenchymal_involvement):
            continue
        evidence = bool(near(ctx.index.csf, day, DIAGNOSIS_WINDOW_DAYS)) or \
            bool(near(ctx.index.imaging, day, DIAGNOSIS_WINDOW_DAYS))
        if not evidence:
            field = "relapse_sites" if cns else "cns_parenchymal_involvement"
            yield Problem(f"diagnoses[{i}].{field}", "CNS involvement needs a CSF assessment or "
                          f"neuroimaging within ±{DIAGNOSIS_WINDOW_DAYS} days (d{day})")


@rule("V29", title="Imaging lesions measured sensibly; a response is compared with a study")
def imaging_records(ctx: RuleContext) -> Iterator[Problem]:
    ids = {img.neuroimaging_id for img in ctx.case.neuroimaging if img.neuroimaging_id is not None}
    for i, img in enumerate(ctx.case.neuroimaging):
        path = f"neuroimaging[{i}]"
        for j, lesion in enumerate(img.lesions):
            for name in ("max_diameter_mm", "perpendicular_mm"):
                value = getattr(lesion, name)
                if out_of(value, 0, 200):
                    yield Problem(f"{path}.lesions[{j}].{name}",
                                  f"A lesion diameter must be 0–200 mm (entered: {value:.10g})")
            if lesion.count is not None and lesion.count < 1:
                yield Problem(f"{path}.lesions[{j}].count", "A lesion count is at least 1")
            elif out_of(lesion.count, None, LESIONS.high):
                yield Problem(f"{path}.lesions[{j}].count",
                              f"A lesion count is at most {LESIONS.high:g} (entered: {lesion.count})")
        if img.radiologic_response not in (None, "baseline") and img.comparison_to is None:
            yield Problem(f"{path}.comparison_to", "A radiologic response needs the earlier "
                                                   "study it is compared with")
        elif img.comparison_to is not None and (img.comparison_to not in ids
                                                or img.comparison_to == img.neuroimaging_id):
            yield Problem(f"{path}.comparison_to",
                          f"No other neuroimaging study has id {img.comparison_to}")
