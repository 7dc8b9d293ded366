"""A dataset's number cell is held to the field's typed range as the form holds a typed value
(review of b67039c): core.numbers.read_number hands back the decimal reading when neither
reading fits, for the caller to refuse, and the dataset reader did not, so BSA '12.500' was
stored as 12.5 (12500 equally possible), an MRD '2.000' as 2 (200 %), an age of 150 taken
though the form refuses it; and a column of whole numbers offered 1.5 ('1,500' in Nuclei
scored: "..., or as 1.5"). The range is the form's own (core.model.bounds.typed_bound), the
refusal in its words, naming the file, row and column, and nothing is stored."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest

from core.errors import InvalidData
from core.io.dataset_numbers import cell_number
from core.model import Case
from core.model.bounds import typed_bound
from core.model.diagnostics import Cytogenetics, MrdAssessment
from core.model.report import Patient
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService
from gui.editor.fields import record_fields
from gui.editor.values import InputError, parse_text


@pytest.mark.parametrize(("model", "name", "text", "message"), [
    (Patient, "bsa_m2", "12.500", "'12.500': BSA (measured/override) must be above 0 and at "
     "most 10 m²"),  # 12500 and 12.5 m² are both no BSA
    (MrdAssessment, "value_fraction", "2.000", "'2.000': MRD must be between 0 and 1"),
    (MrdAssessment, "value_fraction", "2,0", "'2,0': MRD must be between 0 and 1"),  # typed
    (Patient, "age_at_day0", "150,0", "'150,0': Age at Day 0 must be between 0 and 120 years"),
    (Patient, "ecog", "9", "'9': ECOG must be between 0 and 5"),  # the model's own bound
    (Cytogenetics, "metaphases_analyzed", "1.500", "'1.500' is not a whole number"),  # 1500 > 1000
])
def test_a_cell_outside_the_fields_range_is_refused_as_the_form_refuses_it(
        model, name, text, message):
    with pytest.raises(ValueError) as caught:
        cell_number(text, model, name, whole=name in ("age_at_day0", "ecog",
                                                      "metaphases_analyzed"))
    assert str(caught.value).startswith(message), str(caught.value)


@pytest.mark.parametrize(("model", "name", "text", "message"), [
    (Patient, "bsa_m2", "12.500", "BSA (measured/override) must be above 0 and at most 10 m²"),
    (MrdAssessment, "value_fraction", "2.000", "MRD must be between 0 and 1"),
    (Patient, "age_at_day0", "150", "Age at Day 0 must be between 0 and 120 years"),
])
def test_the_form_says_the_same(model, name, text, message):
    spec = next(s for s in record_fields(model) if s.name == name)
    with pytest.raises(InputError, match=re.escape(message)):
        parse_text(spec, text)


@pytest.mark.parametrize(("text", "readings"), [
    ("1.500", "1500 or 1.5"), ("1,500", "1500 or 1.5"), ("1.250", "1250 or 1.25"),
    ("2.000", "2000 or 2")])
def test_a_whole_number_with_one_separator_is_asked_about_as_the_form_asks(text, readings):
    """Being whole settles nothing (3395f44): the form asks about Nuclei scored '1.500' (1500,
    or a mistyped 1.5), and the import read it as 1500, silently. Both now refuse it, with the
    two readings, in the same words."""
    with pytest.raises(ValueError) as caught:
        cell_number(text, Cytogenetics, "nuclei_scored", whole=True)
    said = str(caught.value)
    assert said.startswith(f"'{text}' could be {readings}: type it without a thousands "
                           "separator"), said
    spec = next(s for s in record_fields(Cytogenetics) if s.name == "nuclei_scored")
    with pytest.raises(InputError) as form:
        parse_text(spec, text)
    assert str(form.value) == f"Nuclei scored: {said}"
    # as the export writes a whole number, and a grouping that is no other number, it is taken
    assert cell_number("1500", Cytogenetics, "nuclei_scored", whole=True) == 1500
    assert cell_number("1 500", Cytogenetics, "nuclei_scored", whole=True) == 1500


def test_the_range_is_the_forms():
    """One range for the form and the dataset: the table's, else the model's ge/le, a fraction
    at most 1 and a percent at most 100."""
    assert typed_bound(Patient, "ecog").high == 5  # the model's le
    assert typed_bound(MrdAssessment, "value_fraction").high == 1
    for model in (Patient, MrdAssessment, Cytogenetics):
        for spec in record_fields(model):
            if spec.kind in ("int", "float"):
                bound = typed_bound(model, spec.name)
                assert (spec.ge, spec.le, spec.above) == (bound.low, bound.high, bound.above)


def test_a_bad_cell_of_a_small_dataset_stores_nothing(casebook: Casebook,
                                                       reference_cases: list[Case],
                                                       tmp_path: Path):
    case = reference_cases[0]
    casebook.cases.import_cases([case])
    folder = tmp_path / "ds"
    DatasetService(casebook.interchange).export(folder, "csv")
    path = folder / "patient.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("pt_age_at_day0")] = "150,0"
    rows[1][rows[0].index("pt_bsa_m2")] = "12.500"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        with pytest.raises(InvalidData) as caught:
            other.interchange.import_files([folder])
        assert other.cases.list_cases() == []
    finally:
        other.close()
    message = str(caught.value)
    where = f"patient.csv, case {case.case_id}, line 2 (pt_row 1), column"
    assert (f"{where} pt_age_at_day0: '150,0': Age at Day 0 must be between 0 and 120 years"
            in message), message
    assert (f"{where} pt_bsa_m2: '12.500': BSA (measured/override) must be above 0 and at most "
            "10 m²" in message), message
    with sqlite3.connect(tmp_path / "empty" / "casebook.db") as db:
        assert db.execute("SELECT COUNT(*) FROM cases").fetchone() == (0,)


def test_a_value_as_the_export_wrote_it_comes_back_even_outside_the_forms_range(
        casebook: Casebook, reference_cases: list[Case], tmp_path: Path):
    """A review of 1f49019: a case holding a value outside the form's range (a JSON import
    stores it, the rules list it) was exported to a dataset that then did not import back,
    one such cell refusing the whole dataset. A cell as the export writes it is the value the
    case held: taken, as the JSON import takes it (only the model's own limits hold it)."""
    doc = reference_cases[0].model_dump()
    doc["patient"]["weight_kg"] = 1200.0
    doc["patient"]["age_at_day0"] = 150
    casebook.cases.import_cases([Case.model_validate(doc)])
    folder = tmp_path / "ds"
    DatasetService(casebook.interchange).export(folder, "csv")
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        other.interchange.import_files([folder])
        back = other.cases.open_case(reference_cases[0].case_id)
    finally:
        other.close()
    assert (back.patient.weight_kg, back.patient.age_at_day0) == (1200.0, 150)
    assert cell_number("150", Patient, "age_at_day0", whole=True) == 150  # as written
    with pytest.raises(ValueError, match="ECOG must be between 0 and 5"):
        cell_number("9", Patient, "ecog", whole=True)  # the model's own limit holds

