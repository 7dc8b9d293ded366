"""A column a dataset's table file does not hold and the import does not ask for: a case the
import replaces (``--replace``, the app's Replace) keeps its stored values of that column.

The missing-column check (``dataset_missing``) refuses a column the dataset's data dictionary
lists (the export wrote it: it was deleted afterwards). A column the dictionary does not list
was never in the dataset: exported by an older Casebook, before the field existed (or its
dictionary row left out with it). Its cases are read without it, and before, a stored case
the import replaced had that field cleared, with no word said. The dataset says nothing of
such a field, so replacing keeps what the stored case holds (its missing-value reason too),
record by record (paired by the record id the file holds, as ``ae_ae_id``, else at the same row
key), and the import's report names the columns
(``absent_text``). A value the file holds replaces the stored one, an emptied cell too; a
case stored new has none. A label or derived column is never read back: not named here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from core.io.dataset_derived import DERIVED_PART
from core.io.dataset_rows import KEPT_PART, field_of, list_levels
from core.io.tables import Column, Table, tables
from core.model import is_record_id

NAMES_SHOWN = 12  # columns a message names (all are kept)


@dataclass(frozen=True)
class AbsentFields:
    """The fields of a table's records that its file has no column for."""

    table: Table
    columns: tuple[Column, ...]  # the columns not in the file (named in the report)
    paths: tuple[tuple[str, ...], ...]  # the fields (in the table's record) not held
    reasons: bool  # the missing-value reasons column is not in the file
    # a dataset without a data dictionary: its file (``where``) may have had the columns
    # deleted, so a case stored new is refused, with ``refusal`` (``dataset_missing``)
    refusal: str = ""
    where: str = ""


def absent_fields(table: Table, header: Sequence[str], refused: Sequence[Column],
                  refusal: str = "", where: str = "") -> AbsentFields | None:
    """The fields of ``table`` whose every column is missing from the header row ``header``
    and was not ``refused`` (deleted after the export); None when there is none.
    ``refusal``: what a case stored new is refused with (``where``: the file), for a dataset
    without a data dictionary."""
    have, gone = set(header), {c.name for c in refused}
    readable = [c for c in table.columns[1:]
                if c.kind != "label" and c.part not in (DERIVED_PART, KEPT_PART)]
    held = {c.path for c in readable if c.name in have}
    absent = [c for c in readable if c.path not in held and c.name not in gone]
    if not absent:
        return None
    paths = tuple(dict.fromkeys(c.path for c in absent if c.part != "nf"))
    return AbsentFields(table, tuple(absent), paths, any(c.part == "nf" for c in absent),
                        refusal, where)


def keep_absent(new: dict[str, Any], old: dict[str, Any],
                absent: Sequence[AbsentFields]) -> bool:
    """Put into the imported case ``new`` (its interchange dict, changed in place) the stored
    case ``old``'s values of the fields the dataset has no column for, in each record the
    two have at the same place; True when one was put."""
    kept = False
    for fields in absent:
        for mine, stored in _records(new, old, fields.table):
            for path in fields.paths:
                kept |= _keep(mine, stored, path, _default(fields.table.name, path))
            if fields.reasons:
                kept |= _keep_reasons(mine, stored)
    return kept


def absent_text(source: str, columns: Sequence[Column], replaced: int, *,
                validating: bool = False, dictionary: bool = True) -> str:
    """What the import (or validate, ``validating``) says of the ``columns`` a dataset does
    not hold; ``replaced``: the stored cases the import replaced (or left as they were),
    which keep their values; ``dictionary``: the dataset has one (which does not list the
    columns), else nothing tells whether its export wrote them."""
    one = len(columns) == 1
    names = ", ".join(f"{c.name} ({c.label})" for c in columns[:NAMES_SHOWN])
    if len(columns) > NAMES_SHOWN:
        names += f" and {len(columns) - NAMES_SHOWN} more"
    it = "it" if one else "them"
    head = (f"{source}: the column {names} is" if one else
            f"{source}: the columns {names} are") + (
        " not in this dataset (its data dictionary does not list "
        f"{it}: exported by a Casebook before {'it' if one else 'they'} existed)" if dictionary
        else " not in this dataset (it has no data dictionary to tell whether its export "
        f"wrote {it})")
    if validating:
        return head + (f"; its cases are read without {it} (import --replace keeps the values "
                       "of the stored cases it replaces)")
    if not replaced:
        return head + "; the cases have none"
    cases = "stored case keeps its" if replaced == 1 else "stored cases keep their"
    return head + (f"; {replaced} {cases} values of {it}, unchanged "
                   "(replacing does not clear them); a case imported new has none")


def _records(new: dict[str, Any], old: dict[str, Any],
             table: Table) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The records of ``table`` in the imported and the stored case, paired at each level by
    their record id where the records have one and the file holds it (``ae_ae_id``: a row
    deleted and the rest renumbered; a record without one, or whose id is not stored, is
    paired with none), else by their place (their row key: the second lab with the second
    lab)."""
    pairs = [(new, old)]
    for depth, (name, is_list) in enumerate(zip(table.location, list_levels(table),
                                                 strict=True)):
        key = _id_key(table.location[:depth + 1]) if is_list else ""
        deeper: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for mine, stored in pairs:
            here, there = mine.get(name), stored.get(name)
            if is_list and isinstance(here, list) and isinstance(there, list):
                here = [a for a in here if isinstance(a, dict)]
                there = [b for b in there if isinstance(b, dict)]
                if key and any(a.get(key) is not None for a in here):
                    by_id = {b[key]: b for b in there if b.get(key) is not None}
                    deeper += [(a, by_id[a[key]]) for a in here if a.get(key) in by_id]
                else:
                    deeper += list(zip(here, there, strict=False))
            elif not is_list and isinstance(here, dict) and isinstance(there, dict):
                deeper.append((here, there))
        pairs = deeper
    return pairs


@cache
def _id_key(location: tuple[str, ...]) -> str:
    """The key of the record id of the records at ``location`` (``ae_id``), or ""."""
    table = next((t for t in tables() if t.location == location), None)
    if table is None:
        return ""
    for column in table.columns[1:]:
        if len(column.path) != 1 or column.kind == "label":
            continue
        found = field_of(table.name, column.name)
        if found is not None and found.owner is not None \
                and is_record_id(found.owner, found.name):
            return column.path[0]
    return ""


def _keep(mine: dict[str, Any], stored: dict[str, Any], path: tuple[str, ...],
          default: Any) -> bool:
    """The stored value at ``path`` (and its missing-value reason) put where the imported
    record holds none (None or the field's default: no column gave it) and no reason."""
    if len(path) > 1:  # a record held inside the record (a publication): made to hold it
        inner, there = mine.get(path[0]), stored.get(path[0])
        if not isinstance(there, dict) or not isinstance(inner, dict | None):
            return False
        inner = {} if inner is None else inner
        put = _keep(inner, there, path[1:], default)
        if put:
            mine[path[0]] = inner
        return put
    key, reason = path[-1], f"{path[-1]}_nf"
    value = mine.get(key)
    if reason in mine or (value is not None and value != default):
        return False  # the file holds a value, or says why there is none
    put = False
    for name in (key, reason):
        if name in stored and mine.get(name) != stored[name]:
            mine[name] = stored[name]
            put = True
    return put


def _keep_reasons(mine: dict[str, Any], stored: dict[str, Any]) -> bool:
    """The stored missing-value reasons kept (the file has no reasons column) where the
    imported record holds what the stored one does for that field (no value) and no
    reason."""
    put = False
    for name, reason in stored.items():
        field = name.removesuffix("_nf")
        if name.endswith("_nf") and name not in mine and mine.get(field) == stored.get(field):
            mine[name] = reason
            put = True
    return put


@cache
def _default(table_name: str, path: tuple[str, ...]) -> Any:
    """The interchange value a field holds when no column gives it (its default)."""
    table = next(t for t in tables() if t.name == table_name)
    column = next(c for c in table.columns if c.path == path)
    found = field_of(table_name, column.name)
    if found is None or found.owner is None:
        return None
    value = found.owner.model_fields[found.name].get_default(call_default_factory=True)
    return value.model_dump(mode="json", exclude_none=True) \
        if isinstance(value, BaseModel) else value
