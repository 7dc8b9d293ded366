"""A dataset exported before Casebook had the authors, references and statements tables
(43e02ef, Dec 6 2026, added them to the export) is imported again: its data dictionary names no
field of them, so they did not exist then; its cases come back without them, the report says
so, and a case it replaces keeps its stored authors, references and statements. A table the
dictionary names, or any table of a dataset without a dictionary, is still refused when its
file is missing (with what to do). The "old" datasets are today's exports with the three table
files (sheets) and their dictionary rows taken out: what an export before 43e02ef wrote."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.cli import main
from core.model import Case
from core.model.report import Author, Reference, Statements
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService
from tests.core.test_dataset_import_checks import refused

CASE = "SEED-C1-CAO2023"
NEWER = ("authors", "references", "statements")  # the tables 43e02ef added
SAID = "authors, references, statements: not in this dataset (exported before Casebook had them)"


def with_publication(case: Case) -> Case:
    case = case.model_copy(deep=True)
    case.authors = [Author(name="Jane Smith", email="jane@example.org", affiliations="Utrecht",
                           corresponding=True)]
    case.references = [Reference(key="cao2023", title="Blinatumomab", doi="10.3389/x")]
    case.statements = Statements(funding="None.")
    return case


def old_dataset(casebook: Casebook, target: Path, kind: str) -> Path:
    """The stored cases exported as ``kind`` (folder, zip, xlsx) as before 43e02ef."""
    service = DatasetService(casebook.interchange)
    if kind == "xlsx":
        path = target.with_suffix(".xlsx")
        service.export(path, "xlsx")
        wb = load_workbook(path)
        for name in NEWER:
            del wb[name]
        dictionary = wb["data_dictionary"]
        for number in range(dictionary.max_row, 1, -1):  # from the end: rows move up
            if dictionary.cell(row=number, column=2).value in NEWER:
                dictionary.delete_rows(number)
        wb.save(path)
        return path
    service.export(target, "csv")
    for name in NEWER:
        (target / f"{name}.csv").unlink()
    _drop_dictionary_rows(target / "data_dictionary.csv", NEWER)
    if kind == "folder":
        return target
    path = target.with_suffix(".zip")
    with zipfile.ZipFile(path, "w") as zf:
        for file in sorted(target.iterdir()):
            zf.write(file, file.name)
    return path


def _drop_dictionary_rows(path: Path, forms: tuple[str, ...]) -> None:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert any(r[1] in forms for r in rows)  # today's dictionary names them
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([r for r in rows if r[1] not in forms])


def stored(casebook: Casebook, case_id: str = CASE) -> dict:
    doc = casebook.cases.open_case(case_id).to_json_dict()
    return {k: doc.get(k) for k in NEWER}


@pytest.fixture
def source(tmp_path: Path, reference_cases: list[Case]) -> Casebook:
    """Another data folder holding the reference cases, the first with authors etc."""
    other = open_casebook(tmp_path / "source", user="dr.test")
    other.cases.import_cases([with_publication(reference_cases[0]), reference_cases[1]])
    yield other
    other.close()


@pytest.mark.parametrize("kind", ["folder", "zip", "xlsx"])
def test_an_older_dataset_imports_without_the_tables_it_predates(
        casebook: Casebook, source: Casebook, tmp_path: Path, kind: str) -> None:
    path = old_dataset(source, tmp_path / "old", kind)
    report = casebook.interchange.import_files([path])
    assert report.imported == 2
    assert report.older == [f"{path}: {SAID}; the cases have none"]
    assert stored(casebook) == {"authors": [], "references": [], "statements": None}


@pytest.mark.parametrize("kind", ["folder", "zip", "xlsx"])
def test_replacing_with_an_older_dataset_keeps_the_stored_authors(
        casebook: Casebook, source: Casebook, reference_cases: list[Case], tmp_path: Path,
        kind: str) -> None:
    edited = with_publication(reference_cases[0])
    edited.authors.append(Author(name="Li Wei", affiliations="Leiden"))
    edited.case_report.title = "Stored here"  # the dataset's title replaces it
    casebook.cases.import_cases([edited, reference_cases[1]])
    before = stored(casebook)
    assert len(before["authors"]) == 2 and before["references"] and before["statements"]
    path = old_dataset(source, tmp_path / "old", kind)
    report = casebook.interchange.import_files([path], "replace")
    assert (report.imported, report.replaced, report.unchanged) == (0, 1, 1)
    assert report.older == [f"{path}: {SAID}; 1 stored case(s) keep theirs, unchanged; any "
                            "other case has none"]
    assert stored(casebook) == before  # not emptied
    assert casebook.cases.open_case(CASE).case_report.title == \
        reference_cases[0].case_report.title
    # the same old dataset again: every case as stored (its authors kept), none rewritten
    again = casebook.interchange.import_files([path], "replace")
    assert (again.replaced, again.unchanged) == (0, 2)
    assert stored(casebook) == before


def test_a_table_the_dictionary_names_is_still_refused(source: Casebook,
                                                       tmp_path: Path) -> None:
    """Its file alone left out: the dictionary shows the export wrote it."""
    path = tmp_path / "ds"
    DatasetService(source.interchange).export(path, "csv")
    (path / "authors.csv").unlink()
    text = refused(path, tmp_path)
    assert ("ds: authors.csv is missing from the dataset (every export writes all 36 table "
            "files, with their header row when empty); its data_dictionary.csv lists this "
            "table's fields, so it was exported: put the file back from the export and import "
            "again") in text
    wb = tmp_path / "ds.xlsx"  # a workbook: the same, in its words
    DatasetService(source.interchange).export(wb, "xlsx")
    book = load_workbook(wb)
    del book["references"]
    book.save(wb)
    assert ("ds.xlsx: the sheet references is missing from the workbook (every export writes "
            "all 36 table sheets, with their header row when empty); its data_dictionary "
            "sheet lists this table's fields") in refused(wb, tmp_path)


@pytest.mark.parametrize("kind", ["folder", "xlsx"])
def test_without_a_dictionary_a_missing_table_is_refused_with_what_to_do(
        source: Casebook, tmp_path: Path, kind: str) -> None:
    path = old_dataset(source, tmp_path / "old", kind)
    if kind == "folder":
        (path / "data_dictionary.csv").unlink()
        said = ("old: authors.csv is missing from the dataset (every export writes all 36 "
                "table files, with their header row when empty); put the file back from the "
                "export, or its data_dictionary.csv (a dataset exported before Casebook had a "
                "table is read without it when its dictionary is there), and import again")
    else:
        book = load_workbook(path)
        del book["data_dictionary"]
        book.save(path)
        said = ("old.xlsx: the sheet authors is missing from the workbook (every export "
                "writes all 36 table sheets, with their header row when empty); put the sheet "
                "back from the export, or its data_dictionary sheet")
    text = refused(path, tmp_path)
    assert said in text
    assert "statements" in text and "references" in text


def test_cli_validate_and_import_say_so(source: Casebook, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = old_dataset(source, tmp_path / "old", "zip")
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert f"note   {path}: {SAID}; its cases are read without them (import --replace keeps " \
        "those of the stored cases it replaces)" in out
    assert "2 case(s) read, 0 error(s)." in err
    assert main(["validate", "--json", str(path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True and doc["notes"][0].startswith(f"{path}: {SAID}")
    data = tmp_path / "cli"
    assert main(["--data-dir", str(data), "import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "Imported 2 case(s), replaced 0, from 1 file(s)." in err
    assert f"{path}: {SAID}; the cases have none" in err
    assert main(["--data-dir", str(data), "import", "--replace", str(path)]) == 0
    assert f"{path}: {SAID}; the cases have none" in capsys.readouterr().err
