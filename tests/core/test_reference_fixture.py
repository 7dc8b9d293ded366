"""The reference cases convert, import, export and re-import losslessly (CASE-MODEL.md)."""

from __future__ import annotations

import json

from core.io.interchange import export_document, read_files
from core.io.reference import TEST_METADATA, convert_reference
from core.model.fieldpath import flatten, parse_path
from tests.conftest import REFERENCE, REFERENCE_CASEBOOK

CODED = {"icd10_who", "icd10_cm", "icdo3_morphology", "icdo3_topography"}
DERIVED = {"bcr_abl1_protein", "dose_abs_per_admin", "value_canonical", "unit_canonical"}


def _expected_path(path: str, value: object) -> str | None:
    """Where a reference leaf lives in the export; None when it is not case content."""
    parts = parse_path(path)
    names = [p for p in parts if isinstance(p, str)]
    if names[-1] in DERIVED or value is None:
        return None
    if names[:2] == ["case_report", "record_status"]:
        return "status"
    if names[-1] in CODED:
        return path + ".code"
    return path


def _reference_cases() -> list[dict]:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))["cases"]


def test_fixture_is_current_conversion_of_reference():
    converted = convert_reference(json.loads(REFERENCE.read_text(encoding="utf-8")))
    fixture = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))
    assert converted == fixture


def test_every_reference_leaf_appears_unchanged_in_export():
    exported = {c["case_id"]: flatten(c) for c in
                json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"]}
    checked = 0
    for ref in _reference_cases():
        leaves = flatten({k: v for k, v in ref.items() if k not in TEST_METADATA})
        out = exported[ref["case_id"]]
        for path, value in leaves.items():
            if path.startswith("timeline"):
                continue  # automatic timeline events are derived (tests/data/README.md)
            target = _expected_path(path, value)
            if target is None:
                continue
            expected = {"final": "complete", "exported": "complete"}.get(value, value) \
                if target == "status" else value
            assert target in out, f"{ref['case_id']}: {path} missing from the export"
            assert out[target] == expected, f"{ref['case_id']}: {path} changed"
            checked += 1
    assert checked > 1000


def test_reference_timeline_is_all_automatic():
    for ref in _reference_cases():
        assert all(e["auto"] for e in ref["timeline"])


def test_import_export_reimport_identical(casebook, tmp_path):
    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    first = tmp_path / "first.json"
    casebook.interchange.export_cases(first)
    stored = {c["case_id"]: c for c in json.loads(first.read_text(encoding="utf-8"))["cases"]}
    fixture = {c["case_id"]: c for c in
               json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"]}
    for case_id, doc in fixture.items():
        got = dict(stored[case_id])
        assert got.pop("version") == 1
        doc = dict(doc)
        doc.pop("version", None)
        assert got == doc
    again = read_files([first])
    assert again.ok
    assert export_document(again.cases) == json.loads(first.read_text(encoding="utf-8"))
