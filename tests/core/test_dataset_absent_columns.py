"""A dataset exported by an older Casebook, before a field existed: its table file has no
column for it and its data dictionary no row, so the import does not ask for it (it is not a
column deleted in a spreadsheet, which is refused). Replacing stored cases with it
(``casebook import --replace``, the app's Replace) cleared that field in every case replaced,
with no word said (pt_weight_kg 68 -> none). Now a case it replaces keeps its stored values of
the fields the dataset has no column for (their missing-value reasons too), record by record;
the values the file holds replace the stored ones, a cell emptied on purpose too; the audit
trail records no change of a kept value; the report (and ``casebook import``, ``validate``)
names the columns kept. The "old" datasets are today's exports with the columns and their
dictionary rows taken out, as an export before the field existed wrote them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.cli import main
from core.errors import InvalidData
from core.io.dataset_absent import absent_text
from core.io.deident import DeidOptions
from core.io.tables import tables
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService
from tests.core.test_dataset_import_checks import stored
from tests.core.test_dataset_missing_column import drop_columns

CASE = "SEED-C1-CAO2023"
# what the import says of the weight column an old patient.csv does not hold
WEIGHT_SAID = ("{path}: the column pt_weight_kg (Weight) is not in this dataset (its data "
               "dictionary does not list it: exported by a Casebook before it existed); {n} "
               "stored cases keep their values of it, unchanged (replacing does not clear "
               "them); a case imported new has none")


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def old_columns(folder: Path, table: str, *names: str) -> None:
    """``names`` taken out of ``table``.csv and out of the data dictionary: a column an
    export before its field existed never wrote."""
    drop_columns(folder / f"{table}.csv", *names)
    dictionary = _rows(folder / "data_dictionary.csv")
    assert all(any(r[0] == n for r in dictionary) for n in names)  # today's lists them
    _write(folder / "data_dictionary.csv", [r for r in dictionary if r[0] not in names])


def set_cell(path: Path, case_id: str, key: str, column: str, value: str) -> None:
    """The cell of ``column`` in the row ``key`` of case ``case_id`` edited, as a
    spreadsheet saves it."""
    rows = _rows(path)
    at, row_col = rows[0].index(column), rows[0][1]
    [row] = [r for r in rows[1:] if r[0] == case_id and r[rows[0].index(row_col)] == key]
    row[at] = value
    _write(path, rows)


@pytest.fixture
def dataset(casebook: Casebook, reference_cases: list[Case], tmp_path: Path) -> Path:
    casebook.cases.import_cases(reference_cases)
    DatasetService(casebook.interchange).export(tmp_path / "ds", "csv")
    return tmp_path / "ds"


def test_replacing_keeps_a_column_the_dataset_never_had(casebook: Casebook, dataset: Path
                                                         ) -> None:
    before = casebook.cases.open_case(CASE)
    assert before.patient.weight_kg == 68 and before.patient.ecog == 1
    specimens = [lab.specimen for lab in before.labs]
    assert "blood" in specimens
    old_columns(dataset, "patient", "pt_weight_kg")
    old_columns(dataset, "labs", "lab_specimen", "lab_specimen_label")
    set_cell(dataset / "patient.csv", CASE, "1", "pt_height_cm", "175")  # held: replaces
    set_cell(dataset / "patient.csv", CASE, "1", "pt_ecog", "")  # emptied on purpose
    set_cell(dataset / "labs.csv", CASE, "1", "lab_value_entered", "90.1")
    report = casebook.interchange.import_files([dataset], "replace")
    assert (report.imported, report.replaced, report.unchanged) == (0, 1, 1)
    after = casebook.cases.open_case(CASE)
    assert after.patient.weight_kg == 68  # was cleared
    assert [lab.specimen for lab in after.labs] == specimens  # every lab keeps its own
    assert after.patient.height_cm == 175
    assert after.patient.ecog is None
    assert after.labs[0].value_entered == 90.1
    assert after.version == before.version + 1
    said = WEIGHT_SAID.format(path=dataset, n=2).replace(
        "the column pt_weight_kg (Weight) is", "the columns pt_weight_kg (Weight), lab_specimen "
        "(Specimen) are").replace("list it", "list them").replace(
        "before it existed", "before they existed").replace("values of it", "values of them")
    assert report.older == [said]
    # the audit trail: the values the file changed, no change of a kept value
    changed = {r.path for r in casebook.audit.entries(CASE, ("import-replace",)) if r.path}
    assert {"patient.height_cm", "patient.ecog", "labs[0].value_entered"} <= changed
    assert not [p for p in changed if "weight" in p or "specimen" in p]


def test_missing_value_reasons_a_dataset_has_no_column_for_are_kept(
        casebook: Casebook, dataset: Path, tmp_path: Path) -> None:
    old_columns(dataset, "patient", "pt_nf")
    before = stored(casebook, tmp_path, "before")
    report = casebook.interchange.import_files([dataset], "replace")
    assert (report.replaced, report.unchanged) == (0, 2)  # as stored: nothing rewritten
    assert stored(casebook, tmp_path, "after") == before
    assert casebook.cases.open_case(CASE).patient.nf == {
        "occupation_category": "not_reported", "subdivision": "not_reported"}


def test_an_old_workbook_keeps_the_column_too(casebook: Casebook, dataset: Path,
                                              tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    DatasetService(casebook.interchange).export(path, "xlsx")
    book = load_workbook(path)
    sheet = book["patient"]
    [at] = [c.column for c in sheet[1] if c.value == "pt_weight_kg"]
    sheet.delete_cols(at)
    [height] = [c.column for c in sheet[1] if c.value == "pt_height_cm"]
    sheet.cell(row=2, column=height).value = 180
    dictionary = book["data_dictionary"]
    [row] = [c.row for c in dictionary["A"] if c.value == "pt_weight_kg"]
    dictionary.delete_rows(row)
    book.save(path)
    report = casebook.interchange.import_files([path], "replace")
    assert report.replaced == 1
    after = casebook.cases.open_case(CASE)
    assert (after.patient.weight_kg, after.patient.height_cm) == (68, 180)
    assert report.older == [WEIGHT_SAID.format(path=path, n=2)]


def test_a_new_case_has_none_and_it_is_said(dataset: Path, tmp_path: Path) -> None:
    old_columns(dataset, "patient", "pt_weight_kg")
    other = open_casebook(tmp_path / "new", user="dr.test")
    try:
        report = other.interchange.import_files([dataset], "replace")
        assert report.imported == 2
        assert report.older == [f"{dataset}: the column pt_weight_kg (Weight) is not in this "
                                "dataset (its data dictionary does not list it: exported by a "
                                "Casebook before it existed); the cases have none"]
        assert other.cases.open_case(CASE).patient.weight_kg is None
    finally:
        other.close()


def test_cli_import_replace_and_validate_name_the_columns_kept(
        casebook: Casebook, dataset: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "cli"
    assert main(["--data-dir", str(data), "import", str(dataset)]) == 0
    old_columns(dataset, "patient", "pt_weight_kg")
    set_cell(dataset / "patient.csv", CASE, "1", "pt_height_cm", "175")
    capsys.readouterr()
    assert main(["validate", str(dataset)]) == 1  # its cases, read without a weight: V04
    assert (f"{dataset}: the column pt_weight_kg (Weight) is not in this dataset (its data "
            "dictionary does not list it: exported by a Casebook before it existed); its "
            "cases are read without it (import --replace keeps the values of the stored "
            "cases it replaces)") in capsys.readouterr().out
    assert main(["--data-dir", str(data), "import", "--replace", str(dataset)]) == 0
    err = capsys.readouterr().err
    assert "Imported 0 case(s), replaced 1, 1 unchanged (left as they were)" in err
    assert WEIGHT_SAID.format(path=dataset, n=2) in err
    cli = open_casebook(data, user="dr.test")
    try:
        patient = cli.cases.open_case(CASE).patient
        assert (patient.weight_kg, patient.height_cm) == (68, 175)
    finally:
        cli.close()


def test_a_deidentified_export_never_clears_the_stored_identifiers(
        casebook: Casebook, reference_cases: list[Case], tmp_path: Path) -> None:
    """Its identifiers, free text and dates were left out by the export options: it is not
    read as an older dataset over stored cases, it replaces none of them (refused whole)."""
    case = reference_cases[0].model_copy(deep=True)
    case.patient.name = "Wei Zhang"
    case.patient.record_number = "MRN-4471"
    casebook.cases.import_cases([case, reference_cases[1]])
    path = tmp_path / "deid"
    DatasetService(casebook.interchange).export(
        path, "csv", options=DeidOptions(drop_identifiers=True, drop_text=True, dates="drop"),
        confirm_all=True)
    before = stored(casebook, tmp_path, "before")
    with pytest.raises(InvalidData) as caught:
        casebook.interchange.import_files([path], "replace", reason="x")
    assert "de-identified" in str(caught.value)
    assert stored(casebook, tmp_path, "after") == before
    patient = casebook.cases.open_case(CASE).patient
    assert (patient.name, patient.record_number) == ("Wei Zhang", "MRN-4471")


def test_without_a_dictionary_replacing_stored_cases_keeps_the_column(
        casebook: Casebook, dataset: Path, tmp_path: Path) -> None:
    """Nothing tells an older export from a column deleted: a case it replaces keeps its
    stored values either way, and it is said; a case it would store new is refused."""
    (dataset / "data_dictionary.csv").unlink()
    drop_columns(dataset / "patient.csv", "pt_weight_kg")
    set_cell(dataset / "patient.csv", CASE, "1", "pt_height_cm", "175")
    report = casebook.interchange.import_files([dataset], "replace")
    assert (report.replaced, report.unchanged) == (1, 1)
    patient = casebook.cases.open_case(CASE).patient
    assert (patient.weight_kg, patient.height_cm) == (68, 175)
    assert report.older == [
        f"{dataset}: the column pt_weight_kg (Weight) is not in this dataset (it has no data "
        "dictionary to tell whether its export wrote it); 2 stored cases keep their values "
        "of it, unchanged (replacing does not clear them); a case imported new has none"]


def test_without_a_dictionary_a_case_stored_new_is_refused(
        dataset: Path, reference_cases: list[Case], tmp_path: Path) -> None:
    (dataset / "data_dictionary.csv").unlink()
    drop_columns(dataset / "patient.csv", "pt_weight_kg")
    one = open_casebook(tmp_path / "one", user="dr.test")  # only the first case: the second
    # is new
    try:
        one.cases.import_cases([reference_cases[0]])
        before = stored(one, tmp_path, "before")
        with pytest.raises(InvalidData) as caught:
            one.interchange.import_files([dataset], "replace")
        assert stored(one, tmp_path, "after") == before
        assert one.cases.open_case(CASE).patient.weight_kg == 68
    finally:
        one.close()
    assert str(caught.value).splitlines()[1:] == [
        "patient.csv: the column pt_weight_kg (Weight) is missing from this file's header "
        "row. Imported without it, its values would be empty in every case imported new (a "
        "stored case it replaces keeps its own: the dataset has no data dictionary to tell "
        "whether the export wrote it), so nothing is imported: put the column back from the "
        "export (with its header as exported) and import again; to clear values on purpose, "
        "keep the column and empty its cells"]


def test_a_nested_table_and_a_record_inside_a_record_keep_theirs(
        casebook: Casebook, dataset: Path) -> None:
    """A drug's frequency (a table inside a treatment line) and the source publication's DOI
    (a record inside the case report): each record keeps its own, at the same row key."""
    before = casebook.cases.open_case(CASE)
    drugs = [a.frequency for line in before.treatment_lines for a in line.administrations]
    assert "weekly" in drugs and before.case_report.source_publication.doi
    old_columns(dataset, "treatment_administrations", "drug_frequency", "drug_frequency_label")
    old_columns(dataset, "case_report", "rep_source_publication_doi")
    set_cell(dataset / "treatment_administrations.csv", CASE, "1.1", "drug_dose", "2.5")
    report = casebook.interchange.import_files([dataset], "replace")
    after = casebook.cases.open_case(CASE)
    assert [a.frequency for line in after.treatment_lines for a in line.administrations] == drugs
    assert after.case_report.source_publication == before.case_report.source_publication
    assert after.treatment_lines[0].administrations[0].dose == 2.5
    assert (report.replaced, report.unchanged) == (1, 1)  # the other case as stored


def test_kept_values_that_do_not_make_a_valid_case_refuse_the_import_whole(
        casebook: Casebook, dataset: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not expected (both cases were valid), but all or nothing: named, nothing stored."""
    import core.services.importing as importing

    def bad_keep(new: dict, old: dict, absent: object) -> bool:
        new["patient"]["weight_kg"] = "heavy"  # what a kept value must never do
        return True
    monkeypatch.setattr(importing, "keep_absent", bad_keep)
    old_columns(dataset, "patient", "pt_weight_kg")
    set_cell(dataset / "patient.csv", CASE, "1", "pt_height_cm", "175")
    before = stored(casebook, tmp_path, "before")
    with pytest.raises(InvalidData) as caught:
        casebook.interchange.import_files([dataset], "replace")
    assert stored(casebook, tmp_path, "after") == before
    assert "Patient › Weight" in str(caught.value)
    assert ("the stored values of the columns this dataset does not hold, kept beside its "
            "values, do not make a valid case") in str(caught.value)


def test_a_row_deleted_and_renumbered_keeps_each_record_its_own_by_its_id(
        casebook: Casebook, dataset: Path) -> None:
    """A statistician deletes the first adverse event of a case and renumbers the second
    (ae_row 2 -> 1, its attribution 2.1 -> 1.1) in an old export without the Treatment
    column: the event left keeps its own stored treatment (none), paired by its record id
    (ae_ae_id 602), not the deleted event's, which sat at its row key."""
    other = "SEED-C2-CAO2023"
    before = casebook.cases.open_case(other)
    assert [(ae.ae_id, ae.treatment) for ae in before.adverse_events] == [
        (601, "antipyretic (paracetamol)"), (602, None)]
    old_columns(dataset, "adverse_events", "ae_treatment")
    old_columns(dataset, "adverse_attribution", "attr_level", "attr_level_label")
    for table, gone, renumbered in (("adverse_events", "1", ("2", "1")),
                                    ("adverse_attribution", "1.1", ("2.1", "1.1"))):
        rows = _rows(dataset / f"{table}.csv")
        rows = [r for r in rows if not (r[0] == other and r[1] == gone)]
        for row in rows:
            if row[0] == other and row[1] == renumbered[0]:
                row[1] = renumbered[1]
        _write(dataset / f"{table}.csv", rows)
    report = casebook.interchange.import_files([dataset], "replace")
    assert report.replaced == 1
    after = casebook.cases.open_case(other)
    assert [(ae.ae_id, ae.treatment) for ae in after.adverse_events] == [(602, None)]
    # its attribution (a table inside the event) keeps its own level too, not 601's
    assert [a.level for a in after.adverse_events[0].attribution] == [
        a.level for a in before.adverse_events[1].attribution] == ["possible"]


def test_the_count_of_cases_kept_reads_in_english() -> None:
    weight = next(c for t in tables() if t.name == "patient" for c in t.columns
                  if c.name == "pt_weight_kg")
    assert absent_text("ds", [weight], 1).endswith(
        "; 1 stored case keeps its values of it, unchanged (replacing does not clear them); "
        "a case imported new has none")
    assert "; 2 stored cases keep their values of it," in absent_text("ds", [weight], 2)
