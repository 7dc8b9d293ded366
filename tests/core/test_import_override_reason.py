"""An imported case whose override reason names its patient ("Hans Mustermann agreed", for a
V60 override) is imported as it came (the file is the record: nothing is lost) and the report
names it as a finding, as rule V57 lists identifiers in a text; before, nothing was said. A save
that brings a new such reason is refused (tests/gui/test_override_reason_identifiers.py)."""

from __future__ import annotations

import json
from pathlib import Path

from core.cli import main
from tests.core.rare_combination import C1, OVERRIDE, rare_doc

NAME = "Hans Mustermann"


def test_an_imported_override_reason_naming_the_patient_is_listed(tmp_path: Path,
                                                                 reference_docs, capsys,
                                                                 casebook):
    doc = rare_doc(reference_docs[0])
    doc["patient"]["name"] = NAME
    doc["overrides"] = [{**OVERRIDE, "reason": f"{NAME} agreed"}]
    path = tmp_path / "named.casebook.json"
    path.write_text(json.dumps({"cases": [doc]}), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "Warning: 1 override reason(s) contain one of the patient's identifiers" in err
    assert f"  case {C1}: override V60 (Patient › Subdivision)" in err
    [stored] = casebook.cases.open_case(C1).overrides
    assert stored.reason == f"{NAME} agreed"  # imported as it came

    doc["overrides"] = [OVERRIDE]  # a reason without the name: nothing said
    doc["case_id"] = "SEED-C1-OTHER"
    path.write_text(json.dumps({"cases": [doc]}), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    assert "override reason" not in capsys.readouterr().err
