"""Rule V56's promise: an export holding cases whose consent is not documented (not recorded,
or not obtained) says so where its format has room for it, naming the cases by their id in
the export (never a patient identifier): the CSV dataset in consent_notice.txt, the workbook on
its first sheet, each ODM subject in an annotation (and a comment closing the clinical data),
each FHIR case in its Composition's Informed consent section. ``casebook export`` warns for
every format (JSON too), and still exports with exit code 0."""

from __future__ import annotations

import html
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs
from openpyxl import load_workbook

from core.cli import main
from core.clinical.engine import evaluate
from core.io.consent_notice import FILE_NAME, SHEET, xml_comment
from core.io.deident import Deidentifier, DeidOptions, load_key
from core.model import Case
from tests.core.test_odm_dataset import NS, XSD

CONSENTED = "SEED-C1-CAO2023"
NOT_RECORDED, REFUSED = "SEED-NOCONSENT-1", "SEED-NOCONSENT-2"
WARNING = ("Warning: consent is not documented for 2 of the 3 exported case(s) "
           f"({NOT_RECORDED}, {REFUSED}). Do not publish or share their data until consent "
           "is obtained or waived by an ethics committee, and recorded in the case's Consent "
           "section.")


def without_consent(reference: Case, case_id: str, status: str | None) -> Case:
    doc = reference.to_json_dict()
    doc.update(case_id=case_id, status="draft")
    doc["consent"] = {"status": status} if status else {}
    return Case.model_validate(doc)


@pytest.fixture
def stored(casebook: Any, reference_cases: list[Case]) -> Any:
    first = reference_cases[0]
    casebook.cases.import_cases([first, without_consent(first, NOT_RECORDED, None),
                                 without_consent(first, REFUSED, "not_obtained")])
    return casebook


def export(capsys: pytest.CaptureFixture[str], target: Path, *flags: str) -> list[str]:
    """``casebook export`` of the three cases: its exit code is 0; its stderr's lines."""
    code = main(["export", CONSENTED, NOT_RECORDED, REFUSED, *flags, "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 0, err
    return err.splitlines()


def test_csv_folder_carries_the_notice_and_the_cli_warns(stored: Any, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         data_home: Path) -> None:
    target = tmp_path / "dataset"
    lines = export(capsys, target, "--format", "csv")
    assert lines[-1] == WARNING + f" The export says so in {FILE_NAME}."
    notice = (target / FILE_NAME).read_text(encoding="utf-8-sig")
    assert notice.startswith("Consent not documented\n\n2 of the 3 case(s) in this export "
                             "have no documented consent for publication")
    assert notice.endswith(f"The cases, by their case id in this export:\n{NOT_RECORDED}: "
                           f"consent not recorded\n{REFUSED}: consent not obtained\n")
    assert CONSENTED not in notice
    # the notice is no table: the dataset imports back as it was written
    code = main(["--data-dir", str(tmp_path / "other"), "import", str(target)])
    assert code == 0, capsys.readouterr().err
    assert "Imported 3 case(s)" in capsys.readouterr().err


def test_hashed_zip_names_the_cases_by_their_hash(stored: Any, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  data_home: Path) -> None:
    target = tmp_path / "dataset.zip"
    lines = export(capsys, target, "--format", "csv", "--hash-ids", "--drop-identifiers")
    assert lines[-1].startswith(WARNING)  # the user's own terminal: the ids to correct
    with zipfile.ZipFile(target) as zf:
        notice = zf.read(FILE_NAME).decode("utf-8-sig")
    deid = Deidentifier(DeidOptions(hash_ids=True), load_key(data_home))
    assert "by their case id in this export (a keyed hash of the Casebook id):" in notice
    assert f"{deid.case_id(NOT_RECORDED)}: consent not recorded" in notice
    assert f"{deid.case_id(REFUSED)}: consent not obtained" in notice
    for case_id in (CONSENTED, NOT_RECORDED, REFUSED):
        assert case_id not in notice


def test_workbook_opens_on_the_notice(stored: Any, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cases.xlsx"
    lines = export(capsys, target, "--format", "xlsx")
    assert lines[-1] == WARNING + f" The workbook says so on its first sheet, {SHEET}."
    wb = load_workbook(target)
    assert wb.sheetnames[0] == SHEET and wb.active is not None and wb.active.title == SHEET
    rows = [r[0] for r in wb[SHEET].iter_rows(values_only=True)]
    assert rows[0] == "Consent not documented" and wb[SHEET]["A1"].font.bold
    assert rows[-2:] == [f"{NOT_RECORDED}: consent not recorded",
                         f"{REFUSED}: consent not obtained"]
    assert wb.sheetnames[1] == "case_report" and wb.sheetnames[-1] == "data_dictionary"
    code = main(["--data-dir", str(tmp_path / "other"), "import", str(target)])
    assert code == 0, capsys.readouterr().err


def test_fhir_composition_says_it_per_case(stored: Any, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cases.fhir.json"
    lines = export(capsys, target, "--format", "fhir")
    assert lines[-1] == WARNING + (" Each such case's Composition says so (Informed consent "
                                   "section).")
    bundle = json.loads(target.read_text(encoding="utf-8"))
    consent = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Composition":
            [section] = [s for s in resource["section"] if s["title"] == "Informed consent"]
            consent[resource["identifier"]["value"]] = html.unescape(section["text"]["div"])
    assert "Consent: obtained" in consent[CONSENTED]
    assert "Consent not documented" not in consent[CONSENTED]
    assert ("Consent not documented: consent for publication is not recorded. Do not publish "
            "or share this case's data") in consent[NOT_RECORDED]
    assert "consent for publication is not obtained" in consent[REFUSED]


def test_odm_annotates_each_subject(stored: Any, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cases.odm.xml"
    lines = export(capsys, target, "--format", "odm")
    assert lines[-1] == WARNING + " The file says so in an annotation of each such subject."
    doc = etree.parse(str(target))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(doc), schema.error_log.filter_from_errors()[:5]
    notes = {s.get("SubjectKey"): s.findtext("o:Annotation/o:Comment", namespaces=NS)
             for s in doc.getroot().iterfind(".//o:SubjectData", NS)}
    assert notes[CONSENTED] is None
    assert notes[NOT_RECORDED].startswith("Consent not documented: consent for publication "
                                          "is not recorded.")
    assert "is not obtained" in notes[REFUSED]
    [comment] = [c.text for c in doc.getroot().iter(etree.Comment)]
    assert f"{NOT_RECORDED}: consent not recorded\n{REFUSED}: consent not obtained" in comment


def test_json_export_warns_and_keeps_its_format(stored: Any, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cases.casebook.json"
    lines = export(capsys, target)
    assert lines[-2:] == ["Exported 3 case(s) to " + str(target) + ".",
                     WARNING + " The JSON file holds each case's consent status as recorded; "
                     "it carries no notice."]
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert set(doc) == {"format", "schema_version", "cases"}  # what every Casebook reads


def test_consented_cases_export_without_notice(stored: Any, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "dataset"
    code = main(["export", CONSENTED, "--format", "csv", "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 0 and "Warning" not in err
    assert not (target / FILE_NAME).exists()


def test_v56_says_what_exports_do(reference_cases: list[Case]) -> None:
    case = without_consent(reference_cases[0], NOT_RECORDED, None)
    [message] = [f.message for f in evaluate(case).findings if f.rule_id == "V56"]
    assert message == ("Consent is not documented (obtained, or waived by an ethics "
                       "committee): the case cannot be completed, its PDFs and dataset exports "
                       "(CSV, Excel, FHIR, ODM) carry a 'consent not documented' notice, and "
                       "exporting it (as a dataset or as JSON) shows a warning")


def test_xml_comment_never_holds_a_double_hyphen() -> None:
    assert xml_comment(["a---b", "c-"]) == "<!--\na- - -b\nc-\n-->"
