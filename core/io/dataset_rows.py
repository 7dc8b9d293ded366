"""A dataset row back to a record, and what the row's columns cannot carry (issue 18).

``rebuild`` turns the cells of one row (as text: the CSV's, or a workbook's cells written as
the CSV writes them) into the record's interchange dict, with a message per cell that cannot
be read (a text in a number column, an unknown code). A calendar date is taken before the day
number; a label column is not read (the code is).

What the columns cannot carry — missing-value reasons (``nf``), provenance and the other
bookkeeping fields, a date entered as a day number whose calendar date is also known, a value
that is not as its column shows it — goes into the row's ``<prefix>_kept`` column of an export
that is not de-identified: the difference between the record and what ``rebuild`` makes of its
row, as compact JSON (``kept_text``); the case report's row also keeps the case's own
bookkeeping (status, version, lock, overrides) under ``~case``, and Day 0's date as exported
under ``~day0`` (``dataset_whens``). Import merges it back
(``merge``), so an export imports back to the same record, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from core.io.dataset_derived import DERIVED_PART
from core.io.dataset_numbers import cell_number
from core.io.dataset_whens import DAY0, DAYS, exported_day0, exported_days
from core.io.tables import DAY0_PATH, LIST_SEP, NF_SEP, Column, Table, tables
from core.model import Case, Coded
from core.model.base import MISSING_REASONS

KEPT_PART = "kept"
DROP = "~drop"  # keys the record does not hold that the columns give, with the value they
# give (an age derived from the birth date): left out on import while the cell still holds it
CASE_KEY = "~case"


@dataclass(frozen=True)
class Field:
    """The model field a column writes: a list of values or one, its type."""

    is_list: bool
    item: Any  # the annotation of the value (of each value of a list)
    codes: dict[str, Any] | None = None  # a Literal item's codes by their text
    owner: Any = None  # the record model holding the field, and the field's name: a
    name: str = ""     # number is read with the field's range (core.io.dataset_numbers)


def _inner(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


@cache
def field_of(table_name: str, col_name: str) -> Field | None:
    table = next(t for t in tables() if t.name == table_name)
    col = next(c for c in table.columns if c.name == col_name)
    model: Any = table.model
    owner: Any = None
    annotation: Any = None
    for name in col.path:
        fields = getattr(model, "model_fields", {})
        if name not in fields:
            return None
        owner, annotation = model, _inner(fields[name].annotation)
        model = annotation
    if typing.get_origin(annotation) is list:
        item = _inner(typing.get_args(annotation)[0])
        return Field(True, item, _codes(item), owner, col.path[-1])
    return Field(False, annotation, _codes(annotation), owner, col.path[-1])


def child_fields(table: Table) -> frozenset[str]:
    """The fields of ``table``'s records that are tables of their own."""
    return _child_fields(table.location)


@cache
def _child_fields(location: tuple[str, ...]) -> frozenset[str]:
    depth = len(location)
    return frozenset(t.location[depth] for t in tables()
                     if len(t.location) > depth and t.location[:depth] == location)


def kept_column(table: Table) -> Column:
    prefix = table.columns[0].name.removesuffix("_row")
    return Column(f"{prefix}_{KEPT_PART}"[:26], "text",
                  f"{table.label}: kept by Casebook (missing-value reasons, provenance...)",
                  part=KEPT_PART)


# -- a row to a record ----------------------------------------------------------------------
def rebuild(table: Table, cells: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The record of a row (``cells``: column name -> text) and the (column, message) of every
    cell that cannot be read."""
    out: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    whens: dict[tuple[str, ...], dict[str, str]] = {}
    for col in table.columns[1:]:
        text = cells.get(col.name, "")
        if col.part in (KEPT_PART, DERIVED_PART) or col.kind == "label" or text == "":
            continue  # a derived value is the engine's, never read back
        if col.kind in ("day", "date"):
            whens.setdefault(col.path, {})[col.kind] = text
            continue
        if col.part == "nf":
            reasons, bad = read_nf(table, text)
            out.update(reasons)
            errors += [(col.name, message) for message in bad]
            continue
        try:
            value = _value(table, col, text)
        except ValueError as exc:
            errors.append((col.name, str(exc)))
            continue
        if col.part in ("code", "label", "system", "version"):  # a Coded value
            _set(out, col.path, {**_get(out, col.path), col.part: value})
        else:
            _set(out, col.path, value)
    for path, parts in whens.items():
        if "date" in parts:
            _set(out, path, parts["date"])
        elif table is tables()[0] and is_own_day(path, parts["day"]):
            continue  # Day 0's own day beside no date (its date dropped): no Day 0 date
        else:
            try:
                _set(out, path, int(parts["day"]))
            except ValueError:
                name = next(c.name for c in table.columns if c.path == path and c.kind == "day")
                errors.append((name, f"'{parts['day']}' is not a day number"))
    return out, errors


def is_own_day(path: tuple[str, ...], day: str) -> bool:
    """Whether ``day`` is Day 0's own day number (0) in the case report's Day 0 columns: it
    says nothing, and is no Day 0 (which is a calendar date) where the date column is not:
    a dataset exported without its dates imports without a Day 0 date."""
    return path == DAY0_PATH and day.strip() == "0"


def read_nf(table: Table, text: str) -> tuple[dict[str, str], list[str]]:
    """A missing-value reasons cell (``value_entered=not_done | dose=unknown``) as the
    record's ``<field>_nf`` keys, and a message per item that cannot be read."""
    reasons = MISSING_REASONS
    fields = table.model.model_fields
    out: dict[str, str] = {}
    bad: list[str] = []
    for item in text.split(LIST_SEP):
        name, sep, reason = (p.strip() for p in item.partition(NF_SEP))
        if not sep or name not in fields or name == "nf":
            bad.append(f"'{item}' is not a field=reason of this table")
        elif reason not in reasons:
            bad.append(f"unknown missing-value reason '{reason}' (one of: {', '.join(reasons)})")
        else:
            out[f"{name}_nf"] = reason
    return out, bad


def _value(table: Table, col: Column, text: str) -> Any:
    found = field_of(table.name, col.name)
    if found is None or found.item is Coded:
        return text
    if found.is_list:
        return [_one(col, found, t) for t in text.split(LIST_SEP)]
    return _one(col, found, text)


def _codes(item: Any) -> dict[str, Any] | None:
    """A Literal's codes by their text (the first of equal texts), or None for another type."""
    if typing.get_origin(item) is not Literal:
        return None
    out: dict[str, Any] = {}
    for code in typing.get_args(item):
        out.setdefault(str(code), code)
    return out


def _one(col: Column, found: Field, text: str) -> Any:
    codes = found.codes
    if codes is not None:
        if text in codes:
            return codes[text]
        shown = ", ".join(str(c) for c in typing.get_args(found.item)[:12])
        raise ValueError(f"unknown code '{text}' (the codes are: {shown})")
    if col.kind == "yesno":
        if text not in ("1", "0"):
            raise ValueError(f"'{text}' is not 1 (yes) or 0 (no)")
        return text == "1"
    if col.kind in ("integer", "number"):  # as the form reads a typed number
        return cell_number(text, found.owner, found.name, whole=col.kind == "integer")
    return text


def _get(out: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for name in path:
        out = out.get(name, {})
    return out


def _set(out: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        out = out.setdefault(name, {})
    out[path[-1]] = value


# -- what the columns cannot carry -----------------------------------------------------------
def kept_text(case: Case, table: Table, record: BaseModel, cells: dict[str, str]) -> str:
    """The row's kept column: ``record`` less what ``rebuild`` makes of ``cells``."""
    skip = child_fields(table)
    whole = record.model_dump(mode="json", exclude_none=True)
    mine = {k: v for k, v in whole.items() if k not in skip}
    rebuilt, _ = rebuild(table, cells)
    diff = difference(mine, rebuilt)
    days = exported_days(table, mine, cells)
    if days:
        diff[DAYS] = days
    if table is tables()[0]:
        sections = {t.location[0] for t in tables()} | {"case_id"}
        own = {k: v for k, v in case.to_json_dict().items() if k not in sections}
        if own:
            diff[CASE_KEY] = own
        day0 = exported_day0(case.case_report.day0)
        if day0:
            diff[DAY0] = day0
    return json.dumps(diff, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False) if diff else ""


def difference(whole: dict[str, Any], rebuilt: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in whole.items():
        if key not in rebuilt:
            out[key] = value
        elif isinstance(value, dict) and isinstance(rebuilt[key], dict):
            sub = difference(value, rebuilt[key])
            if sub:
                out[key] = sub
        elif value != rebuilt[key] or type(value) is not type(rebuilt[key]):
            out[key] = value
    dropped = {k: rebuilt[k] for k in sorted(rebuilt) if k not in whole}
    if dropped:
        out[DROP] = dropped
    return out


def merge(rebuilt: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    drop = kept.get(DROP, ())
    for key in drop:  # an export older than the values kept: a list, left out whatever
        if isinstance(drop, dict) and key in rebuilt and rebuilt[key] != drop[key]:
            continue  # edited in the spreadsheet (the age 42 made 45): taken as typed
        rebuilt.pop(key, None)
    for key, value in kept.items():
        if key in (DROP, CASE_KEY, DAYS, DAY0):
            continue
        if isinstance(value, dict) and isinstance(rebuilt.get(key), dict):
            merge(rebuilt[key], value)
        else:
            rebuilt[key] = value
    return rebuilt


def cell_text(value: Any) -> str:
    """A written cell as the CSV holds it (a workbook's typed cell read back the same way)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def fill_kept(case: Case, table: Table, columns: list[Column], record: BaseModel,
              values: list[Any]) -> None:
    """Write the kept cell (the last of ``values``, one per column after the row key) when
    the export has the kept column."""
    if len(columns) > 1 and columns[-1].part == KEPT_PART:
        cells = {c.name: v if type(v) is str else cell_text(v)  # a CSV's cells are text
                 for c, v in zip(columns[1:], values, strict=True)}
        values[-1] = kept_text(case, table, record, cells)


@cache
def _levels(location: tuple[str, ...]) -> tuple[bool, ...]:
    model: Any = Case
    out: list[bool] = []
    for name in location:
        annotation = _inner(model.model_fields[name].annotation)
        is_list = typing.get_origin(annotation) is list
        out.append(is_list)
        model = _inner(typing.get_args(annotation)[0]) if is_list else annotation
    return tuple(out)


def list_levels(table: Table) -> tuple[bool, ...]:
    """For each field of ``table``'s location, whether it holds a list of records."""
    return _levels(table.location)
