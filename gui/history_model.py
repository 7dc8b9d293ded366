"""The history window's rows: audit entries, a case's creation as one expandable row.

A creation (or import) is one audit entry; ``AuditService.history`` lists it as its whole-case
row followed by a row per field set (same ``seq``). ``AuditTableModel`` shows that whole-case
row as "created, 42 fields" with the field rows beneath it (expand to read them); every later
change stays a row of its own. When a filter hides the whole-case row, the creation's matching
field rows show at the top level, so a field's history still reads from its first value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from core.model.labels import NF
from core.services.audit import AuditRow, under_prefix
from core.services.audit_words import action_words, value_words
from core.services.signing import lock_change_words, signed_locks
from gui.formatting import local_time

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (("When", 170), ("User", 110), ("Action", 90), ("Field", 260),
           ("Old → new", 330), ("Reason", 200))
COL_WHEN, COL_USER, COL_ACTION, COL_FIELD, COL_CHANGE = range(len(COLUMNS) - 1)  # then Reason
CREATION_ACTIONS = ("create", "import")
IMPORTED_WHOLE = "imported whole (its values are in the import file, not listed here)"
CELL_CHARS = 120  # longer values are cut in the cell; the tooltip has them whole


@lru_cache(maxsize=4096)
def field_label(path: str | None) -> str:
    """The field in words from its section ("Title & keywords › Case report › Title"); the path itself if it cannot be named."""
    if not path:
        return "whole case"
    from gui.editor.path_label import path_label

    try:
        return path_label(path)
    except (KeyError, ValueError):
        return path


def change_text(row: AuditRow) -> str:
    return f"{value_words(row.path, row.old)} → {value_words(row.path, row.new)}"


def creation_text(row: AuditRow, fields: int) -> str:
    """The one-row summary of a creation: ``created, 42 fields``. An import records no field
    values (the import file is their record): not "imported, 0 fields", as if nothing came."""
    if row.action == "import" and not fields:
        return IMPORTED_WHOLE
    verb = "imported" if row.action == "import" else "created"
    return f"{verb}, {fields} field{'' if fields == 1 else 's'}"


def entry_details(row: AuditRow) -> str:
    """One entry in full, for the pane below the table."""
    lines = [f"{local_time(row.ts, seconds=True)} · {row.user} · {action_words(row.action)} · "
             f"{field_label(row.path)}",
             f"Old: {value_words(row.path, row.old)}",
             f"New: {value_words(row.path, row.new)}"]
    if row.reason:
        lines.append(f"Reason: {row.reason}")
    return "\n".join(lines)


def matches(row: AuditRow, field_text: str, user: str | None,
            path: str | None = None) -> bool:
    """Does ``row`` pass the filters? ``field_text``: words of the field's name as the Field
    column shows it ("title", "Anchor year", "Labs › row 1"; see ``name_pattern``), or a
    path prefix (``labs[0]``), case-insensitive; ``path``: one field (the editor's Field
    history…), its rows inside it and its why-missing reason, in place of ``field_text``;
    ``user``: one user, or None for all."""
    if user is not None and row.user != user:
        return False
    if path:
        return under_prefix(row.path, path) or row.path == path + NF
    text = field_text.strip()
    if not text:
        return True
    if under_prefix(row.path, text):
        return True
    pattern = name_pattern(text)
    return pattern is not None and pattern.search(_folded(field_label(row.path))) is not None


_SEPARATORS = re.compile(r"\s*[›>]\s*")


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=256)
def name_pattern(text: str) -> re.Pattern[str] | None:
    """Words of a field's name as a pattern on its name in the Field column: the parts
    between › (or >) in that order, each from the start of a word; a part ending in a number
    ends there ("Labs › row 1" is not row 12). None for nothing to match."""
    parts = [p for p in (_folded(p) for p in _SEPARATORS.split(text)) if p]
    if not parts:
        return None
    pieces = [(r"\b" if p[0].isalnum() else "") + re.escape(p)
              + (r"(?!\d)" if p[-1].isdigit() else "") for p in parts]
    return re.compile(".*".join(pieces))


def group_rows(rows: Sequence[AuditRow]) -> list[tuple[AuditRow, list[AuditRow]]]:
    """Top-level rows with their children: a creation's whole-case row (path None) takes the
    field rows of the same entry that follow it; every other row stands alone."""
    groups: list[tuple[AuditRow, list[AuditRow]]] = []
    for row in rows:
        if groups and row.path is not None and row.action in CREATION_ACTIONS:
            top, children = groups[-1]
            if top.seq == row.seq and top.path is None:
                children.append(row)
                continue
        groups.append((row, []))
    return groups


class AuditTableModel(QAbstractItemModel):
    """Audit entries as a two-level model; ``set_rows`` replaces them. Internal id 0 marks a
    top-level row; a child carries its parent's row number + 1."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._groups: list[tuple[AuditRow, list[AuditRow]]] = []
        self._signed: set[tuple[str, str]] = set()  # locks that name their signer

    def set_rows(self, rows: Sequence[AuditRow], every: Sequence[AuditRow] | None = None) -> None:
        """``every``: all of the case's entries, ``rows`` those shown (a lock's signer entry
        may be filtered out while its status entry shows)."""
        self.beginResetModel()
        self._groups = group_rows(rows)
        self._signed = signed_locks(rows if every is None else every)
        self.endResetModel()

    def row(self, index: int) -> AuditRow:
        """The top-level row ``index``."""
        return self._groups[index][0]

    def entry(self, index: Index) -> AuditRow:
        """The row at a model index (top level or inside a creation)."""
        parent = index.internalId()
        if parent == 0:
            return self._groups[index.row()][0]
        return self._groups[parent - 1][1][index.row()]

    def all_rows(self) -> list[AuditRow]:
        """Every row shown, children included, in order."""
        return [r for top, children in self._groups for r in (top, *children)]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.entry(index)
        text = self._text(index, row)
        if role == Qt.ItemDataRole.DisplayRole:
            return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text (a field's name, not its path)
            return text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def _text(self, index: Index, row: AuditRow) -> str:
        column = index.column()
        if column == COL_WHEN:
            return local_time(row.ts, seconds=True)
        if column == COL_USER:
            return row.user
        if column == COL_ACTION:  # "Saved", "PDF saved": the code is for the CSV export
            return action_words(row.action)
        if column == COL_FIELD:
            return field_label(row.path)
        if column == COL_CHANGE:
            children = self._groups[index.row()][1] if index.internalId() == 0 else []
            if children or (row.path is None and row.action in CREATION_ACTIONS):
                return creation_text(row, len(children))
            return lock_change_words(row, self._signed) or change_text(row)
        return row.reason or ""
