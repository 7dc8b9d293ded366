"""Rule V60's rare combination (an age at Day 0 of 90 or over with a subdivision) in a stored
case, shared by the tests of the de-identified outputs, the CLI's advice and
--drop-rare-subdivision (and the app's tests of the same)."""

from __future__ import annotations

import json
from pathlib import Path

from core.cli import main

C1 = "SEED-C1-CAO2023"
LEFT_OUT = "[left out: rare combination with the age]"
OVERRIDE = {"rule_id": "V60", "path": "patient.subdivision", "match": "CN-JS",
            "reason": "the family agreed to name the province"}


def rare_doc(doc: dict, confirmed: bool = False) -> dict:
    doc = json.loads(json.dumps(doc))
    doc["patient"].update(age_at_day0=93, age_top_coded=True, subdivision="CN-JS")
    if confirmed:
        doc["overrides"] = [*(doc.get("overrides") or []), OVERRIDE]
    return doc


def export_stopped(tmp_path: Path, capsys) -> tuple[Path, str]:
    """A de-identified CSV export that stops at the rare combination (exit 1): the folder it
    was to write and what it said on stderr."""
    capsys.readouterr()
    out = tmp_path / "deid"
    assert main(["export", "--format", "csv", "--drop-identifiers", "-o", str(out)]) == 1
    return out, capsys.readouterr().err
