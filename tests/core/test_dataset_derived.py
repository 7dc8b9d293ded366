"""The values Casebook's clinical engine derives are columns of the dataset exports (CSV,
Excel, ODM; a statistician's finding: a CNS-leukemia paper's analysis variable, the CNS status
of each CSF sample, was in no export), described in the dictionary and never read back."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from core.io.dataset_csv import write_csv_dataset
from core.io.deident import Deidentifier, DeidOptions
from core.io.odm import write_odm_dataset
from core.io.tables import tables
from core.model import Case
from core.report.derived import evaluate as pdf_derived
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService

KEY = b"k" * 32
NOTE = "derived by Casebook's clinical engine from this case's values (not read on import)"


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_csv_dataset_holds_the_derived_values(tmp_path: Path,
                                                  reference_cases: list[Case]) -> None:
    write_csv_dataset(tmp_path / "out", reference_cases, Deidentifier(DeidOptions(), KEY))
    first = reference_cases[0].case_id
    csf = [r for r in read(tmp_path / "out" / "csf_assessments.csv") if r["case_id"] == first]
    # the PDF's CNS status of the same samples (core.report.derived, by position)
    printed = pdf_derived(reference_cases[0]).cns_status
    assert printed[2] == "CNS3"
    assert [r["csf_cns_status_derived"] for r in csf] == [printed[i] for i in range(len(csf))]
    assert csf[2]["csf_cns_subcategor_derived"] == "CNS3a"
    header = list(csf[0])  # after the record's own columns, before the reasons and kept one
    assert header.index("csf_cns_status_derived") > header.index("csf_blasts_present_cytospi")
    assert header[-2:] == ["csf_nf", "csf_kept"]
    mrd = [r for r in read(tmp_path / "out" / "mrd_assessments.csv") if r["case_id"] == first]
    assert [r["mrd_category_derived"] for r in mrd] == ["positive_ge_1e-4",
                                                         "negative_sufficient"]
    labels = {r["Variable / Field Name"]: r
              for r in read(tmp_path / "out" / "data_dictionary.csv")}
    row = labels["csf_cns_status_derived"]
    assert row["Field Label"] == "CNS status (derived by Casebook)"
    assert row["Form Name"] == "csf_assessments"
    assert NOTE in row["Field Note"]
    assert labels["mrd_category_derived"]["Field Label"] == "MRD category (derived by Casebook)"
    assert labels["ae_crs_grade_derived"]["Field Note"].startswith(NOTE)
    for table in tables():  # every name a REDCap variable: at most 26 characters
        assert all(len(c.name) <= 26 for c in table.columns)


def test_a_deidentified_workbook_and_odm_file_keep_them(tmp_path: Path,
                                                        reference_cases: list[Case]) -> None:
    from core.io.dataset_xlsx import write_xlsx_dataset

    options = DeidOptions(drop_identifiers=True, hash_ids=True, drop_text=True, dates="drop")
    write_xlsx_dataset(tmp_path / "d.xlsx", reference_cases, Deidentifier(options, KEY),
                       confirm_all=True)
    sheet = load_workbook(tmp_path / "d.xlsx", read_only=True)["csf_assessments"]
    rows = list(sheet.iter_rows(values_only=True))
    at = rows[0].index("csf_cns_status_derived")
    assert [r[at] for r in rows[1:4]] == ["CNS1", "CNS1", "CNS3"]
    write_odm_dataset(tmp_path / "d.xml", reference_cases, Deidentifier(options, KEY),
                      confirm_all=True)
    text = (tmp_path / "d.xml").read_text(encoding="utf-8")
    assert 'ItemOID="IT.csf_cns_status_derived" Value="CNS3"' in text
    assert '<ItemDef OID="IT.csf_cns_status_derived"' in text


def test_an_edited_derived_cell_imports_unchanged(casebook: Casebook,
                                                  reference_cases: list[Case],
                                                  tmp_path: Path) -> None:
    casebook.cases.import_cases(reference_cases)
    original = tmp_path / "original.json"
    casebook.interchange.export_cases(original)
    target = tmp_path / "dataset.zip"
    DatasetService(casebook.interchange).export(target, "csv")
    with zipfile.ZipFile(target) as zf:
        members = {n: zf.read(n).decode("utf-8-sig") for n in zf.namelist()}
    text = members["csf_assessments.csv"]
    assert ",CNS3," in text
    members["csf_assessments.csv"] = text.replace(",CNS3,", ",CNS1,")
    edited = tmp_path / "edited.zip"
    with zipfile.ZipFile(edited, "w") as zf:
        for name, body in members.items():
            zf.writestr(name, "\ufeff" + body)
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        report = other.interchange.import_files([edited])
        assert report.imported == 2
        back = tmp_path / "back.json"
        other.interchange.export_cases(back)
        assert back.read_bytes() == original.read_bytes()
    finally:
        other.close()
