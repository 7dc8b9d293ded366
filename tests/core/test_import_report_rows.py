"""``casebook import``'s report numbers a table's rows as the editor shows them (by date), not
in the file's stored order: a broken basis on the CNS remission of d229 stored first among the
responses is "Response assessments › row 5" (after the four earlier ones, first of the d229
rows as entered), and a case the
file calls complete whose intrathecal vincristine is stored first in its line is stored as a
draft "(V42 Treatment › Treatment lines › row 1 › Administrations › row 6 › Route: ...)"; both
said "row 1"."""

from __future__ import annotations

import json

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK

C1 = "SEED-C1-CAO2023"


def _file(tmp_path, mutate) -> str:
    doc = json.loads(REFERENCE_CASEBOOK.read_text())
    mutate(doc["cases"][0])
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc))
    return str(path)


def _broken_basis_first(case) -> None:
    responses = case["response_assessments"]
    remission = responses.pop(5)  # d229: d30, d30, d120, d196, then four of d229
    remission["basis_refs"] = {"csf": [403, 1], "mrd_days": [31]}
    responses.insert(0, remission)


def _vincristine_it_first(case) -> None:
    case["status"] = "complete"
    admins = case["treatment_lines"][0]["administrations"]
    given = admins.pop(5)  # intrathecal, d3, after five drugs of d2
    given.update(drug_inn="vincristine", atc="L01CA02")
    admins.insert(0, given)


def test_a_broken_reference_is_named_at_the_row_the_editor_shows(capsys, tmp_path, data_home):
    assert main(["import", _file(tmp_path, _broken_basis_first)]) == 0
    err = capsys.readouterr().err
    assert (f"case {C1}: Responses › Response assessments › row 5 › Based on › CSF assessment "
            "ids: No CSF assessment of this case has Id 1") in err
    assert "Response assessments › row 1 ›" not in err


def test_a_demoted_case_names_its_blocker_at_the_row_the_editor_shows(capsys, tmp_path,
                                                                      data_home):
    assert main(["import", _file(tmp_path, _vincristine_it_first)]) == 0
    err = capsys.readouterr().err
    assert (f"{C1}: imported as a draft: 1 error blocks 'complete' (V42 Treatment › Treatment "
            "lines › row 1 › Administrations › row 6 › Route: ") in err
    assert "Administrations › row 1 › Route" not in err
