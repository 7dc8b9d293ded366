"""Body-surface area (Mosteller), absolute doses (reference §7.7) and age at Day 0."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from core.clinical.tables import LABEL_CAPS, drug_key
from core.model.report import Patient
from core.model.treatment import DrugAdministration
from core.model.when import When

BSA_TOLERANCE = 0.05  # an entered BSA further than 5% from Mosteller warns (V03)
AGE_TOP_CODE = 90
PER_M2 = {"mg/m2": "mg", "ug/m2": "ug", "g/m2": "g", "[iU]/m2": "[iU]", "ug/m2/d": "ug/d",
          "mg/m2/d": "mg/d"}
PER_KG = {"mg/kg": "mg"}
_TO_UG = {"ug": 1.0, "mg": 1000.0, "g": 1e6, "ug/d": 1.0, "mg/d": 1000.0}


@dataclass(frozen=True)
class Bsa:
    """Mosteller BSA (``derived``), the entered one (``entered``) and why it was entered."""

    derived: float | None
    entered: float | None
    reason: str | None

    @property
    def value(self) -> float | None:
        return self.entered if self.entered is not None else self.derived

    @property
    def overridden(self) -> bool:
        return (self.entered is not None and self.derived is not None
                and abs(self.entered - self.derived) > BSA_TOLERANCE * self.derived)


@dataclass(frozen=True)
class Dose:
    """The absolute dose of one administration (never capped): value, unit, basis, and the
    label cap it exceeds, if any."""

    value: float
    unit: str
    basis: str
    cap_warning: str | None = None


@dataclass(frozen=True)
class Age:
    years: int
    months: int | None
    top_coded: bool
    display: str
    source: str  # "birth_date" or "entered"


def _positive(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) and x > 0 else None


def mosteller(height_cm: float | None, weight_kg: float | None) -> float | None:
    """BSA = sqrt(height_cm × weight_kg / 3600), in m²; None without both values."""
    height, weight = _positive(height_cm), _positive(weight_kg)
    if height is None or weight is None:
        return None
    return math.sqrt(height * weight / 3600)


def derive_bsa(patient: Patient) -> Bsa:
    entered = patient.bsa_m2 if _positive(patient.bsa_m2) else None
    return Bsa(mosteller(patient.height_cm, patient.weight_kg), entered, patient.bsa_method)


def absolute_dose(admin: DrugAdministration, bsa: float | None,
                  weight_kg: float | None) -> Dose | None:
    """Dose × BSA (per-m² units) or × weight (per-kg); flat doses as given."""
    dose, unit = admin.dose, admin.dose_unit
    if dose is None or unit is None or not math.isfinite(dose):
        return None
    if unit in PER_M2:
        if not _positive(bsa):
            return None
        result = Dose(dose * bsa, PER_M2[unit], f"BSA {bsa:.2f} m²")  # type: ignore[operator]
    elif unit in PER_KG:
        if not _positive(weight_kg):
            return None
        result = Dose(dose * weight_kg, PER_KG[unit], f"weight {weight_kg:g} kg")  # type: ignore[operator]
    else:
        result = Dose(dose, unit, "as entered")
    return _with_cap(admin, result)


ABSOLUTE_DECIMALS = {"ug": 1, "ug/d": 1}
"""Fixed decimals of a derived absolute dose by unit (µg and µg/day to 0.1, so 5.1 sits beside
15.2); other units keep three significant figures (``absolute_number``)."""


def absolute_number(value: float, unit: str | None) -> str:
    """A derived absolute dose's number with one precision per unit: ``5.1`` and ``15.2``
    (µg/day), ``2.6`` or ``2500`` (mg), never ``5.066``."""
    decimals = ABSOLUTE_DECIMALS.get(unit or "")
    if decimals is not None:
        return f"{value:.{decimals}f}"
    if float(value).is_integer():
        return str(int(value))
    digits = max(0, 2 - int(math.floor(math.log10(abs(value))))) if value else 0
    text = f"{value:.{min(digits, 6)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _with_cap(admin: DrugAdministration, dose: Dose) -> Dose:
    cap = LABEL_CAPS.get(drug_key(admin.drug_inn))
    if cap is None:
        return dose
    limit, unit = cap
    value = _in_unit(dose.value, dose.unit, unit)
    if value is None or value <= limit * (1 + 1e-9):
        return dose
    return Dose(dose.value, dose.unit, dose.basis,
                f"{absolute_number(value, unit)} {unit} exceeds the label cap of {limit:g} {unit}; "
                "record the dose actually given")


def _in_unit(value: float, unit: str, target: str) -> float | None:
    """Mass conversion between ug, mg, g (and their per-day forms, kept per day)."""
    if unit == target:
        return value
    per_day = unit.endswith("/d")
    if per_day != target.endswith("/d") or unit not in _TO_UG or target not in _TO_UG:
        return None
    return value * _TO_UG[unit] / _TO_UG[target]


def daily_ug(admin: DrugAdministration, bsa: float | None, weight: float | None) -> float | None:
    """A per-day dose in µg/day (for blinatumomab checks), or None."""
    dose = absolute_dose(admin, bsa, weight)
    if dose is None or not dose.unit.endswith("/d"):
        return None
    return _in_unit(dose.value, dose.unit, "ug/d")


def age_from_birth(birth: When, day0: When | None) -> tuple[int, int] | None:
    """(years, months) at Day 0 from a birth date; None when either date is unknown.

    A partial birth date gives the youngest age it allows (last day of the year or month)."""
    if day0 is None or day0.date is None:
        if birth.day is None:
            return None
        days = -birth.day
        return int(days // 365.2425), int(days // 30.436875)
    if birth.date is None:
        return None
    months = _months_between(birth.date_range()[1], day0.date_range()[0])  # type: ignore[index]
    return months // 12, months


def age_range_from_birth(birth: When, day0: When | None) -> tuple[int, int] | None:
    """(youngest, oldest) age in years at Day 0 that a birth date allows: a birth year or
    month (or a partial Day 0) covers a span of days, so several ages can be true (born in
    1975, on 2024-02-20 one is 48 or 49). None when either date is unknown."""
    youngest = age_from_birth(birth, day0)
    if youngest is None:
        return None
    if birth.date is None or day0 is None or day0.date is None:
        return youngest[0], youngest[0]
    months = _months_between(birth.date_range()[0], day0.date_range()[1])  # type: ignore[index]
    return youngest[0], months // 12


def _months_between(born: dt.date, anchor: dt.date) -> int:
    months = (anchor.year - born.year) * 12 + anchor.month - born.month
    return months - 1 if anchor.day < born.day else months


def derive_age(patient: Patient, day0: When | None) -> Age | None:
    """Age at Day 0 (from the birth date when given; the age entered when a partial birth date
    allows it), top-coded at 90 ("≥90"). An age that cannot be true (negative: a birth date
    after Day 0, or a negative entry) is not derived: None, and rule V01 reports the problem
    instead of a value."""
    from_birth = age_from_birth(patient.birth_date, day0) if patient.birth_date else None
    if from_birth is not None and from_birth[1] < 0:
        return None
    months: int | None
    allowed = age_range_from_birth(patient.birth_date, day0) if patient.birth_date else None
    if allowed is not None and allowed[0] < allowed[1] and patient.age_at_day0 is not None \
            and allowed[0] <= patient.age_at_day0 <= allowed[1]:
        from_birth = None  # a partial birth date allows the age entered: it is the more exact
    if from_birth is not None:
        years, months = from_birth
        source = "birth_date"
    elif patient.age_at_day0 is not None:
        years, months, source = patient.age_at_day0, patient.age_at_day0_months, "entered"
    else:
        return None
    if years < 0 or (months is not None and months < 0):
        return None
    if years >= AGE_TOP_CODE:
        return Age(AGE_TOP_CODE, None, True, f"≥{AGE_TOP_CODE}", source)
    months = months if years < 2 else None
    display = counted(months, "month") if months is not None and years < 2 else f"{years}"
    return Age(years, months, False, display, source)


def age_from_birth_date(patient: Patient, day0: When | None) -> Age | None:
    """Without an age entered, the age at Day 0 derived from the birth date (top-coded at 90
    as ``derive_age`` does): what a report or an export shows in place of the empty age, as
    the CARE checklist counts it. None with an age entered or none derivable."""
    if patient.age_at_day0 is not None or patient.birth_date is None:
        return None
    age = derive_age(patient, day0)
    return age if age is not None and age.source == "birth_date" else None


FROM_BIRTH_DATE = " (from the birth date)"  # after an age derived from the birth date


def counted(number: int, unit: str) -> str:
    """"1 year", "0 months", "14 months": the unit singular for exactly one."""
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def age_at_day0_text(patient: Patient, day0: When | None, *, deidentified: bool) -> str | None:
    """Age at Day 0 as printed (the PDF, its manuscript kit and the Compare window): 90 and
    over shown as "≥90 years" (always when top-coded, and in de-identified output); under 2
    years the months when typed; without an age typed, the age derived from the birth date,
    marked as such. An age that cannot be true (negative) is not printed as a value. None when
    there is no age to show: each caller renders a missing value its own way."""
    if patient.age_at_day0 is None:
        # no age typed: the one derived from the birth date (never the birth date itself,
        # which a de-identified PDF leaves out), said to be derived
        born = age_from_birth_date(patient, day0)
        if born is None:
            return None
        shown = f"≥{AGE_TOP_CODE} years" if born.top_coded else counted(born.months, "month") \
            if born.months is not None else counted(born.years, "year")
        return shown + FROM_BIRTH_DATE
    if patient.age_at_day0 < 0:
        return "not valid (the age entered is below 0; see rule V01)"
    if patient.age_top_coded or (deidentified and patient.age_at_day0 >= AGE_TOP_CODE):
        return f"≥{AGE_TOP_CODE} years"
    if patient.age_at_day0 < 2 and patient.age_at_day0_months is not None:
        return counted(patient.age_at_day0_months, "month")
    return counted(patient.age_at_day0, "year")
