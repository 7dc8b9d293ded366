"""`casebook export -o NAME` without --format writes the format the name's ending says
(`-o ds.xlsx` was refused as "--format json writes a Casebook JSON file"); a --format that the
ending contradicts is refused naming both, and a name whose ending says no format, without
--format, lists the choices. Nothing is written when refused (exit 2)."""

from __future__ import annotations

import json
import zipfile

import pytest

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK

CHOICES = ("give a name ending in .json (Casebook JSON), .xlsx (an Excel workbook), .xml "
           "(CDISC ODM) or .zip (a CSV dataset), or choose with --format json, csv, xlsx, fhir "
           "or odm (a CSV dataset may also be a folder: --format csv -o FOLDER; FHIR: "
           "--format fhir -o NAME.json).")


@pytest.fixture
def stored(data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0


def _written(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir()
                  if p.name not in ("casebook-home", "xdg-data", "xdg-config"))


def _kind(path) -> str:
    """What the written file is, from its content."""
    if zipfile.is_zipfile(path):
        names = zipfile.ZipFile(path).namelist()
        return "xlsx" if "xl/workbook.xml" in names else \
            "csv" if "data_dictionary.csv" in names or any(n.endswith(".csv") for n in names) \
            else "zip"
    head = path.read_bytes()[:400]
    if head.startswith(b"<?xml") and b"<ODM" in head:
        return "odm"
    data = json.loads(path.read_text(encoding="utf-8"))
    return "json" if data.get("format") == "casebook" else \
        "fhir" if data.get("resourceType") == "Bundle" else "?"


@pytest.mark.parametrize(("name", "kind"), [
    ("ds.xlsx", "xlsx"), ("DS.XLSX", "xlsx"), ("study.xml", "odm"), ("dataset.zip", "csv"),
    ("all.json", "json"), ("all.casebook.JSON", "json")])
def test_the_format_is_told_from_the_name(capsys, tmp_path, stored, name, kind):
    target = tmp_path / name
    capsys.readouterr()
    assert main(["export", "-o", str(target)]) == 0
    assert f"Exported 2 case(s) to {target}" in capsys.readouterr().err
    assert _kind(target) == kind
    assert _written(tmp_path) == [name]


def test_a_given_format_fitting_the_name_is_written(tmp_path, stored):
    """.json is Casebook JSON unless --format fhir says otherwise; a folder is --format csv's."""
    assert main(["export", "--format", "fhir", "-o", str(tmp_path / "b.json")]) == 0
    assert _kind(tmp_path / "b.json") == "fhir"
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "folder")]) == 0
    assert (tmp_path / "folder" / "data_dictionary.csv").is_file() or \
        any((tmp_path / "folder").glob("*.csv"))


CONTRADICTED = [  # --format, the name -> the words after "-o PATH: "
    ("json", "ds.xlsx", "--format json writes a Casebook JSON file, but the name ends in .xlsx, "
     "which means an Excel workbook (--format xlsx): give a name ending in .json, or leave "
     "--format out."),
    ("xlsx", "ds.json", "--format xlsx writes an Excel workbook, but the name ends in .json, "
     "which means Casebook JSON (--format json; fhir for a FHIR Bundle): give a name ending in "
     ".xlsx, or leave --format out."),
    ("csv", "ds.xml", "--format csv writes a CSV dataset (a folder or a .zip), but the name "
     "ends in .xml, which means CDISC ODM (--format odm): give a folder name or a name ending "
     "in .zip, or leave --format out."),
    ("odm", "ds.zip", "--format odm writes a CDISC ODM XML file, but the name ends in .zip, "
     "which means a zipped CSV dataset (--format csv): give a name ending in .xml, or leave "
     "--format out."),
    ("fhir", "ds.XLSX", "--format fhir writes a FHIR Bundle (JSON), but the name ends in .XLSX, "
     "which means an Excel workbook (--format xlsx): give a name ending in .json, or leave "
     "--format out."),
    ("json", "ds.csv", "--format json writes a Casebook JSON file, but the name ends in .csv, "
     "which means CSV (--format csv writes a folder or a .zip): give a name ending in .json."),
]


@pytest.mark.parametrize(("fmt", "name", "words"), CONTRADICTED,
                         ids=[f"{f} {n}" for f, n, _ in CONTRADICTED])
def test_a_format_the_name_contradicts_is_refused(capsys, tmp_path, stored, fmt, name, words):
    target = tmp_path / name
    capsys.readouterr()
    assert main(["export", "--format", fmt, "-o", str(target)]) == 2
    assert capsys.readouterr().err == f"-o {target}: {words}\n"
    assert _written(tmp_path) == []


@pytest.mark.parametrize(("name", "ending"), [
    ("cases.txt", "ends in .txt"), ("cases.pdf", "ends in .pdf"), ("cases", "has no ending"),
    ("run.v2", "ends in .v2")])
def test_a_name_that_says_no_format_lists_the_choices(capsys, tmp_path, stored, name, ending):
    target = tmp_path / name
    capsys.readouterr()
    assert main(["export", "-o", str(target)]) == 2
    assert capsys.readouterr().err == (f"-o {target}: the format cannot be told from the name "
                                       f"(it {ending}): {CHOICES}\n")
    assert _written(tmp_path) == []


def test_a_csv_name_without_format_says_what_a_csv_dataset_is(capsys, tmp_path, stored):
    target = tmp_path / "cases.csv"
    capsys.readouterr()
    assert main(["export", "-o", str(target)]) == 2
    assert capsys.readouterr().err == (f"-o {target}: a CSV dataset is a folder or a .zip: "
                                       "give a folder name or a name ending in .zip.\n")
    assert _written(tmp_path) == []


def test_the_path_is_checked_before_the_name(capsys, tmp_path, stored, data_home):
    """Inside the data folder, without --format and a name saying no format: the data folder
    is named, as for every -o."""
    target = data_home / "casebook.db"
    before = target.read_bytes()
    capsys.readouterr()
    assert main(["export", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Refused to write {target}: it is inside the data folder")
    assert target.read_bytes() == before


def test_de_identification_goes_with_the_told_format(tmp_path, stored):
    target = tmp_path / "deid.xlsx"
    assert main(["export", "--drop-identifiers", "-o", str(target)]) == 0
    assert _kind(target) == "xlsx"
