"""A diagnosis's lineage evidence naming no immunophenotype panel or molecular test of the case
(the PDF printed it as a bare '#999', nothing else said so): rule V33 names it at the field, as
it does a response's Based on (fc50d5d); it blocks Complete, never a draft save; `casebook
validate` counts it as an error; an import names it and still imports the case."""

from __future__ import annotations

import copy
import json

from core.cli import main
from core.clinical import evaluate
from core.model import Case
from tests.conftest import REFERENCE_CASEBOOK

C1 = "SEED-C1-CAO2023"  # immunophenotype panels 201-203, molecular tests 301-306
PATH = "diagnoses[0].lineage_evidence"


def broken(evidence: list[int]) -> dict:
    doc = copy.deepcopy(json.loads(REFERENCE_CASEBOOK.read_text()))
    case = doc["cases"][0]
    assert case["case_id"] == C1
    case["diagnoses"][0]["lineage_evidence"] = evidence
    return doc


def v33(case: Case) -> dict[str, str]:
    return {f.path: f.message for f in evaluate(case).findings
            if f.rule_id == "V33" and f.path.endswith(".lineage_evidence")}


def test_an_id_of_no_panel_or_test_is_an_error_at_its_field():
    case = Case.model_validate(broken([201, 999, 301])["cases"][0])
    found = v33(case)
    assert set(found) == {PATH}
    assert found[PATH].startswith(
        "No immunophenotype panel or molecular test of this case has Id 999")
    assert "More of the row" in found[PATH]
    blockers = [b for b in evaluate(case).blockers if b.rule == "V33"]
    assert len(blockers) == 1  # an error: it blocks Complete (a draft saves with any error)


def test_ids_of_panels_and_tests_the_case_holds_are_no_problem():
    assert v33(Case.model_validate(broken([201, 203, 301, 306])["cases"][0])) == {}


def test_casebook_validate_counts_it(capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken([201, 999])))
    code = main(["validate", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    # the field as the section list leads to it (the path is in --json)
    assert ("Diagnoses & reasoning › Diagnoses › row 1 › Lineage evidence: No immunophenotype "
            "panel or molecular test of this case has Id 999") in out, out


def test_import_names_it_and_imports_the_case(capsys, tmp_path, data_home):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken([201, 999])))
    code = main(["import", str(path)])
    err = capsys.readouterr().err
    assert code == 0 and "Imported 2 case(s)" in err
    assert "Warning: 1 reference(s) name a record the case does not hold" in err
    assert f"case {C1}: Diagnoses & reasoning › Diagnoses › row 1 › Lineage evidence: No " \
           "immunophenotype panel or molecular test of this case has Id 999" in err, err


def test_a_draft_with_it_saves(casebook):
    case = Case.model_validate(broken([999])["cases"][0])
    saved = casebook.cases.save_case(case)
    assert casebook.cases.open_case(saved.case_id).diagnoses[0].lineage_evidence == [999]
