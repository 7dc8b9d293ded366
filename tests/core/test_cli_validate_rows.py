"""``casebook validate`` numbers a table's rows as the editor shows them (by date), not as the
file stores them: the intrathecal vincristine stored first in its line's administrations is the
sixth row down the editor's table (five drugs start on d2, it on d3), and "row 6" is what the
finding and the "Complete: blocked by" line say (they said "row 1"). ``--json`` keeps the path
of the stored row."""

from __future__ import annotations

import json

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK

RAW = "treatment_lines[0].administrations[0].route"
SHOWN = "Treatment › Treatment lines › row 1 › Administrations › row 6 › Route"
STORED = "Treatment › Treatment lines › row 1 › Administrations › row 1 › Route"


def _vincristine_it_first(tmp_path):
    doc = json.loads(REFERENCE_CASEBOOK.read_text())
    admins = doc["cases"][0]["treatment_lines"][0]["administrations"]
    given = admins.pop(5)  # intrathecal, d3
    given.update(drug_inn="vincristine", atc="L01CA02")
    admins.insert(0, given)
    path = tmp_path / "vinca-first.json"
    path.write_text(json.dumps(doc))
    return path


def test_validate_numbers_rows_as_the_editor_shows_them(capsys, tmp_path):
    assert main(["validate", str(_vincristine_it_first(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert f"error   V42 SEED-C1-CAO2023 {SHOWN}: Vincristine must never" in out
    assert f"    - {SHOWN}: Vincristine must never" in out  # Complete: blocked by
    assert STORED not in out


def test_validate_json_keeps_the_stored_path(capsys, tmp_path):
    assert main(["validate", "--json", str(_vincristine_it_first(tmp_path))]) == 1
    case = json.loads(capsys.readouterr().out)["cases"][0]
    assert [f["path"] for f in case["findings"] if f["rule_id"] == "V42"] == [RAW]
