"""Typed text -> stored value (and back) for each field kind; blinatumomab dose steps."""

from __future__ import annotations

import pytest

from core.model.diagnostics import (
    BoneMarrowAssessment,
    CsfAssessment,
    Cytogenetics,
    Diagnosis,
    MrdAssessment,
)
from core.model.report import CaseReport, Patient
from core.model.treatment import DrugAdministration, TreatmentLine
from gui.editor.blinatumomab import StepError, _row_text, cycle_rows, parse_steps
from gui.editor.fields import record_fields
from gui.editor.values import InputError, Missing, format_value, parse_text


def spec(model, name):
    return next(s for s in record_fields(model) if s.name == name)


@pytest.mark.parametrize(("model", "name", "text", "value"), [
    (CsfAssessment, "rbc_per_uL", "1 200", 1200.0),
    (CsfAssessment, "rbc_per_uL", "1,200.5", 1200.5),
    (CsfAssessment, "rbc_per_uL", "1.200,5", 1200.5),
    (CsfAssessment, "rbc_per_uL", "0,125", 0.125),  # a leading 0, is decimal (was 125)
    (CsfAssessment, "protein_g_L", "0,32", 0.32),
    (CsfAssessment, "wbc_per_uL", "12", 12.0),
    (CsfAssessment, "day", "d168", 168),
    (CsfAssessment, "day", "d-30", -30),
    (CsfAssessment, "day", "2023-04", "2023-04"),
    (CsfAssessment, "day", "18/04/2023", "2023-04-18"),
    (CsfAssessment, "sample_route", "lumbar puncture", "lumbar_puncture"),
    (CsfAssessment, "sample_route", "OMMAYA", "ommaya"),
    (CsfAssessment, "it_given_same_procedure", "yes", True),
    (CsfAssessment, "wbc_per_uL", "(not done)", Missing("not_done")),
    (Patient, "ecog", "3", 3),
    (DrugAdministration, "day_list", "201, 204 208", [201, 204, 208]),
    (Diagnosis, "relapse_sites", "bone marrow; cns", ["bone_marrow", "cns"]),
    (Diagnosis, "icd10_who", "C92.1", {"code": "C92.1"}),
    (Cytogenetics, "additional_abnormalities", "+der(22)t(9;22); -7", ["+der(22)t(9;22)", "-7"]),
    (Cytogenetics, "additional_abnormalities", "none", []),
    (Cytogenetics, "additional_abnormalities", "", None),
    (CaseReport, "keywords", "", []),
])
def test_typed_text_becomes_value(model, name, text, value):
    assert parse_text(spec(model, name), text, "%d/%m/%Y") == value


@pytest.mark.parametrize(("model", "name", "text", "message"), [
    (CsfAssessment, "wbc_per_uL", "twelve", "not a number"),
    (CsfAssessment, "day", "168", "not a date"),
    (CsfAssessment, "sample_route", "spinal", "not one of"),
    (Patient, "ecog", "7", "between 0 and 5"),
    (Patient, "ecog", "1.5", "whole number"),
    # one separator and three digits: 1200 or 1.2, never guessed (was 1200, and 2.000 was 2)
    (CsfAssessment, "rbc_per_uL", "1,200", "CSF RBC: '1,200' could be 1200 or 1.2: type it"
     " without a thousands separator"),
    (CsfAssessment, "wbc_per_uL", "2.000", "'2.000' could be 2000 or 2"),
])
def test_bad_text_is_refused_with_a_message(model, name, text, message):
    with pytest.raises(InputError, match=message):
        parse_text(spec(model, name), text, "%d/%m/%Y")


@pytest.mark.parametrize(("model", "name", "text", "value"), [
    # one separator and three digits, settled by the field's range (c7f8acc refused them all)
    (Patient, "bsa_m2", "1.750", 1.75),
    (Patient, "weight_kg", "12.500", 12.5),
    (Patient, "weight_kg", "12.500 kg", 12.5),
    (Patient, "height_cm", "152.400", 152.4),
    (BoneMarrowAssessment, "blast_pct_morphology", "37.500", 37.5),
    (BoneMarrowAssessment, "blast_pct_morphology", "37.500%", 37.5),
    (MrdAssessment, "value_fraction", "1.000%", 0.01),  # 1000% is no MRD
    (MrdAssessment, "value_fraction", "0,250", 0.25),
    (TreatmentLine, "cycles_given", "2.000", 2),  # 2000 cycles is past the 200 allowed
])
def test_the_fields_range_settles_a_number_that_could_be_two(model, name, text, value):
    assert parse_text(spec(model, name), text) == pytest.approx(value)


@pytest.mark.parametrize(("model", "name", "text", "message"), [
    # a whole field: 1500 within its range and 1.5 too (not whole, yet a typed 1.5 mistyped):
    # refused, as 2.000 is (c7f8acc stored 1500 silently)
    (Cytogenetics, "nuclei_scored", "1.500", "Nuclei scored: '1.500' could be 1500 or 1.5"),
    (Cytogenetics, "nuclei_scored", "1,250", "could be 1250 or 1.25"),
    # 1500 past its 1000: 1.5, which is no whole number (c7f8acc stored 1500, then refused it)
    (Cytogenetics, "metaphases_analyzed", "1.500", "'1.500' is not a whole number"),
    (Patient, "bsa_m2", "12.500", "must be above 0 and at most 10"),  # neither fits: its range
])
def test_a_number_the_range_does_not_settle_is_refused(model, name, text, message):
    with pytest.raises(InputError, match=message):
        parse_text(spec(model, name), text)


def test_values_show_as_they_are_typed():
    assert format_value(spec(CsfAssessment, "day"), 197) == "d197"
    assert format_value(spec(CsfAssessment, "rbc_per_uL"), 1200.0) == "1200"
    assert format_value(spec(CsfAssessment, "wbc_per_uL"), None, "not_reported") == \
        "(not reported)"
    assert format_value(spec(Cytogenetics, "additional_abnormalities"), []) == "none"


def test_blinatumomab_cycle_from_dose_steps():
    rows = cycle_rows(200, 1, parse_steps("9 ug/d d1-7; 28 µg/d d8-28"), 3)
    blin = [r for r in rows if r["drug_inn"] == "blinatumomab"]
    assert [(r["dose"], r["cycle_day_start"], r["cycle_day_end"], r["start_day"], r["end_day"])
            for r in blin] == [(9.0, 1, 7, 200, 206), (28.0, 8, 28, 207, 227)]
    assert {(r["route"], r["atc"], r["dose_unit"], r["line_no"]) for r in blin} == {
        ("CIV", "L01FX07", "ug/d", 3)}
    premed = rows[-1]
    assert (premed["drug_inn"], premed["route"], premed["dose"], premed["day_list"]) == (
        "dexamethasone", "IV", 20.0, [200, 207])


def test_blinatumomab_cycle_from_a_calendar_date():
    rows = cycle_rows("2023-05-01", 2, parse_steps("28 ug/d d1-28"), None, premedication=False)
    assert (rows[0]["start_day"], rows[0]["end_day"], rows[0]["cycle_no"]) == (
        "2023-05-01", "2023-05-28", 2)


def test_bad_dose_steps_say_which_part():
    with pytest.raises(StepError, match="'9 ug d1-7'"):
        parse_steps("9 ug d1-7")


def test_premedication_on_calendar_dates_is_a_dose_on_each_step_day():
    """Dexamethasone 20 mg before each step: on dates (no day numbers to list), one row 'once'
    per step day, not one row 'once' from the first step's date to the last's (read in the PDF
    as 'once, 2023-07-20 to 2023-07-27')."""
    rows = cycle_rows("2023-07-20", 1, parse_steps("9 ug/d d1-7; 28 ug/d d8-28"), 2)
    premed = [r for r in rows if r["drug_inn"] == "dexamethasone"]
    assert [(r["start_day"], r["end_day"], r["frequency"], r["dose"], r["line_no"])
            for r in premed] == [("2023-07-20", "2023-07-20", "once", 20.0, 2),
                                 ("2023-07-27", "2023-07-27", "once", 20.0, 2)]
    assert not any("day_list" in r for r in premed)
    assert [_row_text(r) for r in premed] == ["dexamethasone 20 mg IV 2023-07-20",
                                              "dexamethasone 20 mg IV 2023-07-27"]
    on_days = cycle_rows(200, 1, parse_steps("9 ug/d d1-7; 28 ug/d d8-28"), 2)[-1]
    assert _row_text(on_days) == "dexamethasone 20 mg IV d200, d207"  # was 'd200–d207'
