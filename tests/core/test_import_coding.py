"""An import reads a drug, a response category and an EGIL subgroup as the form reads them
(core.io.import_coding): 'MTX' with no ATC code is stored as methotrexate, L01BA01, as typing
it stores it; 'complete remission' as the category CR. Before, both were kept as written and
V38 ("did you mean 'methotrexate'") and V64 listed them. What is not one entry's name ('CAR-T',
'pemetrexed', 'complete MRD') or has an ATC code already is kept as written, so a file
exported earlier still imports back, and the rules still list it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from core.cli import main
from core.cli.common import EXIT_DATA
from core.clinical import evaluate
from core.io.import_coding import ImportCoding, coded_text
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService
from tests.conftest import REFERENCE_CASEBOOK

C1 = "SEED-C1-CAO2023"
LINE = "treatment_lines[0].administrations"
LINE_WORDS = "Treatment › Treatment lines › row 1 › Administrations"
SAID = ("3 drug names matched to the dictionary; 2 response categories matched to the list; "
        "1 EGIL subgroup matched to the list.")
# each change, as the case's import audit entry and casebook validate list them: each field
# from the editor's section list, its rows numbered as the editor's tables show them
CHANGES = ("'b-ii' → B-II_common at Immunophenotype › Immunophenotype panels › row 1 › EGIL "
           "subgroup; "
           f"Sprycel → dasatinib (L01EA02) at {LINE_WORDS} › row 5 › Drug; "
           f"MTX → methotrexate (L01BA01) at {LINE_WORDS} › row 6 › Drug; "
           f"ara-c → cytarabine (L01BC01) at {LINE_WORDS} › row 7 › Drug; "
           "'complete  Remission' → CR at Responses › Response assessments › row 1 › Category; "
           "'MRD failure' → MRD_failure at Responses › Response assessments › row 2 › Category")


def mapped_doc(status: str = "draft") -> dict[str, Any]:
    """Reference case 1 alone, as another program (or an older Casebook) might write it:
    drugs by abbreviation without an ATC code, categories and a subgroup in words."""
    doc = json.loads(REFERENCE_CASEBOOK.read_text("utf-8"))
    case = doc["cases"][0]
    assert case["case_id"] == C1
    case["status"] = status
    admins = case["treatment_lines"][0]["administrations"]
    assert [a["drug_inn"] for a in admins[3:7]] == [
        "prednisone", "dasatinib", "methotrexate", "cytarabine"]
    admins[5]["drug_inn"] = "MTX"  # -> methotrexate, L01BA01
    del admins[5]["atc"]
    admins[6]["drug_inn"] = "ara-c"  # any case, as the form takes it -> cytarabine, L01BC01
    del admins[6]["atc"]
    admins[4]["drug_inn"] = "Sprycel"  # with dasatinib's own ATC code -> dasatinib
    admins[3]["drug_inn"] = "pemetrexed"  # not in the dictionary: kept, V38 asks
    del admins[3]["atc"]
    case["cellular_therapies"] = [{"product": "CAR-T", "infusion_day": 120}]  # two drugs' name
    responses = case["response_assessments"]
    assert [r["category"] for r in responses[:2]] == ["CR", "MRD_failure"]
    assert responses[6]["category"] == "complete_MRD_response"
    responses[0]["category"] = "complete  Remission"  # -> CR
    responses[1]["category"] = "MRD failure"  # -> MRD_failure
    responses[6]["category"] = "complete MRD"  # only a start of a name: kept, V64 lists it
    case["immunophenotype_panels"][0]["egil_subgroup"] = "b-ii"  # -> B-II_common
    if status == "locked":
        case.update(locked_by="dr.other", locked_at="2024-01-02T10:00:00Z")
    doc["cases"] = [case]
    return doc


def write(tmp_path: Path, doc: dict[str, Any], name: str = "mapped.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def check_stored(case: Case) -> None:
    """Case 1 as ``mapped_doc`` imports it."""
    admins = case.treatment_lines[0].administrations
    assert [(a.drug_inn, a.atc) for a in admins[3:7]] == [
        ("pemetrexed", None), ("dasatinib", "L01EA02"), ("methotrexate", "L01BA01"),
        ("cytarabine", "L01BC01")]
    assert [(c.product, c.atc) for c in case.cellular_therapies] == [("CAR-T", None)]
    categories = [r.category for r in case.response_assessments]
    assert (categories[0], categories[1], categories[6]) == ("CR", "MRD_failure",
                                                             "complete MRD")
    assert case.immunophenotype_panels[0].egil_subgroup == "B-II_common"
    findings = evaluate(case).findings
    assert sorted((f.rule_id, f.path) for f in findings if f.rule_id in ("V38", "V64")) == [
        ("V38", "cellular_therapies[0].atc"), ("V38", f"{LINE}[3].atc"),
        ("V64", "response_assessments[6].category")]


def test_json_import_fills_atc_and_matches_list_values(casebook: Casebook, tmp_path: Path):
    report = casebook.interchange.import_files([write(tmp_path, mapped_doc())])
    assert report.imported == 1
    assert (report.coded.drugs, report.coded.listed) == (3, {"response_category": 2,
                                                             "egil": 1})
    assert coded_text(report.coded) == SAID
    check_stored(casebook.cases.open_case(C1))
    [entry] = [e for e in casebook.audit.history(C1) if e.action == "import"]
    # the stored case is not the file's: its history says how
    assert entry.reason == f"imported from mapped.json; read as the form reads them: {CHANGES}"


def test_dataset_import_maps_the_same(tmp_path: Path, data_home: Path):
    # a case stored with the free text (as imports kept it before), exported as a CSV zip
    before = Case.model_validate(mapped_doc()["cases"][0])
    other = open_casebook(tmp_path / "elsewhere", user="dr.test")
    try:
        other.cases.import_cases([before])  # stored as given: nothing mapped
        assert other.cases.open_case(C1).treatment_lines[0].administrations[5].drug_inn == "MTX"
        DatasetService(other.interchange).export(tmp_path / "ds.zip", "csv")
    finally:
        other.close()
    cb = open_casebook(data_home, user="dr.test")
    try:
        report = cb.interchange.import_files([tmp_path / "ds.zip"])
        assert report.imported == 1 and coded_text(report.coded) == SAID
        check_stored(cb.cases.open_case(C1))
    finally:
        cb.close()


def test_nothing_to_map_says_nothing(casebook: Casebook):
    report = casebook.interchange.import_files([REFERENCE_CASEBOOK])
    assert report.imported == 2 and coded_text(report.coded) is None


def test_an_atc_reason_or_a_locked_case_is_left_as_written():
    case = Case.model_validate(mapped_doc()["cases"][0])
    admin = case.treatment_lines[0].administrations[5]
    admin.nf["atc"] = "unknown"  # a reason given for no ATC code: the file's word
    coding = ImportCoding()
    coding.apply(case)
    assert (admin.drug_inn, admin.atc, coding.drugs) == ("MTX", None, 2)  # Sprycel, Ara-C
    locked = Case.model_validate(mapped_doc("locked")["cases"][0])
    as_read = copy.deepcopy(locked.to_json_dict())
    coding = ImportCoding()
    coding.apply(locked)  # stored as it was signed (or as a draft, if errors block it)
    assert locked.to_json_dict() == as_read and coded_text(coding) is None


def test_singular_words():
    coding = ImportCoding(drugs=1, listed={"egil": 2, "response_category": 1})
    assert coded_text(coding) == ("1 drug name matched to the dictionary; 1 response category "
                                  "matched to the list; 2 EGIL subgroups matched to the list.")


def test_cli_import_says_what_it_mapped(capsys, tmp_path: Path, data_home: Path):
    assert main(["import", str(write(tmp_path, mapped_doc()))]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-2:] == ["Imported 1 case(s), replaced 0, from 1 file(s).", SAID]
    cb = open_casebook(data_home)
    try:
        check_stored(cb.cases.open_case(C1))
    finally:
        cb.close()


def test_validate_reads_the_file_as_import_stores_it(capsys, tmp_path: Path):
    path = write(tmp_path, mapped_doc())
    assert main(["validate", str(path)]) == EXIT_DATA  # CAR-T, pemetrexed, complete MRD...
    out = capsys.readouterr().out
    assert out.startswith(f"note   as import stores them: {SAID[:-1]}\n"
                          f"note   {C1}: {CHANGES}\n")
    findings = out.split(f"{CHANGES}\n", 1)[1]  # the findings: of the values as stored
    assert "MTX" not in findings and "ara-c" not in findings and "Remission" not in findings
    assert "'CAR-T' names more than one drug" in out and "'complete MRD' is not one" in out


def test_a_blank_word_is_not_read_as_a_category():
    """A spreadsheet's "None" or "N/A" for an empty cell is kept as written (V64 lists it),
    not stored as the category it happens to spell: 'none' is No cytogenetic response."""
    case = Case.model_validate(mapped_doc()["cases"][0])
    responses = case.response_assessments
    responses[0].category, responses[1].category = "None", " n/a "
    coding = ImportCoding()
    coding.apply(case)
    assert (responses[0].category, responses[1].category) == ("None", " n/a ")
    assert "response_category" not in coding.listed or coding.listed["response_category"] == 0
    assert {f.path for f in evaluate(case).findings if f.rule_id == "V64"} >= {
        "response_assessments[0].category", "response_assessments[1].category"}
