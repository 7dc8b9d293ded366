"""The row keys of a dataset being imported (``lab_row`` = 3, ``drug_row`` = 2.1): each record
is placed into its case at its key, and a key that cannot be placed faithfully is refused with
its file, row and case, never placed over another record or beside a made-up empty one.

A spreadsheet that reads the key 1.10 as the number 1.1 gives two rows the key 1.1: the second
silently replaced the first, and the tenth record came back empty. A key given twice, a key
whose parent row is not there, and a gap in the keys (a row deleted) are all refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core.errors import Problem
from core.io.dataset_rows import list_levels
from core.io.tables import Table, tables

_KEY = re.compile(r"\d{1,9}(?:\.\d{1,9})*")


def row_words(where: str, number: int, column: str = "", key: str = "") -> str:
    """A row as the user finds it: "line 3 (lab_row 2)" in a CSV file (its line, the header
    being line 1, and its row key, which a statistician may take for the row), "row 3
    (lab_row 2)" in a workbook's sheet."""
    line = "row" if ", sheet " in where else "line"
    return f"{line} {number}" + (f" ({column} {key})" if column and key else "")


def key_words(table: Table) -> str:
    """What a row key of ``table`` looks like, for a message."""
    return "1, 2..." if sum(list_levels(table)) <= 1 else \
        "2.1 under the second record of its parent"


@dataclass(frozen=True)
class _Row:
    where: str  # the file or sheet
    column: str  # its row key column
    number: int  # the row as the user sees it
    key: str


@dataclass
class RowKeys:
    """The keys placed so far (one dataset), and the gaps left to be filled by a later row."""

    problems: list[Problem]
    seen: dict[tuple[str, str, tuple[int, ...]], int] = field(default_factory=dict)
    filled: set[tuple[str, str]] = field(default_factory=set)  # (case id, path in the case)
    gaps: dict[tuple[str, str], tuple[_Row, str]] = field(default_factory=dict)

    def place(self, doc: dict[str, Any], table: Table, case_id: str, where: str,
              column: str, number: int, key: str, record: dict[str, Any]) -> str | None:
        """Put ``record`` into the case ``doc`` at ``key``; its path in the case
        (``treatment_lines[0].administrations[1]``), or None with the problem appended."""
        row = _Row(where, column, number, key)
        levels = list_levels(table)
        indices = tuple(int(p) for p in key.split(".")) if _KEY.fullmatch(key) else ()
        if len(indices) != max(1, sum(levels)) or 0 in indices:
            self._bad(row, case_id, f"'{key}' is not a row key of this table "
                      f"({key_words(table)})")
            return None
        identity = (table.name, case_id, indices if any(levels) else ())
        first = self.seen.setdefault(identity, number)
        if first != number:
            self._bad(row, case_id, _twice(key, row_words(where, first).split()[0], first, number))
            return None
        holder: Any = doc
        rest = list(indices)
        at = ""
        for depth, (name, is_list) in enumerate(zip(table.location, levels, strict=True)):
            last = depth == len(table.location) - 1
            at += f".{name}" if at else name
            if not is_list:
                if last:
                    holder[name] = record
                else:
                    holder = holder.setdefault(name, {})
                continue
            items = holder.setdefault(name, [])
            index = rest.pop(0) - 1
            if not last and index >= len(items):  # parents are placed first
                parent = ".".join(str(i) for i in indices[:len(indices) - len(rest)])
                self._bad(row, case_id, f"row key {key} belongs under the row {parent} of "
                          f"{_parent_file(table, depth)}, which this case does not have")
                return None
            for gap in range(len(items), index):  # filled by a later row, or refused
                key_of_gap = ".".join([*key.split(".")[:len(indices) - len(rest) - 1],
                                       str(gap + 1)])
                self.gaps.setdefault((case_id, f"{at}[{gap}]"), (row, key_of_gap))
                items.append({})
            at += f"[{index}]"
            if last:
                if index == len(items):
                    items.append(record)
                else:
                    items[index] = record
            else:
                holder = items[index]
        self.filled.add((case_id, at))
        return at

    def check_gaps(self) -> None:
        """A key no row filled (a row deleted, or its key changed): refused, named."""
        for (case_id, at), (row, missing) in self.gaps.items():
            if (case_id, at) not in self.filled:
                self._bad(row, case_id, f"row key {row.key} comes after a missing row key "
                          f"{missing}: a case's rows are numbered 1, 2, 3... without a gap "
                          "(was a row deleted, or its key changed?)")

    def _bad(self, row: _Row, case_id: str, message: str) -> None:
        self.problems.append(Problem(row.where, case_id or None,
                                     f"{row_words(row.where, row.number)}, column {row.column}",
                                     message))


def _twice(key: str, line: str, first: int, second: int) -> str:
    text = f"row key {key} appears twice ({line}s {first} and {second})"
    if "." in key:  # 1.10 read as a number is 1.1
        text += (f"; a spreadsheet may have read {key}0 as the number {key}: keep the column "
                 "as text")
    return text


def _parent_file(table: Table, depth: int) -> str:
    location = table.location[:depth + 1]
    parent = next((t for t in tables() if t.location == location), None)
    return f"the table {parent.name}" if parent else "its parent table"
