"""The rows of a CSV dataset (and of the Excel and ODM datasets), with the per-column work
decided once per export (issue 20).

``core.io.tables.cell`` and ``core.io.dataset_rows.kept_text`` decide, for every cell of every
row, what kind of column it is, how its field is reached, how its text is read back; at 2,000
cases that is ~3 million cells. A ``RowPlan`` decides it once per table: the path, the part and
the labeller of each column (labels remembered per code), the reader of each column that the
kept column's ``rebuild`` needs, the fields of the record's dump that are tables of their own
(not dumped). What it writes is what those functions write, byte for byte
(tests/core/test_dataset_csv_plan.py compares the two on reference, generated and odd cases).
The Excel dataset types ``values`` (``dataset_xlsx.typed``); the ODM file writes ``texts``
(tests/core/test_dataset_xlsx_odm_plan.py compares both with the cell-by-cell writers).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from core.io.dataset_derived import DERIVED_PART, record_path
from core.io.dataset_rows import (
    CASE_KEY,
    KEPT_PART,
    _get,
    _set,
    child_fields,
    difference,
    field_of,
    is_own_day,
    list_levels,
    read_nf,
)
from core.io.dataset_whens import DAY0, DAYS, exported_day0, exported_days, when_columns
from core.io.deident import shift_date
from core.io.tables import LIST_SEP, Column, Table, _date, nf_text, own_day, tables
from core.model import Case, Coded, When

_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_SKIP = object()  # a cell that rebuild cannot read: left out of the rebuilt record
_CODED_PARTS = frozenset({"code", "label", "system", "version"})


class RowPlan:
    """How the cells of one table's rows are written (``texts``) and, when the export has the
    kept column, what it holds (``kept``)."""

    def __init__(self, table: Table, columns: list[Column]):
        self.table = table
        self.first = table is tables()[0]
        self.cells = [_cell_spec(col) for col in columns[1:]]
        self.has_kept = len(columns) > 1 and columns[-1].part == KEPT_PART
        at = {col.name: i for i, col in enumerate(columns[1:])}
        readers = [_reader_spec(table, col, at.get(col.name)) for col in table.columns[1:]]
        self.readers = [r for r in readers if r[0] is not None]  # a column not read: no text
        self.location = table.location
        skip = child_fields(table)
        self.skip = set(skip) if skip else None  # model_dump's exclude
        # the day and date cells of each when, for the day numbers beside dates entered
        self.when_cells = [(name, at[name]) for names in when_columns(table).values()
                           for name in names.values() if name in at] if self.has_kept else []
        # (cell index, key) of the derived values, filled in by ``derived``
        self.derived_cells = [(i, col.path[0]) for i, col in enumerate(columns[1:])
                              if col.part == DERIVED_PART]
        self.levels = list_levels(table)

    def derived(self, cells: list[Any], key: str, found: dict[str, dict[str, str]]) -> None:
        """Fill in the derived cells of row ``key`` (``texts`` and ``values`` leave them
        empty) from ``found``, ``dataset_derived.case_derived`` of its case."""
        if not self.derived_cells or not found:
            return
        mine = found.get(record_path(self.location, self.levels, key))
        if mine:
            for i, name in self.derived_cells:
                cells[i] = mine.get(name, cells[i])

    def rows(self, case: Case) -> list[tuple[str, BaseModel]]:
        """``tables.records``: (row key, record) of every record of the table in ``case``."""
        return _rows(case, self.location, "")

    def written_rows(self, case: Case, written: Case) -> list[tuple[str, BaseModel, BaseModel]]:
        """(row key, record as written, record as stored) of every row: ``written`` is
        ``case`` as ``Deidentifier.exported`` gives it (an age derived from the birth date
        filled in), and the kept cell is of the stored record, so that the import leaves
        out again what the export filled in."""
        rows = self.rows(written)
        if written is case or not self.has_kept:
            return [(key, record, record) for key, record in rows]
        return [(key, record, stored) for (key, record), (_, stored)
                in zip(rows, self.rows(case), strict=True)]

    def texts(self, record: Any, day0: When | None, shift: int | None) -> list[str]:
        """The cell of every column after the row key, as ``dataset_csv._text`` writes it
        (the kept cell empty)."""
        out: list[str] = []
        add = out.append
        for first, rest, plain, part, label, is_date in self.cells:
            if first is None:
                add("")  # the kept column: filled in by ``kept``
                continue
            value = getattr(record, first, None)
            if rest and value is not None:
                value = _along(value, rest)
            if value is None:
                add("")
                continue
            kind = type(value)  # the commonest cells first; any other goes through _finish
            if kind is str and plain:
                add(value)
            elif kind is str and label is not None:
                add(_tail(label(value), is_date, shift))
            elif kind is int and plain:
                add(str(value))
            elif kind is Coded:
                value = getattr(value, part)
                add(value if type(value) is str and not is_date else _tail(value, is_date, shift))
            elif kind is When and part == "day":
                value = own_day(value) if first == "day0" else value.exact_day(day0)
                add("" if value is None else str(value) if type(value) is int
                    else _tail(value, is_date, shift))
            elif kind is When:
                add(_tail(_date(value, day0), is_date, shift))
            else:
                add(_finish(value, part, label, is_date, day0, shift))
        return out

    def values(self, record: Any, day0: When | None) -> list[Any]:
        """``tables.cell`` of every column after the row key (None for the kept one): the
        values the Excel dataset types (``texts`` writes them as text in the same walk)."""
        out: list[Any] = []
        add = out.append
        for first, rest, _plain, part, label, _date_column in self.cells:
            if first is None:
                add(None)
                continue
            value = getattr(record, first, None)
            if rest and value is not None:
                value = _along(value, rest)
            kind = type(value)
            if value is None or (kind is str or kind is int) and label is None:
                add(value)
            elif kind is Coded:
                add(getattr(value, part))
            elif kind is When and part == "day" and first == "day0":
                add(own_day(value))
            else:
                add(_raw(value, part, label, day0))
        return out

    def kept(self, case: Case, record: BaseModel, texts: list[str]) -> str:
        """The kept cell: ``dataset_rows.kept_text`` of the row whose cells are ``texts``."""
        if self.skip:
            mine = record.model_dump(mode="json", exclude_none=True, exclude=self.skip)
        else:
            mine = record.model_dump(mode="json", exclude_none=True)
        diff = difference(mine, self._rebuild(texts))
        if self.when_cells:
            days = exported_days(self.table, mine, {n: texts[i] for n, i in self.when_cells})
            if days:
                diff[DAYS] = days
        if self.first:
            own = case_own(case)
            if own:
                diff[CASE_KEY] = own
            day0 = exported_day0(case.case_report.day0)
            if day0:
                diff[DAY0] = day0
        return _ENCODE(diff) if diff else ""

    def _rebuild(self, texts: list[str]) -> dict[str, Any]:
        """``dataset_rows.rebuild`` of the row (its messages left out)."""
        out: dict[str, Any] = {}
        whens: dict[tuple[str, ...], dict[str, str]] = {}
        for index, action, path, part, read in self.readers:
            text = texts[index]
            if not text:
                continue
            if action == "when":
                whens.setdefault(path, {})[part] = text
                continue
            if action == "nf":
                out.update(read_nf(self.table, text)[0])
                continue
            value = read(text)
            if value is _SKIP:
                continue
            if action == "one":
                out[path[0]] = value
            elif action == "coded":
                _set(out, path, {**_get(out, path), part: value})
            else:
                _set(out, path, value)
        for path, parts in whens.items():
            if "date" in parts:
                _set(out, path, parts["date"])
            elif self.first and is_own_day(path, parts["day"]):
                continue  # as dataset_rows.rebuild
            else:
                try:
                    _set(out, path, int(parts["day"]))
                except ValueError:
                    pass
        return out


def _rows(holder: Any, location: tuple[str, ...], key: str) -> list[tuple[str, Any]]:
    value = getattr(holder, location[0], None)
    if isinstance(value, list):
        items = [(f"{key}.{i}" if key else str(i), item) for i, item in enumerate(value, 1)]
    elif value is None:
        return []
    else:
        items = [(key, value)]  # a record held alone adds nothing to the key
    if len(location) == 1:
        return [(here or "1", item) for here, item in items]
    out: list[tuple[str, Any]] = []
    for here, item in items:
        out += _rows(item, location[1:], here)
    return out


def case_own(case: Case) -> dict[str, Any]:
    """The case's own bookkeeping as ``kept_text`` keeps it: its dump less the sections."""
    return case.model_dump(mode="json", exclude_none=True, include=_own_fields())


_OWN: list[set[str]] = []


def _own_fields() -> set[str]:
    if not _OWN:
        sections = {t.location[0] for t in tables()} | {"case_id"}
        _OWN.append({name for name in Case.model_fields if name not in sections})
    return _OWN[0]


# -- a cell's text ----------------------------------------------------------------------------
def _cell_spec(col: Column) -> tuple[Any, ...]:
    """(first field, the rest of the path, plain, part, labeller, date column) of a column:
    plain when a text or a whole number is written as it is."""
    if col.part in (KEPT_PART, DERIVED_PART):  # filled in by ``kept`` and ``derived``
        return None, (), False, col.part, None, False
    labeller = col.labeller if col.part == "label" and col.labeller else None
    label = None
    if labeller is not None:
        labels: dict[str, str] = {}  # the label of each code, asked once per export

        def label(code: str) -> str:
            found = labels.get(code)
            if found is None:
                found = labels[code] = labeller(code)
            return found
    is_date = col.kind == "date"
    plain = label is None and not is_date
    return col.path[0], col.path[1:], plain, col.part, label, is_date


def _finish(value: Any, part: str, label: Callable[[str], str] | None, is_date: bool,
            day0: When | None, shift: int | None) -> str:
    """``tables.cell`` after its walk down the path, then ``dataset_csv._text``."""
    return _tail(_raw(value, part, label, day0), is_date, shift)


def _raw(value: Any, part: str, label: Callable[[str], str] | None, day0: When | None) -> Any:
    """``tables.cell`` after its walk down the path."""
    if isinstance(value, Coded):
        return getattr(value, part)
    if isinstance(value, When):
        return value.exact_day(day0) if part == "day" else _date(value, day0)
    if isinstance(value, dict):
        return nf_text(value)
    if isinstance(value, list):
        items = [label(str(v)) for v in value] if label else value
        return LIST_SEP.join(str(v) for v in items) if items else None
    if label:
        return label(str(value))
    if isinstance(value, bool):
        return 1 if value else 0
    return value


def _tail(value: Any, is_date: bool, shift: int | None) -> str:
    """``dataset_csv._text`` of a cell's value."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if shift is not None and is_date:
        return shift_date(value, shift)
    return str(value)


# -- a cell read back (rebuild) -----------------------------------------------------------
def _reader_spec(table: Table, col: Column, index: int | None) -> tuple[Any, ...]:
    if col.part in (KEPT_PART, DERIVED_PART) or col.kind == "label":
        return None, "", col.path, col.part, None
    if col.kind in ("day", "date"):
        return index, "when", col.path, col.kind, None
    if col.part == "nf":
        return index, "nf", col.path, col.part, None
    action = "coded" if col.part in _CODED_PARTS else "one" if len(col.path) == 1 else "value"
    return index, action, col.path, col.part, _value_reader(table, col)


def _value_reader(table: Table, col: Column) -> Callable[[str], Any]:
    """``dataset_rows._value`` of the column, _SKIP for a text it cannot read."""
    found = field_of(table.name, col.name)
    if found is None or found.item is Coded:
        return _same
    one = _one_reader(col, found.codes)
    if not found.is_list:
        return one

    def many(text: str) -> Any:
        out = []
        for item in text.split(LIST_SEP):
            value = one(item)
            if value is _SKIP:
                return _SKIP
            out.append(value)
        return out
    return many


def _same(text: str) -> str:
    return text


def _one_reader(col: Column, codes: dict[str, Any] | None) -> Callable[[str], Any]:
    """``dataset_rows._one``: a code of a closed list, 1/0, a whole number, a number."""
    if codes is not None:
        return lambda text: codes.get(text, _SKIP)
    if col.kind == "yesno":
        return lambda text: (text == "1") if text in ("1", "0") else _SKIP
    if col.kind == "integer":
        return _parsed(int)
    if col.kind == "number":
        return _parsed(float)
    return _same


def _parsed(kind: Callable[[str], Any]) -> Callable[[str], Any]:
    def read(text: str) -> Any:
        try:
            return kind(text)
        except ValueError:
            return _SKIP
    return read


def _along(value: Any, names: tuple[str, ...]) -> Any:
    """The value at the end of ``names`` (attributes, one inside the other); None on the way
    ends it."""
    for name in names:
        value = getattr(value, name, None)
        if value is None:
            return None
    return value
