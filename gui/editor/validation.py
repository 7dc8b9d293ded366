"""Checks one field's new value against the model (length, range, pattern...) before it is
stored, so the edited document always validates as a Case."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from core.model import Case
from core.model.base import Record
from core.model.fieldpath import PathPart, parse_path, value_at
from core.model.lines import stored_text
from core.model.report import INPUT
from gui.editor.store import pruned
from gui.editor.values import InputError

QUOTED = 60  # characters of typed text a message quotes


def model_at(parts: list[PathPart]) -> type[BaseModel] | None:
    """The model of the record at ``parts`` (e.g. ``["labs", 2]`` -> LabResult)."""
    model: type[BaseModel] | None = Case
    for part in parts:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = inner_model(model.model_fields[part].annotation)
    return model


def inner_model(annotation: Any) -> type[BaseModel] | None:
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        for inner in (arg, *getattr(arg, "__args__", ())):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def as_stored(path: str, value: Any) -> Any:
    """``value`` as the case stores it at ``path``: a single-line field's tabs, line breaks and
    other Unicode spaces (a pasted title) one ordinary space, as the model makes them on save
    (core.model.lines), so the field shows at once what is saved."""
    parts = parse_path(path)
    model = model_at(parts[:-1])
    if model is None or not issubclass(model, Record):  # what Record's validation does
        return value
    return stored_text(model, str(parts[-1]), value)


def check_field(doc: dict[str, Any], path: str, value: Any, label: str = "") -> None:
    """Raise InputError when ``value`` does not fit the field at ``path`` (named ``label`` in
    the message)."""
    parts = parse_path(path)
    model = model_at(parts[:-1])
    name = str(parts[-1])
    if model is None or model is Case or value is None:
        return
    record = value_at(doc, parts[:-1])
    candidate = copy.copy(record) if isinstance(record, dict) else {}
    candidate[name] = value
    try:
        model.model_validate(pruned(candidate), context=INPUT)  # as typed: no Day 0 'd30'
    except ValidationError as exc:
        mine = [e for e in exc.errors() if e["loc"] and e["loc"][0] == name]
        if mine:
            raise InputError(plain_error(mine[0], label)) from None


def plain_error(error: Mapping[str, Any], label: str = "") -> str:
    """Pydantic's message for one error in the user's words, naming the field: 'Title: at
    most 250 characters (4,878 typed)' rather than 'String should have at most 250
    characters'; other messages as pydantic words them (a validator's own text included)."""
    ctx = error.get("ctx") or {}
    value = error.get("input")
    kind = error.get("type")
    size = len(value) if isinstance(value, str | list | tuple | dict) else None
    if kind in _LIMITS and _LIMITS[kind][0] in ctx:
        key, bound, unit = _LIMITS[kind]
        limit = int(ctx[key])
        text = f"{bound} {limit:,} {unit if limit != 1 else unit.removesuffix('s')}"
        if size is not None:
            text += f" ({size:,} {'typed' if isinstance(value, str) else 'given'})"
    else:
        text = str(error.get("msg", "not a valid value")).removeprefix("Value error, ")
    return f"{label}: {text}" if label and not text.startswith(label) else text


def elided(text: str, keep: int = QUOTED) -> str:
    """``text`` cut to its first ``keep`` characters and '…' when longer (a quoted paste)."""
    return text if len(text) <= keep else text[:keep].rstrip() + "…"


# pydantic's error type: the ctx key of its limit, and how the message words it
_LIMITS = {"string_too_long": ("max_length", "at most", "characters"),
           "string_too_short": ("min_length", "at least", "characters"),
           "too_long": ("max_length", "at most", "items"),
           "too_short": ("min_length", "at least", "items")}
