"""The derived cells of a dataset row as the reference (cell-by-cell) writers of the plan tests
fill them: ``dataset_derived.case_derived`` of the case, at the row's record path."""

from __future__ import annotations

from typing import Any

from core.io.dataset_derived import DERIVED_PART, case_derived, record_path
from core.io.dataset_rows import list_levels
from core.io.tables import Column, Table
from core.model import Case

_FOUND: dict[int, tuple[Case, dict[str, dict[str, str]]]] = {}


def derived_text(case: Case, table: Table, key: str, col: Column) -> Any:
    """The text of derived column ``col`` in row ``key``; None when empty, or not derived."""
    if col.part != DERIVED_PART:
        return None
    held = _FOUND.get(id(case))
    if held is None or held[0] is not case:
        held = _FOUND[id(case)] = (case, case_derived(case))
    mine = held[1].get(record_path(table.location, list_levels(table), key), {})
    return mine.get(col.path[0])
