"""Unit conversions to canonical units (§8) and MRD notations."""

from __future__ import annotations

import pytest

from core.model.vocab import vocabulary
from core.units import (
    UnitError,
    allowed_units,
    format_count,
    format_mrd,
    normalize_unit,
    oxygen_flow_category,
    parse_mrd,
    percent_is_from_log_reduction,
    to_canonical,
)


@pytest.mark.parametrize("analyte, value, unit, expected, canonical", [
    ("WBC", 4.5, "10*3/uL", 4.5, "10*9/L"),
    ("WBC", 4500, "/uL", 4.5, "10*9/L"),
    ("Platelets", 150000, "cells/mm3", 150, "10*9/L"),
    ("RBC", 4.2, "10*6/uL", 4.2, "10*12/L"),
    ("Hemoglobin", 8.8, "g/dL", 88, "g/L"),
    ("Hemoglobin", 5.0, "mmol/L", 80.55, "g/L"),
    ("CSF WBC", 12, "10*6/L", 12, "/uL"),
    ("CSF protein", 45, "mg/dL", 0.45, "g/L"),
    ("CSF protein", 450, "mg/L", 0.45, "g/L"),
    ("CSF glucose", 90.08, "mg/dL", 5.0, "mmol/L"),
    ("Creatinine", 1.0, "mg/dL", 88.42, "umol/L"),
    ("Total bilirubin", 1.0, "mg/dL", 17.10, "umol/L"),
    ("Fibrinogen", 250, "mg/dL", 2.5, "g/L"),
    ("Temperature", 101.5, "[degF]", 38.61, "Cel"),
    ("Temperature", 101.5, "°F", 38.61, "Cel"),
    ("Weight", 150, "lb", 68.04, "kg"),
    ("Height", 68, "in", 172.72, "cm"),
    ("Dose mass", 2, "g", 2000, "mg"),
    ("Dose mass", 500, "mcg", 0.5, "mg"),
    ("Infusion rate", 1.1667, "ug/h", 28.0, "ug/d"),
    ("Infusion rate", 28, "µg/24 h", 28, "ug/d"),
])
def test_to_canonical(analyte, value, unit, expected, canonical):
    got, unit_out = to_canonical(analyte, value, unit)
    assert got == pytest.approx(expected, abs=0.01) and unit_out == canonical


def test_unit_error_names_the_unit():
    with pytest.raises(UnitError, match="'mg/L' is not accepted for Hemoglobin"):
        to_canonical("Hemoglobin", 1, "mg/L")
    with pytest.raises(UnitError, match="unknown analyte 'Troponin'"):
        to_canonical("Troponin", 1, "ng/L")


def test_units_are_case_sensitive_where_it_matters():
    assert normalize_unit("G/L") == "10*9/L" and normalize_unit("g/L") == "g/L"
    assert normalize_unit("MG/DL") == "mg/dL" and normalize_unit("x10^9/L") == "10*9/L"
    assert normalize_unit("furlongs") is None


def test_allowed_units_start_with_the_canonical_one():
    assert allowed_units("Hb") == ("g/L", "g/dL", "mmol/L")


def test_every_vocabulary_analyte_converts_its_allowed_units():
    for entry in vocabulary("analyte"):
        assert allowed_units(entry.code)[0] == entry["canonical_unit"]
        assert set(entry["allowed_units"]) <= set(allowed_units(entry.code)), entry.code


@pytest.mark.parametrize("text, expected", [
    ("0.01%", 1e-4), ("1e-4", 1e-4), ("10^-4", 1e-4), ("10⁻⁴", 1e-4), ("1 in 10000", 1e-4),
    ("1 in 10,000", 1e-4), ("1/10000", 1e-4), ("1.2 × 10⁻⁴", 1.2e-4), ("0.0001", 1e-4),
    ("100%", 1.0), ("0,5%", 0.005), (0.002, 0.002),
])
def test_parse_mrd(text, expected):
    assert parse_mrd(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["150%", "2", "abc", "1 in 0", "-0.1"])
def test_parse_mrd_rejects(text):
    with pytest.raises(UnitError):
        parse_mrd(text)


def test_display_helpers():
    assert format_mrd(0.00012) == "0.012% (1.2 × 10⁻⁴)"
    assert (format_count(0.456), format_count(86.44)) == ("0.46", "86.4")
    assert percent_is_from_log_reduction(3) == pytest.approx(0.1)
    assert oxygen_flow_category(6) == "low_flow_le_6L_or_blow_by"
    assert oxygen_flow_category(6.5) == "high_flow_gt_6L_facemask_nonrebreather_venturi"
