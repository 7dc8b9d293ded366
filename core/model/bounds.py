"""What a number typed in the form can be, for the fields the model leaves open.

The model does not bound these fields, so a stored or imported case with another value still
opens (a draft always saves; the rule named beside the field, if any, lists the value). The
editor refuses a typed value outside its range in the field, names the field and the range,
and stores nothing (gui.editor.fields). Ranges come from the validation rules and the field
dictionaries of the reference (§4, §6); where the reference gives none, only impossible values
are refused (a negative count, a line 0, 1e20 cycles).

``typed_bound`` is the range a typed number of any field must be in, the form's and a dataset
cell's alike (gui.editor.fields, core.io.dataset_numbers): the table's entry, else the model's
own ge/le, and never above 1 for a fraction or 100 for a percent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache

from pydantic import BaseModel

from core.model.base import field_meta
from core.model.report import AGE_YEARS
from core.model.treatment import AE_GRADES

# A fraction's range in words: "between 0 and 1 fraction" read as a word left over.
FRACTION_WORDS = " (a fraction: 0.0001 = 10⁻⁴ = 0.01%; a percent may be typed with its % sign)"


@dataclass(frozen=True)
class Bound:
    low: float | None = None
    high: float | None = None
    above: bool = False  # the low end itself is refused: a dose is above 0
    rule: str | None = None  # the rule that lists a stored or imported value outside it
    # (None: rule V61 does, core.clinical.rules.bounds)

    def holds(self, number: float) -> bool:
        """Whether ``number`` is in the range (a NaN or an infinity never is)."""
        if not math.isfinite(number):
            return False
        low, high = self.low, self.high
        below = low is not None and (number <= low if self.above else number < low)
        return not below and not (high is not None and number > high)

    def words(self, unit: str | None = None) -> str:
        """The range in words, for 'X must be ...': 'between 0 and 120 years', 'above 0 mg',
        'at least 0' (one bound only: "between 0 and 0" said nothing)."""
        low, high = self.low, self.high
        after = FRACTION_WORDS if unit == "fraction" else f" {unit}" if unit else ""
        if self.above and high is None:  # a dose of 0
            return f"above {number_text(low or 0)}{after}"
        if self.above:
            return f"above {number_text(low or 0)} and at most {number_text(high or 0)}{after}"
        if high is None:
            return f"at least {number_text(low or 0)}{after}"
        if low is None:
            return f"at most {number_text(high)}{after}"
        return f"between {number_text(low)} and {number_text(high)}{after}"


def must_be(label: str, bound: Bound, unit: str | None) -> str:
    """The refusal of a value outside ``bound``, as the form words it: "Age at Day 0 must be
    between 0 and 120 years"."""
    return f"{label} must be {bound.words(unit)}"


def number_text(value: float) -> str:
    """A number as typed back: 120, 0.5, 1e-05 (no trailing .0)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


PERCENT = Bound(0, 100, rule="V18")
COUNT = Bound(0, 100_000)  # cells, nuclei: never negative, and no slide holds 1e20
LINE = Bound(1, 100)  # treatment lines run 1, 2, 3... (V36)
CYCLES = Bound(1, 200)  # reference §4.16: >= 1; 200 is years of monthly cycles
LAB = Bound(0)  # every analyte's possible range starts at 0 or above (V50)

# (model, field) -> its bound.
TYPED_BOUNDS: dict[tuple[str, str], Bound] = {
    ("Patient", "age_at_day0"): Bound(*AGE_YEARS, rule="V01"),
    # V03's ranges (weight 0.5-300 kg...) are what to check, not what cannot be: a weight
    # of 680 kg is typed and stored, and V03 lists it; no one weighs 0 kg or 1,001 kg.
    ("Patient", "weight_kg"): Bound(0, 1000, above=True, rule="V03"),
    ("Patient", "height_cm"): Bound(0, 300, above=True, rule="V03"),
    ("Patient", "bsa_m2"): Bound(0, 10, above=True, rule="V03"),
    ("BoneMarrowAssessment", "blast_pct_morphology"): PERCENT,
    ("BoneMarrowAssessment", "blast_pct_flow"): PERCENT,
    ("BoneMarrowAssessment", "cellularity_pct"): PERCENT,
    ("BoneMarrowAssessment", "basophils_pct"): PERCENT,
    ("BoneMarrowAssessment", "cells_counted"): COUNT,
    ("ImmunophenotypeMarker", "pct_positive"): PERCENT,
    ("ImmunophenotypePanel", "blast_gate_pct"): PERCENT,
    ("Cytogenetics", "metaphases_analyzed"): Bound(0, 1000, rule="V18"),
    ("Cytogenetics", "abnormal_metaphases"): Bound(0, 1000, rule="V18"),
    ("Cytogenetics", "fish_pct_abnormal_nuclei"): PERCENT,
    ("Cytogenetics", "nuclei_scored"): Bound(0, 100_000, rule="V18"),
    ("MolecularVariant", "vaf_pct"): PERCENT,
    ("MolecularTest", "result_value"): Bound(0, rule="V21"),
    ("MolecularTest", "control_copies"): Bound(0, 100_000_000),
    ("MrdAssessment", "value_fraction"): Bound(0, 1, rule="V30"),
    ("MrdAssessment", "lod_fraction"): Bound(0, 1, rule="V30"),
    ("MrdAssessment", "loq_fraction"): Bound(0, 1, rule="V30"),
    # V23's upper ends (CSF WBC 100,000/µL...) are checks, as V03's: only below 0 is refused.
    ("CsfAssessment", "wbc_per_uL"): Bound(0, rule="V23"),
    ("CsfAssessment", "rbc_per_uL"): Bound(0, rule="V23"),
    ("CsfAssessment", "blast_pct_cytospin"): PERCENT,
    ("CsfAssessment", "flow_abnormal_pct"): PERCENT,
    ("CsfAssessment", "protein_g_L"): Bound(0, rule="V23"),
    ("CsfAssessment", "glucose_mmol_L"): Bound(0, rule="V23"),
    ("CsfAssessment", "opening_pressure_cmH2O"): Bound(0, rule="V23"),
    ("CsfAssessment", "pb_wbc_same_day"): Bound(0, rule="V23"),
    ("CsfAssessment", "pb_rbc_same_day"): Bound(0, rule="V23"),
    ("ImagingLesion", "max_diameter_mm"): Bound(0, 1000, rule="V29"),  # V29 checks 0-200
    ("ImagingLesion", "perpendicular_mm"): Bound(0, 1000, rule="V29"),
    ("ImagingLesion", "count"): Bound(1, 1000, rule="V29"),
    ("LabResult", "value_entered"): Bound(0, rule="V50"),
    ("LabResult", "ref_low"): LAB,
    ("LabResult", "ref_high"): LAB,
    ("TreatmentLine", "line_no"): Bound(LINE.low, LINE.high, rule="V36"),
    ("TreatmentLine", "cycles_planned"): CYCLES,
    ("TreatmentLine", "cycles_given"): CYCLES,
    ("DrugAdministration", "line_no"): LINE,
    ("DrugAdministration", "dose"): Bound(0, above=True, rule="V37"),
    ("DrugAdministration", "cycle_no"): Bound(CYCLES.low, CYCLES.high, rule="V36"),
    ("DrugAdministration", "cycle_day_start"): Bound(1, 36_500, rule="V36"),  # V53's days
    ("DrugAdministration", "cycle_day_end"): Bound(1, 36_500),
    ("DoseModification", "new_dose"): Bound(0),  # 0 when discontinued
    ("DoseModification", "duration_hours"): Bound(0),
    ("Radiotherapy", "line_no"): LINE,
    ("Radiotherapy", "total_dose_Gy"): Bound(0, 40),  # reference §4.18
    ("Radiotherapy", "fractions"): Bound(1, 100),
    ("Hsct", "tbi_Gy"): Bound(2, 14),  # reference §4.18
    # More than the cells of a whole body (about 5e11 per kg) cannot have been given.
    ("CellularTherapy", "dose_cells_per_kg"): Bound(0, 1e12, above=True),
    ("ResponseAssessment", "line_no"): LINE,
    ("CrsDetail", "tmax_c"): Bound(30, 45),  # reference §4.20
    ("CrsDetail", "tocilizumab_doses"): Bound(0, 100),
    ("IcansDetail", "ice_score"): Bound(0, 10, rule="V48"),
    ("AdverseEvent", "grade"): Bound(*AE_GRADES, rule="V45"),
}

UNIT_TOPS = {"fraction": 1.0, "%": 100.0}  # a fraction is at most 1, a percent at most 100


def model_bound(model: type[BaseModel], name: str) -> Bound:
    """The model's own ge/le of the field ``name`` (Bound(None, None): it has none)."""
    low = high = None
    for item in model.model_fields[name].metadata:
        low, high = getattr(item, "ge", low), getattr(item, "le", high)
    return Bound(low, high)


@cache
def typed_bound(model: type[BaseModel], name: str) -> Bound:
    """The range a number typed in the field ``name`` of ``model`` must be in: its entry above,
    else the model's own ge/le; capped at 1 for a fraction and 100 for a percent, so that the
    range settles MRD ``1.000%`` as 1% (never 1000%) and refuses an MRD of 2."""
    bound = TYPED_BOUNDS.get((model.__name__, name)) or model_bound(model, name)
    top = UNIT_TOPS.get(field_meta(model, name).get("unit") or "")
    if top is not None and (bound.high is None or bound.high > top):
        bound = replace(bound, high=top)
    return bound
