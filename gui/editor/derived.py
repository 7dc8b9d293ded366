"""Derived values (computed by the clinical engine) as read-only text beside the data.

Their labels, order and places come from the model (``Record.DERIVED``, ``DerivedValue``):
a derived value sits beside its ``beside`` field, else after the record's date.
"""

from __future__ import annotations

from typing import Any

from core.clinical.dosing import age_from_birth, counted
from core.model import DerivedValue, derived_value, derived_values
from core.model.when import parse_when
from gui.editor.values import enum_label, format_number

DAY0_PATH = "case_report.day0"


def derived_label(model: type, key: str) -> str:
    """The label of a derived value of ``model`` (its metadata); a date's day number."""
    if key.endswith(":day"):
        return f"{key[:-4].replace('_', ' ').capitalize()}: day number"
    found = derived_value(model, key)
    return found.label if found else key.replace("_", " ").capitalize()


def shown_derived(model: type) -> list[DerivedValue]:
    """The derived values a record type shows (table columns), in reading order."""
    return [d for d in derived_values(model) if d.shown]


def derived_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return format_number(round(value, 4))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(derived_text(v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {derived_text(v)}" for k, v in value.items())
    return enum_label(str(value))


VALUE_COLORS = {"CNS1": "#2e7d32", "CNS2": "#ef6c00", "CNS3": "#c62828",
                "indeterminate_traumatic": "#ef6c00", "relapse": "#c62828"}


def derived_color(value: Any) -> str | None:
    """Text colour for a derived value that carries a judgement (CNS status, relapse)."""
    return VALUE_COLORS.get(value) if isinstance(value, str) else None


def lesion_burden_text(burden: Any) -> str:
    """The engine's SPD of a neuroimaging study (§4.15): "SPD 72 mm² (−66.8% from 217 mm²:
    partial response)"; why it is not derived otherwise."""
    if burden.spd_mm2 is None:
        return f"SPD not derived ({burden.note})" if burden.note else "—"
    text = f"SPD {format_number(round(burden.spd_mm2, 1))} mm²"
    if burden.baseline_spd_mm2 is not None and burden.change_pct is not None:
        change = format_number(round(burden.change_pct, 1))
        change = f"+{change}" if burden.change_pct > 0 else change.replace("-", "−")
        text += f" ({change}% from {format_number(round(burden.baseline_spd_mm2, 1))} mm²"
        text += f": {enum_label(burden.category)})" if burden.category else ")"
    return text


def derived_rows(model: type, values: dict[str, Any]) -> list[tuple[str, str]]:
    return [(derived_label(model, k), derived_text(v)) for k, v in values.items()]


def birth_age_text(birth: Any, day0: Any) -> str | None:
    """Beside a birth date, the age it gives at Day 0 ("34 years at Day 0", "14 months at
    Day 0" under 2), not its day number ("day -12433" said nothing); None when either date
    is unknown or the birth date is after Day 0 (rule V01 says so)."""
    try:
        age = age_from_birth(parse_when(birth), None if day0 is None else parse_when(day0))
    except ValueError:
        return None
    if age is None or age[1] < 0:
        return None
    years, months = age
    return f"{counted(months, 'month') if years < 2 else counted(years, 'year')} at Day 0"
