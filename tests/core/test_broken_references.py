"""A response based on a record the case does not hold (a stranger's report: "CSF assessment
ids" 1, meaning the first CSF row, which has no Id, was stored as a link to no record, and only
the PDF said "record not in this case"): rule V33 names it at the field, `casebook validate`
counts it as an error, an import names it (and still imports the case, as a draft holds any
error), and the field's tooltip says what to type."""

from __future__ import annotations

import copy
import json

import pytest

from core.cli import main
from core.clinical import evaluate
from core.model import Case
from tests.conftest import REFERENCE_CASEBOOK

C1 = "SEED-C1-CAO2023"
BASIS = "response_assessments[5].basis_refs"  # the CNS remission of day 229: csf 403, 405


def reference() -> dict:
    return json.loads(REFERENCE_CASEBOOK.read_text())


def broken(doc: dict) -> dict:
    """Case 1 with its CNS response based on CSF 'assessment 1' and an MRD of day 31."""
    doc = copy.deepcopy(doc)
    case = doc["cases"][0]
    assert case["case_id"] == C1
    case["response_assessments"][5]["basis_refs"] = {"csf": [403, 1], "mrd_days": [31]}
    return doc


def v33(case: Case) -> dict[str, str]:
    return {f.path: f.message for f in evaluate(case).findings
            if f.rule_id == "V33" and ".basis_refs." in f.path}


def test_a_basis_naming_no_record_is_an_error_at_its_field():
    found = v33(Case.model_validate(broken(reference())["cases"][0]))
    assert set(found) == {f"{BASIS}.csf", f"{BASIS}.mrd_days"}
    assert found[f"{BASIS}.csf"].startswith("No CSF assessment of this case has Id 1")
    assert "More of the row" in found[f"{BASIS}.csf"]
    assert "No MRD assessment of this case is on day 31" in found[f"{BASIS}.mrd_days"]
    blockers = [b for b in evaluate(Case.model_validate(broken(reference())["cases"][0]))
                .blockers if b.rule == "V33"]
    assert len(blockers) == 2  # an error: it blocks Complete, never a draft save


@pytest.mark.parametrize("case_index", [0, 1])
def test_the_reference_cases_name_only_their_own_records(case_index):
    assert v33(Case.model_validate(reference()["cases"][case_index])) == {}


def test_casebook_validate_counts_it(capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken(reference())))
    code = main(["validate", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert ("Responses › Response assessments › row 6 › Based on › CSF assessment ids: No CSF "
            "assessment of this case has Id 1") in out


def test_import_names_it_and_imports_the_case(capsys, tmp_path, data_home):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken(reference())))
    code = main(["import", str(path)])
    err = capsys.readouterr().err
    assert code == 0 and "Imported 2 case(s)" in err
    assert "Warning: 2 reference(s) name a record the case does not hold" in err
    assert f"case {C1}: Responses › Response assessments › row 6 › Based on › CSF assessment " \
           "ids: No CSF assessment of this case has Id 1" in err, err


def test_an_import_of_the_reference_cases_has_no_such_warning(casebook):
    report = casebook.interchange.import_files([REFERENCE_CASEBOOK])
    assert (report.references, report.references_count) == ([], 0)


def test_the_tooltip_says_ids_not_day_numbers():
    from core.model.treatment import BasisRefs

    help_text = BasisRefs.model_fields["csf"].json_schema_extra["help"]  # type: ignore[index]
    assert "Id" in help_text and "More of the row" in help_text and "row number" in help_text
    assert "day number" in BasisRefs.model_fields["mrd_days"].json_schema_extra["help"]
