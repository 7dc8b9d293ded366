"""Walking a case generically: every record with its field path, and what each field holds.

Used for the day number of every *when*, the identifier scan of every free text and the
required-field check, so none of them needs to know the sections by name.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel

from core.model.base import field_meta
from core.model.when import When

# Free text that is code-like, or not about the patient: never scanned for identifiers.
NOT_PATIENT_TEXT = frozenset({
    "case_id", "schema_version", "locked_by", "locked_at", "placeholder_fields",
    "inferred_fields", "atc", "icd10", "iscn", "hgvs_p", "hgvs_c", "short", "gene", "marker",
    "fish_probe", "loinc", "file_sha256", "control_gene", "egil_subgroup", "country",
    "subdivision", "cranial_nerve_palsy", "sequences", "additional_abnormalities", "analyte",
    "unit_entered", "unit", "who_haem5_type", "icc_type", "drug_inn", "product", "bsa_method",
    "ethics_reference", "significance", "rule_id", "path", "match", "reason",
})


@dataclass(frozen=True)
class FieldInfo:
    name: str
    kind: Literal["when", "text", "texts", "model", "models", "ints", "other"]
    req: str
    label: str
    narrative: bool
    identifier: bool

    @property
    def is_free_text(self) -> bool:
        return (self.kind in ("text", "texts") and not self.identifier
                and self.name not in NOT_PATIENT_TEXT)


def _unwrap(annotation: Any) -> list[Any]:
    """The non-None alternatives of an annotation, with Annotated[...] removed."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [] if annotation is type(None) else [annotation]


def _kind(annotation: Any) -> str:
    options = _unwrap(annotation)
    if len(options) != 1:
        return "other"
    only = options[0]
    origin = typing.get_origin(only)
    if origin is list:
        inner = _unwrap(typing.get_args(only)[0])
        item = inner[0] if len(inner) == 1 else None
        if item is str:
            return "texts"
        if item is int:
            return "ints"
        return "models" if isinstance(item, type) and issubclass(item, BaseModel) else "other"
    if only is When:
        return "when"
    if only is str:
        return "text"
    if isinstance(only, type) and issubclass(only, BaseModel):
        return "model"
    return "other"


@cache
def fields_of(model: type[BaseModel]) -> tuple[FieldInfo, ...]:
    out = []
    for name, info in model.model_fields.items():
        if name == "nf":
            continue
        meta = field_meta(model, name)
        out.append(FieldInfo(name, _kind(info.annotation), str(meta.get("req", "O")),  # type: ignore[arg-type]
                             str(meta["label"]), bool(meta.get("narrative")),
                             bool(meta.get("identifier"))))
    return tuple(out)


def records(obj: BaseModel, path: str = "") -> list[tuple[str, BaseModel]]:
    """Every model inside ``obj`` (``obj`` first), with its field path."""
    out = [(path, obj)]
    for f in _nested_fields(type(obj)):
        value = getattr(obj, f.name, None)
        if value is None:
            continue
        sub = f"{path}.{f.name}" if path else f.name
        if f.kind == "model":
            out += records(value, sub)
        else:
            for i, item in enumerate(value):
                out += records(item, f"{sub}[{i}]")
    return out


@cache
def free_text_fields(model: type[BaseModel]) -> tuple[FieldInfo, ...]:
    return tuple(f for f in fields_of(model) if f.is_free_text)


@cache
def required_fields(model: type[BaseModel]) -> tuple[FieldInfo, ...]:
    return tuple(f for f in fields_of(model) if f.req == "R")


@cache
def _nested_fields(model: type[BaseModel]) -> tuple[FieldInfo, ...]:
    return tuple(f for f in fields_of(model) if f.kind in ("model", "models"))


@cache
def fields_of_kind(model: type[BaseModel], kinds: frozenset[str]) -> tuple[FieldInfo, ...]:
    return tuple(f for f in fields_of(model) if f.kind in kinds)


def iter_fields(items: list[tuple[str, BaseModel]], kinds: frozenset[str]
                ) -> Iterator[tuple[str, BaseModel, FieldInfo, Any]]:
    """(path of the field, its record, field info, value) for fields of the given kinds."""
    for path, record in items:
        for f in fields_of_kind(type(record), kinds):
            value = getattr(record, f.name)
            if value is not None:
                yield (f"{path}.{f.name}" if path else f.name), record, f, value
