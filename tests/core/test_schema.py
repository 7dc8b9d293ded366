"""The published JSON Schema agrees with export and import, checked by an independent validator
(the jsonschema package, Draft 2020-12): everything export writes is valid, and documents the
importer refuses (type errors, unknown keys, bad missing-value reasons) are invalid too."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from core.cli import main
from core.io.interchange import read_files, write_export
from core.io.schema import DIALECT, case_schema, file_schema
from core.model import MISSING_REASONS, SCHEMA_VERSION, Record
from core.synth import generate_cases
from tests.conftest import REFERENCE_CASEBOOK

GENERATED = 500  # written by export; validated: the first FIRST and a cover (_chosen)
FIRST = 20


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, doc: Any) -> list[str]:
    return [f"{e.json_path}: {e.message[:300]}" for e in validator.iter_errors(doc)]


@pytest.fixture(scope="module")
def case_validator() -> Draft202012Validator:
    return _validator(case_schema())


@pytest.fixture(scope="module")
def file_validator() -> Draft202012Validator:
    return _validator(file_schema())


def _refused_by_import(tmp_path: Path, doc: Any) -> list[str]:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return [str(p) for p in read_files([path]).problems]


def test_the_schema_names_its_dialect_and_version():
    for schema in (case_schema(), file_schema()):
        assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
        assert SCHEMA_VERSION in schema["$id"]
    assert case_schema()["$id"] != file_schema()["$id"]
    assert case_schema()["title"] == "Case"


def _enum_values(schema: Any, out: set[str]) -> set[str]:
    """Every value an enum or const of the schema names, as JSON text."""
    if isinstance(schema, dict):
        enum = schema.get("enum")
        for value in enum if isinstance(enum, list) else []:
            out.add(json.dumps(value))
        if "const" in schema:
            out.add(json.dumps(schema["const"]))
        for value in schema.values():
            _enum_values(value, out)
    elif isinstance(schema, list):
        for value in schema:
            _enum_values(value, out)
    return out


def _shapes(doc: Any, path: str, enums: set[str], out: set[tuple[Any, ...]]) -> None:
    """What a validator checks a value by: where it sits (list items as []), its JSON type,
    an empty list, a value an enum names, a date's precision and a number's sign."""
    if isinstance(doc, dict):
        out.add((path, "object"))
        for key, value in doc.items():
            _shapes(value, f"{path}.{key}", enums, out)
    elif isinstance(doc, list):
        out.add((path, "array", not doc))
        for value in doc:
            _shapes(value, f"{path}[]", enums, out)
    elif isinstance(doc, str) and re.fullmatch(r"[\d-]+", doc):  # a date, whole or partial
        out.add((path, "str", re.sub(r"\d", "9", doc)))
    elif isinstance(doc, (int, float)) and not isinstance(doc, bool):  # against a minimum
        out.add((path, type(doc).__name__, (doc > 0) - (doc < 0)))
    else:
        text = json.dumps(doc)
        out.add((path, type(doc).__name__, text if text in enums else None))


def _chosen(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first FIRST cases, and then, one by one, the case that adds the most of what the
    others hold (_shapes) and the chosen do not, until the chosen hold all of it: every field
    of the 500 with every JSON type, enum value, date precision and sign it takes there, in
    some 35 cases instead of 500 (validating each took 0.1 s)."""
    enums = _enum_values(case_schema(), set())
    shapes: list[set[tuple[Any, ...]]] = []
    for case in cases:
        shapes.append(set())
        _shapes(case, "", enums, shapes[-1])
    chosen = list(range(FIRST))
    held = set().union(*shapes[:FIRST])
    missing = set().union(*shapes) - held
    while missing:
        best = max(range(len(cases)), key=lambda i: len(shapes[i] & missing))
        chosen.append(best)
        missing -= shapes[best]
    assert len(chosen) < len(cases) / 5  # the cover is small: the point of choosing
    return [cases[i] for i in sorted(chosen)]


def test_every_case_of_an_export_is_valid(casebook, tmp_path, case_validator, file_validator):
    """Both reference cases, imported and exported by the app, and 500 generated cases: each
    field with each JSON type and enum value found in them (_chosen)."""
    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    exported = tmp_path / "reference-export.json"
    assert casebook.interchange.export_cases(exported) == 2
    generated = tmp_path / "generated.json"
    assert write_export(generated, generate_cases(GENERATED, seed=7)) == GENERATED
    checked = 0
    for path in (exported, generated):
        doc = json.loads(path.read_text(encoding="utf-8"))
        head = {key: value for key, value in doc.items() if key != "cases"}
        assert _errors(file_validator, {**head, "cases": doc["cases"][:1]}) == []
        cases = doc["cases"] if path == exported else _chosen(doc["cases"])
        for case in cases:
            assert _errors(case_validator, case) == [], case["case_id"]
            checked += 1
    assert FIRST + 2 < checked < GENERATED / 5
    # the reference cases carry the missing-value reasons the old schema did not declare
    reference = json.loads(exported.read_text(encoding="utf-8"))["cases"]
    assert any(key.endswith("_nf") for case in reference for key in case["case_report"])


def test_the_file_schema_holds_the_case_schema():
    case, whole = case_schema(), file_schema()
    defs = whole["$defs"]
    assert defs.pop("Case") == {k: v for k, v in case.items()
                                if k not in ("$defs", "$schema", "$id")}
    assert defs == case["$defs"]
    assert whole["additionalProperties"] is False


def test_every_record_field_has_its_missing_value_sibling():
    """Generated from the model: a field added to a record gets its <field>_nf too."""
    schema = case_schema()
    defs = schema["$defs"]
    assert defs["MissingReason"]["enum"] == list(MISSING_REASONS)
    records = {cls.__name__: cls for cls in _subclasses(Record)}
    seen = 0
    for name, body in defs.items():
        cls = records.get(name)
        if cls is None:
            continue
        for field in cls.model_fields:
            if field == "nf":
                assert "nf" not in body["properties"]
                continue
            assert body["properties"][f"{field}_nf"] == {"$ref": "#/$defs/MissingReason"}
        seen += 1
    assert seen >= 30


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return out


def test_schema_output_is_deterministic_and_sorted(capsys):
    texts = []
    for args in (["schema"], ["schema"], ["schema", "--wrapper"]):
        assert main(args) == 0
        texts.append(capsys.readouterr().out)
    assert texts[0] == texts[1]
    assert json.loads(texts[0])["$id"] == case_schema()["$id"]
    whole = json.loads(texts[2])
    assert whole["$id"] == file_schema()["$id"]
    assert list(whole) == sorted(whole) and list(whole["$defs"]) == sorted(whole["$defs"])


def _reference_case() -> dict[str, Any]:
    return json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][0]


def _wrapped(case: dict[str, Any]) -> dict[str, Any]:
    return {"format": "casebook", "schema_version": SCHEMA_VERSION, "cases": [case]}


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(case: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = case
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return edit


INVALID_CASES = {
    "text where a number goes": _set("patient.age_at_day0", "forty"),
    "text where a list goes": _set("case_report.keywords", "leukemia"),
    "object where a list goes": _set("diagnoses", {"entity": "CML"}),
    "a number out of range": _set("patient.ecog", 7),
    "a number beyond 10^15": _set("patient.weight_kg", 1e16),
    "a value not in the list": _set("patient.sex", "f"),
    "a bad date": _set("diagnoses.0.day", "18/04/2023"),
    "a bad case id": _set("case_id", "nope"),
    "an unknown schema version": _set("schema_version", "9.0.0"),
    "an unknown key in a section": _set("patient.shoe_size", 42),
    "an unknown key in a list item": _set("diagnoses.0.colour", "red"),
    "an unknown key in a case": _set("favourite", True),
    "a missing-value reason not in the list": _set("patient.sex_nf", "forgot"),
    "a missing-value reason that is null": _set("patient.sex_nf", None),
    "a missing-value reason for an unknown field": _set("patient.shoe_size_nf", "unknown"),
    "a missing-value reason in a list item": _set("diagnoses.0.entity_nf", "maybe"),
    "a coded value that is a number": _set("diagnoses.0.icd10_who", 9863),
    "a coded value without its code": _set("diagnoses.0.icd10_who", {"label": "CML"}),
}


@pytest.mark.parametrize("what", sorted(INVALID_CASES))
def test_what_import_refuses_the_schema_refuses(what, tmp_path, case_validator, file_validator):
    case = _reference_case()
    INVALID_CASES[what](case)
    assert _refused_by_import(tmp_path, _wrapped(case)), f"import accepted {what}"
    assert _errors(case_validator, case), f"the case schema accepted {what}"
    assert _errors(file_validator, _wrapped(case)), f"the file schema accepted {what}"


INVALID_FILES = {
    "an unknown top-level key": {"comment": "hello"},
    "cases that are not a list": {"cases": {"a": 1}},
    "no cases": {"cases": []},
    "another format": {"format": "other"},
    "a newer schema version": {"schema_version": "2.0.0"},
    "a case that is not an object": {"cases": ["SEED-1"]},
}


@pytest.mark.parametrize("what", sorted(INVALID_FILES))
def test_a_file_import_refuses_the_file_schema_refuses(what, tmp_path, file_validator):
    doc = _wrapped(_reference_case())
    doc.update(INVALID_FILES[what])
    assert _refused_by_import(tmp_path, doc), f"import accepted {what}"
    assert _errors(file_validator, doc), f"the file schema accepted {what}"


def test_what_import_accepts_besides_the_export_is_valid(tmp_path, case_validator):
    """Forms export does not write but import reads: a bare code, the reference format's
    record_status, derived keys (ignored), and a missing-value reason on any record field."""
    case = _reference_case()
    report = case["case_report"]
    report.pop("record_status", None)
    case.pop("status", None)
    report["record_status"] = "final"
    case["diagnoses"][0]["icd10_who"] = "C92.1"
    case["outcome"]["follow_up_duration_days"] = 412
    for reason, field in zip(MISSING_REASONS, ("sex", "ecog", "country", "ethnicity", "bsa_m2"),
                             strict=True):
        case["patient"].pop(field, None)
        case["patient"][f"{field}_nf"] = reason
    assert _refused_by_import(tmp_path, _wrapped(copy.deepcopy(case))) == []
    assert _errors(case_validator, case) == []
