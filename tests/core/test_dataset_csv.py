"""The CSV dataset (issue 18): one long-form file per entity and a REDCap data dictionary that
describes every column; every file read back with the stdlib csv reader."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from core.io.dataset_csv import write_csv_dataset
from core.io.deident import Deidentifier, DeidOptions
from core.io.dictionary import HEADERS
from core.io.tables import tables
from core.synth.generator import generate_cases

REDCAP_HEADERS = [
    "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
    "Choices, Calculations, OR Slider Labels", "Field Note",
    "Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max",
    "Identifier?", "Branching Logic (Show field only if...)", "Required Field?",
    "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
    "Matrix Ranking?", "Field Annotation"]
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read_folder(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Every CSV file of an export, read with the stdlib csv reader (header row checked)."""
    out = {}
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            out[path.stem] = list(reader)
            out[path.stem + ":header"] = [dict.fromkeys(reader.fieldnames or [], "")]
    return out


def check_against_dictionary(files: dict[str, list[dict[str, str]]]) -> dict[str, dict]:
    """Every column of every file is a variable of the dictionary, of that file's form, and
    every value fits the variable's type, choices and validation."""
    dictionary = {row["Variable / Field Name"]: row for row in files["data_dictionary"]}
    entities = [name for name in files if ":" not in name and name != "data_dictionary"]
    for entity in entities:
        header = list(files[entity + ":header"][0])
        assert header[0] == "case_id"
        for column in header[1:]:
            assert column in dictionary, (entity, column)
            assert dictionary[column]["Form Name"] == entity, (entity, column)
        for row in files[entity]:
            assert row["case_id"]
            for column in header[1:]:
                check_value(dictionary[column], row[column], entity)
    forms = {row["Form Name"] for row in files["data_dictionary"]}
    assert forms == set(entities)  # no form without its file
    return dictionary


def check_value(variable: dict[str, str], value: str, entity: str) -> None:
    where = (entity, variable["Variable / Field Name"], value)
    if value == "":
        return
    validation = variable["Text Validation Type OR Show Slider Number"]
    if validation in ("integer", "number"):
        number = int(value) if validation == "integer" else float(value)
        low, high = variable["Text Validation Min"], variable["Text Validation Max"]
        assert (not low or number >= float(low)) and (not high or number <= float(high)), where
    note = variable["Field Note"]
    if "one of: " in note:  # codes a REDCap dropdown would not take: listed in the note
        codes = note.split("one of: ")[1].split("; ")[0].split(", ")
        assert all(item in codes for item in value.split(" | ")), where
    if variable["Field Type"] == "yesno":
        assert value in ("0", "1"), where
    if variable["Field Type"] == "dropdown":
        codes = [c.split(",")[0].strip()
                 for c in variable["Choices, Calculations, OR Slider Labels"].split(" | ")]
        for item in value.split(" | "):
            assert item in codes, where
    if variable["Variable / Field Name"].endswith("_date"):
        assert DATE.match(value), where


def test_dictionary_has_redcaps_18_headers_exactly(tmp_path, reference_cases):
    assert list(HEADERS) == REDCAP_HEADERS
    write_csv_dataset(tmp_path / "out", reference_cases, Deidentifier(DeidOptions(), b"k" * 32))
    with open(tmp_path / "out" / "data_dictionary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == REDCAP_HEADERS
    assert all(len(r) == 18 for r in rows)
    names = [r[0] for r in rows[1:]]
    assert names[0] == "case_id"  # REDCap: the record id is the first field
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,25}", n) for n in names), names


def test_reference_cases_every_column_matches_the_dictionary(tmp_path, reference_cases):
    report = write_csv_dataset(tmp_path / "out", reference_cases,
                               Deidentifier(DeidOptions(), b"k" * 32))
    assert report.cases == 2
    files = read_folder(tmp_path / "out")
    dictionary = check_against_dictionary(files)
    assert sorted(report.files) == sorted(p.name for p in (tmp_path / "out").iterdir())
    labs = files["labs"]
    wbc = next(r for r in labs if r["case_id"] == "SEED-C1-CAO2023" and r["lab_analyte"] == "WBC")
    assert (wbc["lab_row"], wbc["lab_day_day"], wbc["lab_value_entered"]) == ("1", "0", "86.4")
    assert wbc["lab_analyte_label"] == "White blood cells (blood)"  # the code's label beside it
    assert dictionary["lab_analyte_label"]["Field Note"] == "the label of lab_analyte"
    assert dictionary["pt_weight_kg"]["Field Note"] == "kg"  # units in the field note
    assert dictionary["pt_name"]["Identifier?"] == "y"
    sex = dictionary["pt_sex"]
    assert sex["Field Type"] == "dropdown"
    assert sex["Choices, Calculations, OR Slider Labels"].startswith("female, female | male")
    classification = dictionary["rep_disease_classification"]
    assert classification["Field Type"] == "text"  # WHO-HAEM5-2022: no REDCap raw value
    assert "one of: WHO-HAEM5-2022, ICC-2022" in classification["Field Note"]
    ecog = dictionary["pt_ecog"]
    assert (ecog["Text Validation Type OR Show Slider Number"], ecog["Text Validation Min"],
            ecog["Text Validation Max"]) == ("integer", "0", "5")
    drugs = files["treatment_administrations"]  # a list inside a record: its own table
    assert drugs and all(re.fullmatch(r"\d+\.\d+", r["drug_row"]) for r in drugs)


def test_calendar_dates_where_day0_is_known(tmp_path, reference_cases):
    doc = reference_cases[0].to_json_dict()
    doc["case_report"]["day0"] = "2023-04-18"
    doc["clinical_findings"][2]["day"] = "2023-06-02"
    case = type(reference_cases[0]).model_validate(doc)
    write_csv_dataset(tmp_path / "out", [case], Deidentifier(DeidOptions(), b"k" * 32))
    rows = read_folder(tmp_path / "out")["clinical_findings"]
    assert (rows[0]["find_day_day"], rows[0]["find_day_date"]) == ("0", "2023-04-18")
    assert (rows[2]["find_day_day"], rows[2]["find_day_date"]) == ("45", "2023-06-02")


def test_fifty_generated_cases_and_a_zip(tmp_path, reference_cases):
    cases = [*reference_cases, *generate_cases(50, seed=18)]
    report = write_csv_dataset(tmp_path / "out.zip", cases,
                               Deidentifier(DeidOptions(), b"k" * 32))
    assert report.cases == 52
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert sorted(zf.namelist()) == sorted(report.files)
        folder = tmp_path / "unzipped"
        zf.extractall(folder)
    files = read_folder(folder)
    check_against_dictionary(files)
    assert len({r["case_id"] for r in files["patient"]}) == 52
    assert len(files["labs"]) > 500
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.zip", "unzipped"]  # no leftover


def test_every_table_is_a_file_and_every_file_is_utf8(tmp_path, reference_cases):
    doc = reference_cases[1].to_json_dict()
    doc["case_report"]["discussion"] = "Zürich, 北京, naïve; \"quoted\", comma\nnew line"
    case = type(reference_cases[1]).model_validate(doc)
    write_csv_dataset(tmp_path / "out", [case], Deidentifier(DeidOptions(), b"k" * 32))
    names = {p.stem for p in (tmp_path / "out").iterdir()}
    assert names == {t.name for t in tables()} | {"data_dictionary"}
    text = (tmp_path / "out" / "case_report.csv").read_bytes().decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["rep_discussion"] == doc["case_report"]["discussion"]


@pytest.mark.parametrize("name", ["case_report", "labs", "adverse_events"])
def test_bookkeeping_fields_are_not_exported(tmp_path, reference_cases, name):
    write_csv_dataset(tmp_path / "out", reference_cases, Deidentifier(DeidOptions(), b"k" * 32))
    header = (tmp_path / "out" / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    for bookkeeping in ("_src", "placeholder_fields", "inferred_fields", "schema_version"):
        assert bookkeeping not in header


def test_the_days_given_column_says_what_its_days_are(tmp_path, reference_cases):
    """drug_day_list is a text column of day numbers: its note says what they count from, how
    they are separated and what Start and End then mean (it was empty)."""
    write_csv_dataset(tmp_path / "out", reference_cases, Deidentifier(DeidOptions(), b"k" * 32))
    dictionary = {r["Variable / Field Name"]: r
                  for r in read_folder(tmp_path / "out")["data_dictionary"]}
    note = dictionary["drug_day_list"]["Field Note"]
    assert "relative to Day 0" in note and "` | ` between them" in note
    assert "Start and End then the span of those days" in note


def test_field_notes_carry_the_forms_help_and_say_when_a_cell_holds_several_values(
        tmp_path, reference_cases):
    """A field's help (the form's tooltip) is its dictionary note too, described once; a list
    of values in one cell says how they are separated (resp_basis_refs_lab_days was empty)."""
    write_csv_dataset(tmp_path / "out", reference_cases, Deidentifier(DeidOptions(), b"k" * 32))
    notes = {r["Variable / Field Name"]: r["Field Note"]
             for r in read_folder(tmp_path / "out")["data_dictionary"]}
    for name in ("resp_basis_refs_lab_days", "resp_basis_refs_mrd_days"):
        assert "The day number of each" in notes[name], name
        assert "several values in one cell, ` | ` between them" in notes[name], name
    assert notes["resp_basis_refs_bm"].startswith("The Id of each marrow assessment")
    assert notes["var_short"].startswith("e.g. T315I")
    assert "several values" not in notes["pt_sex"]


def test_a_list_of_codes_is_no_dropdown_and_only_a_fields_own_column_is_required(
        tmp_path, reference_cases):
    """REDCap refuses `a | b` in a dropdown on import: a list of codes is a text field whose
    note names the codes it takes. Required is on a field's day and code, not on the calendar
    date beside the day (empty wherever only the day is known) nor on a code's label."""
    write_csv_dataset(tmp_path / "out", reference_cases, Deidentifier(DeidOptions(), b"k" * 32))
    rows = {r["Variable / Field Name"]: r
            for r in read_folder(tmp_path / "out")["data_dictionary"]}
    sites = rows["dx_relapse_sites"]
    assert sites["Field Type"] == "text" and not sites["Choices, Calculations, OR Slider Labels"]
    assert "one or more of: bone_marrow" in sites["Field Note"]
    assert rows["pt_sex"]["Field Type"] == "dropdown"
    assert rows["find_day_day"]["Required Field?"] == "y"
    assert rows["find_day_date"]["Required Field?"] == ""
    assert rows["pt_sex"]["Required Field?"] == "y"
    assert rows["pt_sex_label"]["Required Field?"] == ""
    assert rows["dx_icd10_who_code"]["Required Field?"] == "y"
    assert rows["dx_icd10_who_label"]["Required Field?"] == ""


def test_tables_are_named_as_the_editor_names_their_sections():
    """A statistician reads "Bone-marrow assessments", not "Bm assessments"; a nested list
    names its parent ("Treatment lines › Administrations")."""
    labels = {t.name: t.label for t in tables()}
    assert labels["bm_assessments"] == "Bone-marrow assessments"
    assert labels["mrd_assessments"] == "MRD assessments"
    assert labels["hsct"] == "Haematopoietic stem-cell transplant"
    assert labels["treatment_administrations"] == "Treatment lines › Administrations"
