"""A list of records (e.g. ``csf_assessments``) as an editable table, built from the model.

Columns by meaning (issue 15): the fields with a column rank in the model's metadata
(``core.model.column_rank``: what the clinician enters first) in rank order, then every other
simple field in model order; without ranks the dating field comes first. The day number follows
the dating field and a derived value (read-only, grey) its input (``DerivedValue.beside`` in
the model; the others follow the day); a record's own id (other records cite it) comes last; a ranked nested field (a response's basis, an
adverse event's attribution) shows as a read-only summary, edited below the table. Edits go
through the EditContext (one undo step each); text that does not parse stays in the cell,
marked red, and is not stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.model import column_rank, is_record_id
from gui.editor.context import EditContext
from gui.editor.derived import derived_color, derived_text, shown_derived
from gui.editor.fields import FieldSpec, first_when_field, record_fields
from gui.editor.quick_fix import SHORTCUT, fix_at, fix_text
from gui.editor.row_numbers import SortKey, row_sort_key
from gui.editor.rule_words import with_rule
from gui.editor.typed_dose import set_with_unit, unit_field
from gui.editor.values import InputError, format_value, parse_text
from gui.editor.vocab_source import label_of
from gui.editor.widgets import field_hint

ModelIndex = QModelIndex | QPersistentModelIndex
LIVE_EDIT_ROLE = Qt.ItemDataRole.UserRole + 2
SPEC_ROLE = Qt.ItemDataRole.UserRole + 3
PATH_ROLE = Qt.ItemDataRole.UserRole + 4
TAKE_BACK_ROLE = Qt.ItemDataRole.UserRole + 5  # setData: the cell's live typing is no value
SCOPE_ROLE = Qt.ItemDataRole.UserRole + 6  # the row's value of the field narrowing the cell's list
# any more ('4O'): what it stored on the way goes (gui.editor.delegates)
R = Qt.ItemDataRole
# Roles this model answers; a delegate asks for more per cell (decoration, check state...),
# and a quick None for those keeps painting a long table cheap.
ANSWERED_ROLES = frozenset({R.DisplayRole, R.EditRole, R.BackgroundRole, R.ForegroundRole,
                            R.ToolTipRole, R.FontRole, R.TextAlignmentRole, SPEC_ROLE, PATH_ROLE,
                            SCOPE_ROLE})
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
COLORS = {"error": QColor("#f8d0cd"), "warning": QColor("#fff0c2"), "invalid": QColor("#ef9a9a"),
          "derived": QColor("#eef1f4")}


@dataclass(frozen=True)
class Column:
    key: str  # field name, derived key, or "<when>:day"
    title: str
    spec: FieldSpec | None = None  # None for read-only derived columns
    summary: bool = False  # a nested field's values in a line (edited in its detail below)

    @property
    def editable(self) -> bool:
        return self.spec is not None


def column_fields(model: type) -> list[FieldSpec]:
    """The fields shown as columns, in column order (see the module docstring)."""
    specs = [s for s in record_fields(model)
             if s.is_simple or column_rank(model, s.name) is not None]
    ids = [s for s in specs if is_record_id(model, s.name)]
    specs = [s for s in specs if s not in ids]
    when = first_when_field(model)
    ranks = {s.name: rank for s in specs if (rank := column_rank(model, s.name)) is not None}
    ranked = sorted((s for s in specs if s.name in ranks), key=lambda s: ranks[s.name])
    if not ranked:  # no ranks: the dating field first
        ranked = [s for s in specs if s.name == when]
    return ranked + [s for s in specs if s not in ranked] + ids


def table_columns(model: type) -> list[Column]:
    fields = column_fields(model)
    when = first_when_field(model)
    shown = shown_derived(model)
    labels = {d.key: d.label for d in shown}
    keys = list(labels)
    names = {s.name for s in fields}
    later = {d.key: d.beside for d in shown if d.beside in names}
    columns: list[Column] = []
    for s in fields:
        title = s.title + (" *" if s.req == "R" else "")
        if not s.is_simple:
            columns.append(Column(s.name, s.label, summary=True))
        else:
            columns.append(Column(s.name, title, s))
        if s.name == when:
            columns.append(Column(f"{when}:day", "Day"))
            columns += [Column(k, labels[k]) for k in keys if k not in later]
        columns += [Column(k, labels[k]) for k, after in later.items() if after == s.name]
    if not when:
        columns += [Column(k, labels[k]) for k in keys if k not in later]
    return columns


class RecordTableModel(QAbstractTableModel):
    def __init__(self, ctx: EditContext, record_model: type, list_path: str | None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx, self.record_model = ctx, record_model
        self.columns = table_columns(record_model)
        self._summaries = {c.key for c in self.columns if c.summary}
        self.when_field = first_when_field(record_model)
        self.list_path = list_path
        self.invalid: dict[str, tuple[str, str]] = {}  # cell path -> (typed text, message)
        self._count = len(ctx.doc.rows(list_path)) if list_path else 0
        self._sort_keys: list[SortKey] | None = None  # per row; the proxy sorts 500 rows by it
        ctx.doc.value_changed.connect(self._on_value_changed)
        ctx.doc.rows_inserted.connect(self._on_rows_inserted)
        ctx.doc.rows_removed.connect(self._on_rows_removed)
        ctx.doc.reset.connect(self.reload)
        ctx.feedback_changed.connect(self._on_feedback)

    # -- structure -------------------------------------------------------------------------
    def set_list_path(self, list_path: str | None) -> None:
        if list_path != self.list_path:
            self.list_path = list_path
            self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._clear_invalid()
        self._sort_keys = None
        self._count = len(self.ctx.doc.rows(self.list_path)) if self.list_path else 0
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def row_path(self, row: int) -> str:
        return f"{self.list_path}[{row}]"

    def cell_path(self, row: int, column: int) -> str:
        return f"{self.row_path(row)}.{self.columns[column].key}"

    def column_of(self, name: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.key == name), None)

    def record(self, row: int) -> dict[str, Any]:
        rows = self.ctx.doc.rows(self.list_path) if self.list_path else []
        return rows[row] if 0 <= row < len(rows) else {}

    # -- reading ---------------------------------------------------------------------------
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        editable = self.columns[index.column()].editable and not self.ctx.read_only
        return base | Qt.ItemFlag.ItemIsEditable if editable else base  # read-only: select, copy

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED_ROLES or not index.isValid() or not 0 <= index.row() < self._count:
            return None
        column = self.columns[index.column()]
        if column.spec is None:
            return self._derived_data(index.row(), column, role)
        return self._field_data(index.row(), column.spec, role)

    def _field_data(self, row: int, spec: FieldSpec, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT_ALIGNED if spec.kind in ("int", "float", "when") else None
        path = f"{self.row_path(row)}.{spec.name}"
        record = self.record(row)
        value, reason = record.get(spec.name), record.get(f"{spec.name}_nf")
        if role == SCOPE_ROLE:  # a response's Scope, for its Category's list
            return record.get(spec.scope) if spec.scope else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if path in self.invalid:
                return self.invalid[path][0]
            return format_value(spec, value, reason)
        if role == Qt.ItemDataRole.BackgroundRole:
            level = "invalid" if path in self.invalid else self._finding_level(path)
            return QBrush(COLORS[level]) if level else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(path, spec, value)
        if role == Qt.ItemDataRole.FontRole and reason:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and reason:
            return QBrush(QColor("#6b6b6b"))
        return self._common_data(path, role, spec)

    def _derived_data(self, row: int, column: Column, role: int) -> Any:
        path = self.row_path(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return derived_text(self._derived_value(row, column.key))
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(COLORS["derived"])
        if role == Qt.ItemDataRole.ForegroundRole:
            color = derived_color(self._derived_value(row, column.key))
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{column.title} (edited below the table)" if column.summary \
                else f"{column.title} (derived, read-only)"
        return self._common_data(f"{path}.{column.key}", role, None)

    def _derived_value(self, row: int, key: str) -> Any:
        if key in self._summaries:
            return summary_text(self.record(row).get(key))
        derived = self.ctx.feedback.derived_at(self.row_path(row))
        if key.endswith(":day"):  # a day number entered as such is its own day
            value = self.record(row).get(key[:-4])
            return _day_text(value if isinstance(value, int) else derived.get(key))
        return derived.get(key)

    def _common_data(self, path: str, role: int, spec: FieldSpec | None) -> Any:
        if role == SPEC_ROLE:
            return spec
        if role == PATH_ROLE:
            return path
        return None

    def _finding_level(self, path: str) -> str:
        findings = self.ctx.feedback.findings_at(path)
        if any(f.severity == "error" for f in findings):
            return "error"
        return "warning" if findings else ""

    def _tooltip(self, path: str, spec: FieldSpec, value: Any) -> str:
        lines = [self.invalid[path][1]] if path in self.invalid else []
        lines += [with_rule(f.rule_id, f.message) for f in self.ctx.feedback.findings_at(path)]
        fix = fix_at(self.ctx, path)
        if fix is not None:  # V38 is listed at the ATC code: the drug's cell names it too
            lines += [with_rule(fix.rule_id, fix.message)] if fix.path != path else []
            lines.append(f"{fix_text(fix)}: right-click, or {SHORTCUT}")
        if spec.vocab and isinstance(value, str | dict):
            code = value.get("code") if isinstance(value, dict) else value
            label = label_of(spec.vocab, code)
            if label and label != code:
                lines.append(f"{code}: {label}")
        hint = field_hint(spec, self.ctx.date_format)  # as a form field's tooltip has it
        if hint:
            lines.append(hint)
        return "\n".join(lines) or spec.label

    def sort_key(self, row: int) -> SortKey:
        """(undated rank, day, entry order); computed once per change for every row."""
        if self._sort_keys is None or len(self._sort_keys) != self._count:
            self._sort_keys = [self._row_sort_key(r) for r in range(self._count)]
        return self._sort_keys[row] if 0 <= row < self._count else self._row_sort_key(row)

    def _row_sort_key(self, row: int) -> SortKey:
        return row_sort_key(self.ctx, self.when_field, self.row_path(row), self.record(row), row)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.title
            if role == Qt.ItemDataRole.ToolTipRole:
                return (column.spec.help if column.spec and column.spec.help else column.title)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    # -- writing ---------------------------------------------------------------------------
    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        column = self.columns[index.column()] if index.isValid() else None
        if column is not None and column.spec is not None and role == TAKE_BACK_ROLE:
            self.ctx.undo_live_edit(f"{self.row_path(index.row())}.{column.spec.name}")
            return True
        if column is None or column.spec is None or role not in (Qt.ItemDataRole.EditRole,
                                                                  LIVE_EDIT_ROLE):
            return False
        return self.set_cell_text(index.row(), column.spec, str(value or ""),
                                  live=role == LIVE_EDIT_ROLE)

    def set_cell_text(self, row: int, spec: FieldSpec, text: str, *, live: bool = False) -> bool:
        path = f"{self.row_path(row)}.{spec.name}"
        try:
            try:
                value = parse_text(spec, text, self.ctx.date_format)
            except InputError:
                if live or not self._set_with_unit(row, spec, text):
                    raise
            else:
                self.ctx.set_field(path, value, live=live, label=spec.label)
        except InputError as exc:
            if not live:
                self.ctx.undo_live_edit(path)  # '7O': the '7' stored on the way goes too
                self.invalid[path] = (text, str(exc))  # after: a value stored drops it
                self.ctx.set_unstored(path, spec.label, str(exc), text)
                self._emit_row(row)
            return False
        had_invalid = self.invalid.pop(path, None) is not None
        if had_invalid:
            self.ctx.set_unstored(path, spec.label, None)
        if not live:
            self.ctx.seal_edit()
        if had_invalid:
            self._emit_row(row)
        return True

    def _set_with_unit(self, row: int, spec: FieldSpec, text: str) -> bool:
        """'28 µg/day' in Dose: 28 in Dose and µg/day in Dose unit, one undo step (False when
        the text is no number with a unit; InputError when the unit cannot go there)."""
        unit_spec = unit_field(spec, [c.spec for c in self.columns if c.spec is not None])
        path, unit_path = (f"{self.row_path(row)}.{name}"
                           for name in (spec.name, f"{spec.name}_unit"))
        return set_with_unit(self.ctx, spec, unit_spec, path, unit_path, text)

    def _clear_invalid(self) -> None:
        self.ctx.clear_unstored(list(self.invalid))
        self.invalid.clear()

    # -- document signals ------------------------------------------------------------------
    def _on_value_changed(self, path: str) -> None:
        if not self.list_path or not path.startswith(self.list_path + "["):
            return
        rest = path[len(self.list_path) + 1:]
        row = int(rest.split("]")[0])
        self._sort_keys = None
        self._drop_invalid_at(path)
        if 0 <= row < self._count:
            self._emit_row(row)

    def _drop_invalid_at(self, path: str) -> None:
        """A value stored at ``path`` some other way (the row's "More of the row" form, a
        paste, Undo) replaces the text the cell refused there: it no longer shows red, nor is
        listed as not stored (it kept the case 'Unsaved changes' and Save said 'except')."""
        gone = [p for p in self.invalid if p == path or p.startswith((f"{path}.", f"{path}["))]
        for cell in gone:
            del self.invalid[cell]
        self.ctx.clear_unstored(gone)

    def _emit_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def _on_rows_inserted(self, list_path: str, first: int, count: int) -> None:
        if list_path != self.list_path:
            return
        self._clear_invalid()
        self._sort_keys = None
        self.beginInsertRows(QModelIndex(), first, first + count - 1)
        self._count += count
        self.endInsertRows()

    def _on_rows_removed(self, list_path: str, first: int, count: int) -> None:
        if list_path != self.list_path:
            return
        self._clear_invalid()
        self._sort_keys = None
        self.beginRemoveRows(QModelIndex(), first, first + count - 1)
        self._count -= count
        self.endRemoveRows()

    def _on_feedback(self) -> None:
        self._sort_keys = None  # day numbers come with the feedback
        if self._count:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._count - 1, len(self.columns) - 1))


def summary_text(value: Any) -> str:
    """A nested record or list in one line: "csf 403, 404" or "blinatumomab: probable"."""
    if isinstance(value, list):
        separator = "; " if any(isinstance(v, dict) for v in value) else ", "
        return separator.join(t for t in (summary_text(v) for v in value) if t)
    if isinstance(value, dict):
        parts = [summary_text(v) for k, v in value.items() if not k.endswith("_nf")]
        keys = [k for k, v in value.items() if not k.endswith("_nf")]
        if all(isinstance(value[k], list) for k in keys if value[k]):  # ids by kind
            return "; ".join(f"{k} {t}" for k, t in zip(keys, parts, strict=True) if t)
        return ": ".join(p for p in parts if p)
    if value is None:
        return ""
    return ", ".join(str(v) for v in value) if isinstance(value, tuple) else str(value)


def _day_text(day: Any) -> str:
    if isinstance(day, int):
        return f"d{day}"
    return day if isinstance(day, str) else ""
