"""Hostile input never produces a traceback or a partial write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidData
from core.io.interchange import read_files
from tests.conftest import REFERENCE_CASEBOOK


def _count(casebook) -> int:
    return casebook.cases.count_cases()


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _valid_text() -> str:
    return REFERENCE_CASEBOOK.read_text(encoding="utf-8")


HOSTILE = {
    "truncated.json": lambda: _valid_text()[: len(_valid_text()) // 2],
    "empty.json": lambda: "",
    "garbage.bin": lambda: bytes(range(256)) * 40,
    "array.json": lambda: "[1, 2, 3]",
    "number.json": lambda: "42",
    "nested.json": lambda: "[" * 100000 + "]" * 100000,
    "not-cases.json": lambda: json.dumps({"format": "casebook", "cases": "nope"}),
    "wrong-format.json": lambda: json.dumps({"format": "other", "cases": []}),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_with_its_name(casebook, tmp_path, name):
    path = _write(tmp_path, name, HOSTILE[name]())
    with pytest.raises(InvalidData) as info:
        casebook.interchange.import_files([path])
    assert name in str(info.value)
    assert _count(casebook) == 0


def _mutated(mutate) -> str:
    doc = json.loads(_valid_text())
    mutate(doc["cases"][1])
    return json.dumps(doc)


@pytest.mark.parametrize("mutate, path, words", [
    (lambda c: c["patient"].update(age_at_day0="old"), "patient.age_at_day0", "whole number"),
    (lambda c: c["patient"].update(shoe_size=42), "patient.shoe_size", "unknown field"),
    (lambda c: c["csf_assessments"][2].update(wbc_per_uL=[1]), "csf_assessments[2].wbc_per_uL",
     "number"),
    (lambda c: c["labs"][0].update(day="yesterday"), "labs[0].day", "not a date"),
    (lambda c: c.update(status="final!"), "status", "draft"),
    (lambda c: c["treatment_lines"][2]["administrations"][0].update(route="XX"),
     "treatment_lines[2].administrations[0].route", "IV"),
])
def test_wrong_types_and_unknown_fields_report_field_path(casebook, tmp_path, mutate, path, words):
    file = _write(tmp_path, "bad.json", _mutated(mutate))
    with pytest.raises(InvalidData) as info:
        casebook.interchange.import_files([file])
    problems = info.value.problems
    assert any(p.path == path and words in p.message and p.case == "SEED-C2-CAO2023"
               for p in problems), problems
    assert _count(casebook) == 0  # the valid first case was not written either


def test_every_problem_of_every_file_is_reported(tmp_path):
    a = _write(tmp_path, "a.json", _mutated(lambda c: c["patient"].update(sex="x", age_at_day0="y")))
    b = _write(tmp_path, "b.json", "{")
    result = read_files([a, b])
    assert {p.file for p in result.problems} == {str(a), str(b)}
    assert {p.path for p in result.problems if p.file == str(a)} >= {"patient.sex",
                                                                     "patient.age_at_day0"}


def test_duplicate_ids_across_files_are_refused(casebook, tmp_path):
    a = _write(tmp_path, "a.json", _valid_text())
    b = _write(tmp_path, "b.json", _valid_text())
    with pytest.raises(InvalidData, match="twice"):
        casebook.interchange.import_files([a, b])
    assert _count(casebook) == 0


def test_collision_refused_then_replace_and_as_new(casebook, tmp_path):
    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    with pytest.raises(InvalidData, match="already exists"):
        casebook.interchange.import_files([REFERENCE_CASEBOOK])
    report = casebook.interchange.import_files([REFERENCE_CASEBOOK], mode="replace")
    assert (report.replaced, report.unchanged) == (0, 2)  # the same cases: left as they are
    assert casebook.cases.open_case("SEED-C1-CAO2023").version == 1
    doc = json.loads(REFERENCE_CASEBOOK.read_text("utf-8"))
    doc["cases"][0]["case_report"]["title"] = "Changed"
    changed = _write(tmp_path, "changed.json", json.dumps(doc))
    report = casebook.interchange.import_files([changed], mode="replace")
    assert (report.replaced, report.unchanged) == (1, 1)
    assert casebook.cases.open_case("SEED-C1-CAO2023").version == 2  # saved as a new version
    casebook.interchange.import_files([REFERENCE_CASEBOOK], mode="as_new")
    assert _count(casebook) == 4


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
case_keys = st.sampled_from(["case_id", "status", "patient", "case_report", "labs",
                             "csf_assessments", "diagnoses", "treatment_lines", "outcome",
                             "adverse_events", "timeline", "consent", "hsct", "x"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.dictionaries(case_keys, json_values, max_size=6)
       | st.fixed_dictionaries({"cases": st.lists(st.dictionaries(case_keys, json_values,
                                                                  max_size=6), max_size=3)}))
def test_hypothesis_documents_never_raise(tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("h") / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = read_files([path])
    for problem in result.problems:
        assert isinstance(problem.message, str) and problem.message
