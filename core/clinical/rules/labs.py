"""V50-V51: laboratory results (reference §5.12, §6.8, §8)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from core.clinical.findings import Problem
from core.clinical.labs import CLINICAL_FLAG_ONLY, ranges
from core.clinical.rules.ctx import RuleContext, out_of
from core.clinical.rules.registry import rule
from core.units import analyte_info, unit_label

TOLERANCE = 0.05  # ANC, ALC and their sum may exceed WBC by 5% (rounding)
DIFFERENTIAL_ROUNDING = 1.0  # percentage points


@rule("V50", title="Lab unit accepted for the analyte; value within range after conversion")
def lab_ranges(ctx: RuleContext) -> Iterator[Problem]:
    for i, lab in enumerate(ctx.case.labs):
        path = f"labs[{i}]"
        value = ctx.derived.labs.get(path)
        if value is None or lab.value_entered is None:
            continue
        if value.analyte is None:
            yield Problem(f"{path}.analyte", f"Unknown analyte '{lab.analyte}': its unit and "
                                             "range are not checked", severity="warning")
            continue
        if value.error:
            yield Problem(f"{path}.unit_entered", value.error)
            continue
        yield from _range_problems(path, value.analyte, value.value, value.unit)


def _range_problems(path: str, analyte: str, value: float | None,
                    unit: str | None) -> Iterator[Problem]:
    r = ranges(analyte)
    shown = f"{value:.4g} {unit_label(unit or '')}"
    if out_of(value, r.hard_low, r.hard_high):
        yield Problem(f"{path}.value_entered", f"{analyte} {shown} is outside the possible range "
                      f"{r.hard_low:g}–{r.hard_high:g} {unit_label(unit or '')}")
    elif analyte not in CLINICAL_FLAG_ONLY and out_of(value, r.warn_low, r.warn_high):
        yield Problem(f"{path}.value_entered", f"{analyte} {shown} is unusual: check the value "
                                               "and unit", severity="warning")


def _same_day_blood(ctx: RuleContext) -> dict[int, dict[str, tuple[str, float]]]:
    by_day: dict[int, dict[str, tuple[str, float]]] = defaultdict(dict)
    for i, lab in enumerate(ctx.case.labs):
        path = f"labs[{i}]"
        value = ctx.derived.labs.get(path)
        span = ctx.span(lab.day)
        if (value is None or value.value is None or span is None or span.first != span.last
                or lab.specimen not in (None, "blood", "serum", "plasma")):
            continue
        by_day[span.first].setdefault(value.analyte, (path, value.value))  # type: ignore[arg-type]
    return by_day


@rule("V51", title="Same-day blood counts are internally consistent")
def lab_consistency(ctx: RuleContext) -> Iterator[Problem]:
    for day, values in _same_day_blood(ctx).items():
        wbc = values.get("WBC")
        anc, alc = values.get("ANC"), values.get("ALC")
        if wbc is not None:
            limit = wbc[1] * (1 + TOLERANCE)
            for name, item in (("ANC", anc), ("ALC", alc)):
                if item is not None and item[1] > limit:
                    yield Problem(f"{item[0]}.value_entered", f"{name} {item[1]:g} is above the "
                                  f"WBC {wbc[1]:g} ×10⁹/L of the same day (d{day})")
            if anc and alc and anc[1] <= limit and alc[1] <= limit and anc[1] + alc[1] > limit:
                yield Problem(f"{anc[0]}.value_entered", f"ANC + ALC ({anc[1] + alc[1]:g}) exceed "
                              f"the WBC {wbc[1]:g} ×10⁹/L of the same day (d{day})")
        differential = [(p, v) for name, (p, v) in values.items()
                        if (info := analyte_info(name)) is not None and info.differential]
        total = sum(v for _, v in differential)
        if total > 100 + DIFFERENTIAL_ROUNDING:
            yield Problem(f"{differential[0][0]}.value_entered", f"The differential percentages "
                          f"of d{day} add up to {total:g}% (more than 100%)")
