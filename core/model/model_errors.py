"""The model's complaints about a case (pydantic's errors) in a clinician's words, each at its
field as the editor's section list leads to it: "Patient › Sex: should be 'female', 'male',
'other' or 'unknown' (got "F")", not "patient.sex: Input should be ... [type=literal_error,
input_value='F', input_type=str] For further information visit https://errors.pydantic.dev/...".

One wording for the command line's validate and import (a file the model cannot read) and for a
stored case the model cannot read any more (``core.store.repository``). The field path itself
stays where programs read it (``casebook validate --json``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from core.model.base import is_bookkeeping
from core.model.case import Case
from core.model.editor_sections import section_path
from core.model.fieldpath import PathPart, error_path, format_path, parse_path
from core.model.labels import inner_model

QUOTED = 60  # characters of a value a message quotes

# pydantic's error types that say what a value should be, in plain words
_SHOULD_BE = {
    "int_parsing": "should be a whole number", "int_type": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_parsing": "should be a number", "float_type": "should be a number",
    "finite_number": "should be a number",
    "bool_parsing": "should be true or false", "bool_type": "should be true or false",
    "string_type": "should be a text", "list_type": "should be a list of entries",
    "model_type": "should be a group of fields (a JSON object)",
    "dict_type": "should be a group of fields (a JSON object)",
    "model_attributes_type": "should be a group of fields (a JSON object)",
    "date_parsing": "should be a date (YYYY-MM-DD)", "date_type": "should be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "should be a date (YYYY-MM-DD)",
    "datetime_parsing": "should be a date and time", "datetime_type": "should be a date and time",
    "json_invalid": "is not valid JSON", "json_type": "is not valid JSON",
}
# pydantic's limits: the ctx key of the limit and how the message words it
_LIMITS = {"string_too_long": ("max_length", "at most", "characters"),
           "string_too_short": ("min_length", "at least", "characters"),
           "too_long": ("max_length", "at most", "entries"),
           "too_short": ("min_length", "at least", "entries")}
_BOUNDS = {"greater_than_equal": ("ge", "should be at least"),
           "greater_than": ("gt", "should be more than"),
           "less_than_equal": ("le", "should be at most"),
           "less_than": ("lt", "should be less than")}


def error_message(error: Mapping[str, Any], *, value_word: str = "got") -> str:
    """What is wrong, in words, with the value quoted when it is short and plain: 'should be a
    whole number (got "old")'. ``value_word``: how the value is introduced ('got', 'stored')."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "this field is required"
    if kind in _LIMITS and _LIMITS[kind][0] in ctx:
        key, bound, unit = _LIMITS[kind]
        limit = int(ctx[key])
        text = f"should hold {bound} {limit:,} {unit if limit != 1 else unit[:-1]}"
        if isinstance(value, str | list | tuple | dict):
            text += f" ({len(value):,} given)"
        return text
    if kind in _BOUNDS and _BOUNDS[kind][0] in ctx:
        key, words = _BOUNDS[kind]
        text = f"{words} {ctx[key]}"
    elif kind in _SHOULD_BE:
        text = _SHOULD_BE[kind]
    else:
        text = str(error.get("msg") or "is not a valid value").removeprefix("Value error, ")
        if text.startswith("Input should be "):
            text = "should be " + text.removeprefix("Input should be ")
        elif text.startswith("Input "):  # "Input is ...": the value is what the field holds
            text = text.removeprefix("Input ")
    if kind == "json_invalid" or not _plain(value) or _quoted(text, value):
        return text
    return f"{text} ({value_word} {_shown(value)})"


def error_place(loc: Sequence[PathPart]) -> str:
    """The field of an error location in words from its section ("Treatment › Treatment lines
    › row 1 › Administrations › row 3 › Route"); for an unknown field the place that holds it
    ("whole case" at the top of the case). Rows are named by their place in the document
    read."""
    return _section_path(error_path(_model_parts(loc)))


def path_place(path: str) -> str:
    """The field at ``path`` in words ("Patient › Sex"; a last key the model does not have by
    its name, "Figures › row 3 › file content"), or "" when the path is not a path of the
    model (an odd key: the path itself says it best)."""
    parts = parse_path(path)
    if not parts or format_path(parts) != path:
        return ""  # an odd key
    known = _model_parts(parts)
    if not known or is_bookkeeping(Case, str(known[0])):
        return ""  # no part of the case; case_id, schema_version...: no field of the form
    rest = parts[len(known):]
    if len(rest) == 1 and isinstance(rest[0], str):  # a key the model does not have
        return _section_path(path)
    if any(isinstance(part, str) for part in rest):
        return ""
    return _section_path(error_path(known))  # lists nested in a value: the field itself


def described(error: Mapping[str, Any], *, value_word: str = "got") -> tuple[str, str]:
    """``error`` as (its field in words, what is wrong): an unknown field is named in the
    message ('unknown field "shoe"'), at the record holding it."""
    kind = str(error.get("type", ""))
    loc = tuple(error.get("loc", ()))
    message = error_message(error, value_word=value_word)
    if kind == "extra_forbidden" and loc and isinstance(loc[-1], str):
        message = f'unknown field "{_clipped(loc[-1])}"'
    place = error_place(loc)
    label = place.rsplit(" › ", 1)[-1]  # a validator's message naming its field: said once
    if label and message.startswith(f"{label}: "):
        message = message[len(label) + 2:]
    return place, message


def error_lines(exc: ValidationError, *, value_word: str = "got", limit: int = 20) -> list[str]:
    """Each of ``exc``'s errors (the first ``limit``) as "<field in words>: <what is wrong>"."""
    out = []
    for error in exc.errors()[:limit]:
        place, message = described(error, value_word=value_word)
        out.append(f"{place}: {message}")
    more = len(exc.errors()) - limit
    if more > 0:
        out.append(f"... and {more} more")
    return out


def _model_parts(loc: Sequence[PathPart]) -> list[PathPart]:
    """``loc`` up to its last field of the model: pydantic adds the branch of a union it tried
    ('int', 'str', 'function-after[...]') after the field, which names nothing a user sees,
    and an unknown field is no field of the model."""
    model: type[BaseModel] | None = Case
    out: list[PathPart] = []
    rows = 1  # the rows a part may still have: one (a list), none past a single value
    for part in loc:
        if isinstance(part, int):
            if rows == 0:
                break
            out.append(part)
            rows -= 1
            continue
        name = str(part)
        if model is None or name not in model.model_fields:
            break
        out.append(name)
        rows = 1 if "list[" in str(model.model_fields[name].annotation) else 0
        model = inner_model(model, name)
    return out


def _section_path(path: str) -> str:
    try:
        return section_path(path)
    except (KeyError, ValueError, TypeError):  # a place the labels do not know: as it is
        return path


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _quoted(message: str, value: Any) -> bool:
    """The message names the value already ("'20/01/2023' is not a date"): not said twice."""
    return isinstance(value, str) and bool(value) and (f"'{value}'" in message
                                                      or f'"{value}"' in message)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(_clipped(value), ensure_ascii=False)
    return json.dumps(value)


def _clipped(text: str) -> str:
    text = "".join(c if c.isprintable() else " " for c in text)
    return text if len(text) <= QUOTED else text[:QUOTED].rstrip() + "…"

