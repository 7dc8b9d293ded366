"""``casebook validate`` names each finding's field as the editor's section list leads to it
(a clinician reads the text output); ``--json``, for programs, keeps the field path."""

from __future__ import annotations

import json

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK

RAW = "treatment_lines[0].administrations[5].route"
IN_WORDS = "Treatment › Treatment lines › row 1 › Administrations › row 6 › Route"


def _vincristine_it(tmp_path):
    """Reference case 1 with its sixth administration (intrathecal) made vincristine: V42."""
    doc = json.loads(REFERENCE_CASEBOOK.read_text())
    given = doc["cases"][0]["treatment_lines"][0]["administrations"][5]
    given.update(drug_inn="vincristine", atc="L01CA02")
    path = tmp_path / "vinca.json"
    path.write_text(json.dumps(doc))
    return path


def test_validate_text_names_the_finding_from_the_section_list(capsys, tmp_path):
    path = _vincristine_it(tmp_path)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"error   V42 SEED-C1-CAO2023 {IN_WORDS}: Vincristine must never" in out
    assert RAW not in out


def test_validate_json_keeps_the_field_path(capsys, tmp_path):
    path = _vincristine_it(tmp_path)
    assert main(["validate", "--json", str(path)]) == 1
    case = json.loads(capsys.readouterr().out)["cases"][0]
    v42 = [f for f in case["findings"] if f["rule_id"] == "V42"]
    assert v42 and v42[0]["path"] == RAW
