"""Leftovers of the de-identified dataset exports: with the free text dropped the case's title
(free text that can name the patient) is left out of CSV, Excel and ODM as FHIR replaces it;
with the identifiers dropped the case's own publication (DOI, PMID, citation: they point at the
published case, so at the patient) is left out of every dataset format."""

from __future__ import annotations

import pytest

from core.io.deident import DeidOptions
from core.io.tables import tables
from core.model.report import SourcePublication
from core.services.datasets import DatasetService
from tests.core.dataset_text import export_text

TITLE = "Lymphoid blast crisis in Mrs Quistorp: a case report"
DOI = "10.9999/casebook.probe.4711"
PMID = "39912345"
CITATION = "Probe A. A lymphoid blast crisis. J Probe Cases. 2024;1:4711."
FORMATS = [("csv", "out"), ("xlsx", "out.xlsx"), ("odm", "out.xml"), ("fhir", "out.json")]


@pytest.fixture
def service(casebook, reference_cases) -> DatasetService:
    case = reference_cases[0].model_copy(deep=True)
    case.case_report.title = TITLE
    case.case_report.source_publication = SourcePublication(
        doi=DOI, pmid=PMID, citation=CITATION, case_label_in_source="Case 2")
    casebook.cases.import_cases([case])
    return DatasetService(casebook.interchange)


@pytest.mark.parametrize("fmt, target", FORMATS)
def test_drop_text_leaves_the_title_out(service, tmp_path, fmt, target):
    if fmt != "fhir":
        assert TITLE in export_text(service, tmp_path, "plain", fmt, target, DeidOptions())
    text = export_text(service, tmp_path, "deid", fmt, target, DeidOptions(drop_text=True))
    assert "Quistorp" not in text


@pytest.mark.parametrize("fmt, target", FORMATS)
def test_drop_identifiers_leaves_the_source_publication_out(service, tmp_path, fmt, target):
    if fmt != "fhir":  # FHIR never carried it
        plain = export_text(service, tmp_path, "plain", fmt, target, DeidOptions())
        assert DOI in plain and PMID in plain and "J Probe Cases" in plain
    text = export_text(service, tmp_path, "deid", fmt, target, DeidOptions(drop_identifiers=True))
    assert DOI not in text and PMID not in text and "J Probe Cases" not in text


def test_dictionary_marks_them():
    report = next(t for t in tables() if t.name == "case_report")
    by_path = {(c.path, c.part): c for c in report.columns}
    assert by_path[(("title",), "value")].narrative
    assert by_path[(("title",), "value")].kind == "text"  # still a one-line text for REDCap
    for name in ("doi", "pmid", "citation", "case_label_in_source"):  # every field of it
        assert by_path[(("source_publication", name), "value")].identifier


def test_scan_skips_a_title_that_is_not_exported(reference_cases):
    from core.io.deident import scan_case

    case = reference_cases[0].model_copy(deep=True)
    case.patient.name = "Hannelore Quistorp"
    case.case_report.title = TITLE
    titled = [h for h in scan_case(case, DeidOptions(hash_ids=True)) if "title" in h.path]
    assert titled  # the probe: the title is scanned when it goes out
    assert not [h for h in scan_case(case, DeidOptions(drop_text=True)) if "title" in h.path]
