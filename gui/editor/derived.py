"""Derived values (computed by the clinical engine) as read-only text beside the data."""

from __future__ import annotations

from typing import Any

from gui.editor.values import enum_label, format_number

LABELS = {
    "cns_status": "CNS status", "cns_subcategories": "CNS subcategories",
    "category": "MRD category", "mrd_response": "MRD response",
    "derived_category": "Response (derived)", "value_canonical": "Canonical value",
    "unit_canonical": "Canonical unit", "flag": "Flag", "bsa_m2": "BSA (Mosteller)",
    "bcr_abl1_protein": "BCR::ABL1 protein",
    "derived_molecular_response": "Molecular response", "dose_abs_per_admin": "Absolute dose",
    "crs_grade": "CRS grade (ASTCT)", "icans_grade": "ICANS grade (ASTCT)",
    "follow_up_duration_days": "Follow-up (days)", "complex_karyotype": "Complex karyotype",
    "tki_resistance_flags": "TKI resistance", "age": "Age",
    "lesion_burden": "SPD, change from baseline",
}


def derived_label(key: str) -> str:
    if key.endswith(":day"):
        return f"{key[:-4].replace('_', ' ').capitalize()}: day number"
    return LABELS.get(key, key.replace("_", " ").capitalize())


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
    return [(derived_label(k), derived_text(v)) for k, v in values.items()]

EXTRA_KEYS = {"AdverseEvent": ["crs_grade", "icans_grade"],
              "BoneMarrowAssessment": ["derived_category"], "Neuroimaging": ["lesion_burden"]}

# Derived columns that belong beside a particular field rather than after the date.
PLACE_AFTER = {"dose_abs_per_admin": "cycle_no", "value_canonical": "unit_entered",
               "crs_grade": "attribution", "icans_grade": "attribution",
               "cns_status": "blasts_present_cytospin",
               "cns_subcategories": "blasts_present_cytospin", "derived_category": "category",
               "unit_canonical": "unit_entered", "flag": "unit_entered",
               "lesion_burden": "radiologic_response"}


ORDER = ("cns_status", "cns_subcategories", "category", "mrd_response", "flag",
         "value_canonical", "unit_canonical")


def derived_order(keys: set[str]) -> list[str]:
    """Derived keys in reading order (known ones first, then alphabetical)."""
    return [k for k in ORDER if k in keys] + sorted(keys - set(ORDER))


NOT_SHOWN = frozenset({"ref_table", "ref_id"})  # bookkeeping of automatic timeline events


def extra_derived_keys(model: type) -> list[str]:
    """Derived values shown for a record type beyond its model's DERIVED_KEYS."""
    return list(EXTRA_KEYS.get(model.__name__, []))
