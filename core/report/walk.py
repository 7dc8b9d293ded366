"""Walking a case generically, from the model's own fields and metadata."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from core.model import Record, field_meta, is_bookkeeping
from core.model.fieldpath import PathPart, format_path
from core.model.report import Author, CaseReport, Reference


def is_patient_data(model: type[BaseModel], name: str) -> bool:
    """False for bookkeeping, the case report's publication metadata and the authors and
    references of the manuscript (not the patient's): never scanned for
    identifiers, never masked."""
    return not (is_bookkeeping(model, name)
                or issubclass(model, CaseReport) and name == "source_publication"
                or issubclass(model, Author | Reference) and name != "note")


@cache
def is_enum(model: type[BaseModel], name: str) -> bool:
    """True when the field holds a vocabulary code (a Literal), possibly in a list."""
    return _has_literal(model.model_fields[name].annotation)


def _has_literal(annotation: Any) -> bool:
    if typing.get_origin(annotation) is Literal:
        return True
    return any(_has_literal(arg) for arg in typing.get_args(annotation))


@cache
def is_identifier(model: type[BaseModel], name: str) -> bool:
    return bool(field_meta(model, name).get("identifier"))


def _holds(annotation: Any, wanted: type) -> bool:
    """True when a field annotation can hold a ``wanted`` (or a subclass), even in a list."""
    if isinstance(annotation, type) and issubclass(annotation, wanted):
        return True
    return any(_holds(arg, wanted) for arg in typing.get_args(annotation))


@cache
def fields_holding(model: type[BaseModel], wanted: type) -> tuple[str, ...]:
    """Names of the fields of ``model`` that can hold a ``wanted`` value."""
    return tuple(n for n, f in model.model_fields.items() if _holds(f.annotation, wanted))


def iter_records(model: BaseModel) -> Iterator[BaseModel]:
    """The model and every model nested in it, depth first."""
    yield model
    for name in fields_holding(type(model), BaseModel):
        for child in _children(getattr(model, name)):
            yield from iter_records(child)


def _children(value: Any) -> list[BaseModel]:
    if isinstance(value, BaseModel):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, BaseModel)]
    return []


def has_placeholders(model: BaseModel) -> bool:
    """Any record in the case marked as placeholder, or listing placeholder fields."""
    return any(isinstance(r, Record) and (r.src == "placeholder" or r.placeholder_fields)
               for r in iter_records(model))


def iter_texts(model: BaseModel, parts: tuple[PathPart, ...] = ()) -> Iterator[tuple[str, str]]:
    """(field path, text) for every free-text value, skipping codes, identifier fields
    (removed wholesale from de-identified output) and fields that are not patient data."""
    for name in _text_fields(type(model)):
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = (*parts, name) if index is None else (*parts, name, index)
            if isinstance(item, str):
                yield format_path(here), item
            elif isinstance(item, BaseModel):
                yield from iter_texts(item, here)


@cache
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Fields that can hold free text or nested records, without codes, identifier fields and
    fields that are not patient data."""
    holding = set(fields_holding(model, str)) | set(fields_holding(model, BaseModel))
    return tuple(n for n in model.model_fields if n in holding and is_patient_data(model, n)
                 and not is_enum(model, n) and not is_identifier(model, n))
