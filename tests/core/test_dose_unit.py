"""core.units.dose_unit: dose units as typed, to the codes a dose's unit holds."""

import pytest

from core.units import dose_unit


@pytest.mark.parametrize("typed, code", [
    ("µg/day", "ug/d"), ("mcg/d", "ug/d"), ("ug/day", "ug/d"), ("μg/d", "ug/d"),
    ("mg", "mg"), ("mcg", "ug"), ("mg/m²", "mg/m2"), ("mg/M2", "mg/m2"), ("mg/kg", "mg/kg"),
    ("µg/m²/day", "ug/m2/d"), ("mg/m2/d", "mg/m2/d"), ("IU", "[iU]"), ("IU/m2", "[iU]/m2"),
])
def test_usual_spellings(typed, code):
    assert dose_unit(typed) == code


@pytest.mark.parametrize("typed", ["", "mL", "kg", "mg/h", "xyz", "mg/m2/week"])
def test_not_a_dose_unit(typed):
    assert dose_unit(typed) is None
