"""The JSON Schema (Draft 2020-12) of the interchange format, generated from the case model.

``case_schema()`` describes one case, ``file_schema()`` a whole file
(``{"format": "casebook", "schema_version": ..., "cases": [...]}``). Both are built from the
pydantic model, never from a list of fields, and add what the model accepts besides its
fields: a ``<field>_nf`` missing-value reason beside every field of a record, the derived keys
import accepts and ignores, a coded value given as its bare code, and the reference format's
``case_report.record_status``. The limits of ``core.io.screening`` that a schema can state
(text length, number size) are stated; the rest stay the importer's (README lists them).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from core.io.embedded import CONTENT_KEY
from core.io.interchange import FORMAT, KNOWN_SCHEMA_VERSIONS
from core.io.screening import MAX_MAGNITUDE, MAX_TEXT
from core.model import MISSING_REASONS, SCHEMA_VERSION, Case, Coded, Record

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CASE_ID = f"urn:casebook:schema:{SCHEMA_VERSION}:case"
FILE_ID = f"urn:casebook:schema:{SCHEMA_VERSION}:file"
MISSING_REASON_DEF = "MissingReason"
_REASON_REF = {"$ref": f"#/$defs/{MISSING_REASON_DEF}"}
_REASON_MARK = "casebook:missing-reason"  # replaced by _REASON_REF once pydantic is done
_LEGACY_STATUS = ["draft", "complete", "locked", "final", "exported"]


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, plus the keys Casebook's records accept besides their fields."""

    def model_schema(self, schema: Any) -> dict[str, Any]:
        out = super().model_schema(schema)
        cls = schema["cls"]
        if isinstance(cls, type) and issubclass(cls, Record):
            _add_record_keys(cls, out)
        if cls is Coded:
            head: dict[str, Any] = {key: out.pop(key) for key in ("title", "description")
                                    if key in out}
            return {**head, "anyOf": [{"type": "string", "maxLength": MAX_TEXT,
                                       "description": "the code alone"}, out]}
        return out

    def int_schema(self, schema: Any) -> dict[str, Any]:
        return _bounded(super().int_schema(schema))

    def float_schema(self, schema: Any) -> dict[str, Any]:
        return _bounded(super().float_schema(schema))

    def str_schema(self, schema: Any) -> dict[str, Any]:
        out = super().str_schema(schema)
        out.setdefault("maxLength", MAX_TEXT)
        return out


def _bounded(out: dict[str, Any]) -> dict[str, Any]:
    """Import refuses numbers beyond +-10^15 (core.io.screening)."""
    out.setdefault("minimum", -MAX_MAGNITUDE)
    out.setdefault("maximum", MAX_MAGNITUDE)
    return out


def _add_record_keys(cls: type[Record], out: dict[str, Any]) -> None:
    props: dict[str, Any] = out.get("properties", {})
    props.pop("nf", None)  # the model's internal form of the <field>_nf keys
    for name in cls.model_fields:
        if name != "nf" and f"{name}_nf" not in props:
            props[f"{name}_nf"] = {_REASON_MARK: True}
    for key in cls.DERIVED_KEYS:
        props.setdefault(key, {"description": "derived by Casebook: accepted and ignored on "
                                              "import (it is recomputed)", "readOnly": True})


def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(schema_generator=_Generator, mode="validation")
    for record in schema.get("$defs", {}).values():
        props = record.get("properties") or {}
        for key, value in props.items():
            if isinstance(value, dict) and value.get(_REASON_MARK):
                props[key] = dict(_REASON_REF)
    return schema


def case_schema() -> dict[str, Any]:
    """The JSON Schema of one case, with ``$schema`` and ``$id``."""
    schema = _model_schema(Case)
    defs = schema.setdefault("$defs", {})
    defs[MISSING_REASON_DEF] = {
        "type": "string", "enum": list(MISSING_REASONS),
        "description": "why the field beside it (<field>_nf) has no value"}
    props = schema["properties"]
    props["schema_version"] = {"enum": list(KNOWN_SCHEMA_VERSIONS), "default": SCHEMA_VERSION,
                               "title": "Schema Version"}
    defs["Attachment"]["properties"][CONTENT_KEY] = {
        "type": "string", "contentEncoding": "base64",
        "description": "the attached file's bytes (an export carries them; import checks them "
                       "against file_sha256 and puts them into the data folder)"}
    report = defs["CaseReport"]["properties"]
    report.setdefault("record_status", {
        "enum": _LEGACY_STATUS, "deprecated": True,
        "description": "reference format: read as the case's status when it has none "
                       "(final and exported become complete)"})
    return {"$schema": DIALECT, "$id": CASE_ID, **schema}


def file_schema() -> dict[str, Any]:
    """The JSON Schema of a whole interchange file; the case schema is in its ``$defs``."""
    case = case_schema()
    defs = case.pop("$defs")
    for key in ("$schema", "$id"):
        case.pop(key)
    defs["Case"] = case
    versions = list(KNOWN_SCHEMA_VERSIONS)
    return {
        "$schema": DIALECT,
        "$id": FILE_ID,
        "title": "Casebook file",
        "description": "A Casebook interchange file: the cases and the schema version they "
                       "follow (import also accepts a single case object: see the case schema)",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "schema_version": {"enum": versions, "default": SCHEMA_VERSION},
            "exported_at": {"type": "string", "maxLength": MAX_TEXT,
                            "description": "when the file was written (informational)"},
            "cases": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Case"}},
        },
        "required": ["cases"],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text(schema: dict[str, Any]) -> str:
    """The schema as JSON text with sorted keys (the same model gives the same text)."""
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True)
