"""The reference converter reads a file written with the spec's own field names
(hematology-reference.md §4.6, §4.13, §4.17, §11; CASE-MODEL test metadata), issue 16."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.io.interchange import read_files
from core.io.reference import ConversionError, convert_reference
from tests.conftest import REFERENCE

ROOT = Path(__file__).resolve().parents[2]


def spec_named_file() -> dict:
    """The reference file as the spec writes it: unit-suffixed blood counts, dose
    modifications at the administration, lineage evidence, expected_* keys with notes."""
    doc = json.loads(REFERENCE.read_text(encoding="utf-8"))
    case = doc["cases"][0]
    csf = case["csf_assessments"][2]
    csf.update({"pb_wbc_10e9_L": 12.5, "pb_rbc_10e12_L": 3.1})
    case["csf_assessments"][3]["pb_wbc_10e9_L_nf"] = "not_done"
    vincristine = case["treatment_lines"][0]["administrations"][0]
    vincristine["dose_modifications"] = [
        {"administration_id": 7, "day": 9, "kind": "reduction", "new_dose": 1.0,
         "reason": "other", "reason_text": "neuropathy", "src": "placeholder"}]
    case["diagnoses"][0]["lineage_evidence"] = [201, 301]
    case["expected_cns_status"] = "CNS3"
    case["expected_cns_status_note"] = "relapse episode"
    case["expected_derivations"]["notes"] = "checked by hand"
    case["notes"] = "test notes, not case content"
    return doc


def run_converter(tmp_path: Path, doc: dict) -> subprocess.CompletedProcess[str]:
    src = tmp_path / "spec.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "core.io.reference", str(src),
                           str(tmp_path / "out.json")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_a_file_with_the_specs_names_converts(tmp_path):
    done = run_converter(tmp_path, spec_named_file())
    assert done.returncode == 0, done.stderr
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    case = out["cases"][0]
    assert case["csf_assessments"][2]["pb_wbc_same_day"] == 12.5
    assert case["csf_assessments"][2]["pb_rbc_same_day"] == 3.1
    assert case["csf_assessments"][3]["pb_wbc_same_day_nf"] == "not_done"
    assert "pb_wbc_10e9_L" not in json.dumps(out)
    [mod] = case["treatment_lines"][0]["administrations"][0]["modifications"]
    assert (mod["day"], mod["kind"], mod["new_dose"], mod["reason_text"]) == (
        9, "reduction", 1.0, "neuropathy")
    assert "administration_id" not in mod  # the nesting says which administration
    assert case["diagnoses"][0]["lineage_evidence"] == [201, 301]
    assert not [k for k in case if k.startswith("expected_") or k == "notes"]
    back = read_files([tmp_path / "out.json"])
    assert back.ok, back.problems
    assert back.cases[0].csf_assessments[2].pb_wbc_same_day == 12.5
    assert back.cases[0].diagnoses[0].lineage_evidence == [201, 301]


def test_the_same_field_twice_with_different_values_is_refused(tmp_path):
    doc = spec_named_file()
    doc["cases"][0]["csf_assessments"][2]["pb_wbc_same_day"] = 9.0
    done = run_converter(tmp_path, doc)
    assert done.returncode == 1
    assert ("case SEED-C1-CAO2023, csf_assessments[2].pb_wbc_10e9_L: 'pb_wbc_10e9_L' and "
            "'pb_wbc_same_day' are the same field") in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out.json").exists()


def test_an_unknown_field_is_named_without_a_traceback(tmp_path):
    doc = spec_named_file()
    doc["cases"][1]["csf_assessments"][0]["pb_wbc"] = 3
    done = run_converter(tmp_path, doc)
    assert done.returncode == 1
    assert "case SEED-C2-CAO2023, csf_assessments[0].pb_wbc: unknown field" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_reference_file_itself_is_unchanged_by_the_renaming():
    doc = json.loads(REFERENCE.read_text(encoding="utf-8"))
    before = copy.deepcopy(doc)
    convert_reference(doc)
    assert doc == before
    with pytest.raises(ConversionError, match="list of cases"):
        convert_reference({"cases": {}})
