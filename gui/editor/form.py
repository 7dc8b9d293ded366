"""A record's form, built from the model: one row per field (label with a keyboard mnemonic,
editor, unit, missing-value reason for required items), nested records as groups, derived
values as read-only rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.editor.binding import FieldBinding, join_path
from gui.editor.context import EditContext
from gui.editor.derived import DAY0_PATH, birth_age_text, derived_rows, derived_text
from gui.editor.fields import FieldSpec, record_fields
from gui.editor.mnemonics import Mnemonics
from gui.editor.rule_words import with_rule
from gui.editor.typed_dose import unit_field
from gui.editor.values import MISSING_TEXT, Missing
from gui.editor.widgets import ChoiceBox, VocabPicker, make_editor, missing_reason_texts
from gui.no_wheel import no_wheel

FIELD_WIDTHS = {"int": 110, "float": 110, "when": 150, "bool": 110, "int_list": 260,
                "enum": 300, "coded": 240}
# A choice narrows to this before its label goes above it: 300 px and its "if missing: why"
# box did not fit beside the labels at 1024 px (Sex *, Specimen * jumped above their fields
# while the other labels stayed beside theirs)
LEAST_WIDTHS = {"enum": 180}


class RecordForm(QWidget):
    """Edits the record at ``record_path`` (a path string, "" for the case itself, or None for
    "no record"); ``fields``: the fields shown (all of the record's by default)."""

    def __init__(self, ctx: EditContext, model: type, record_path: str | None,
                 mnemonics: Mnemonics, parent: QWidget | None = None,
                 fields: tuple[FieldSpec, ...] | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.model = ctx, model
        self.record_path = record_path
        self.bindings: dict[str, FieldBinding] = {}
        self.reasons: dict[str, ChoiceBox] = {}
        self.subforms: dict[str, RecordForm] = {}
        self.beside: dict[str, QLabel] = {}  # derived value shown next to its field
        self._units: dict[str, str | None] = {}
        # what was done to a value typed here (an age of 93 stored as ≥90), shown beside the
        # field until its value changes again
        self._notes: dict[str, str] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.record_problems = QLabel(self)
        self.record_problems.setWordWrap(True)
        self.record_problems.setObjectName("RecordProblems")
        self.layout_.addRow(self.record_problems)
        for spec in record_fields(model) if fields is None else fields:
            self._add_field(spec, mnemonics)
        self.derived_box = QLabel(self)
        self.derived_box.setObjectName("Derived")
        self.derived_box.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addRow(self.derived_box)
        ctx.doc.value_changed.connect(self._on_value_changed)
        ctx.doc.reset.connect(self.refresh)
        ctx.feedback_changed.connect(self.show_feedback)
        ctx.unstored_changed.connect(self._on_unstored_changed)
        ctx.notice.connect(self._on_notice)
        self.refresh()

    # -- building --------------------------------------------------------------------------
    def _add_field(self, spec: FieldSpec, mnemonics: Mnemonics) -> None:
        if spec.kind == "model":
            self._add_subform(spec, mnemonics)
        elif spec.is_simple:
            self._add_row(spec, mnemonics)

    def _add_row(self, spec: FieldSpec, mnemonics: Mnemonics) -> None:
        editor = make_editor(spec, self.ctx.date_format, self)
        if spec.scope and isinstance(editor, VocabPicker):  # e.g. the case's country
            editor.scope = lambda name=spec.scope: self._value_of(name)
        editor.setAccessibleName(spec.label)
        editor.setObjectName(f"field:{spec.name}")
        # the record's unit field, also when it is not in this form (a table column)
        unit_spec = unit_field(spec, record_fields(self.model))
        self.bindings[spec.name] = FieldBinding(self.ctx, spec, editor, self._path_of_record,
                                                unit_spec)
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(editor, 0 if spec.kind in FIELD_WIDTHS else 1)
        if spec.kind in FIELD_WIDTHS:
            editor.setMinimumWidth(FIELD_WIDTHS[spec.kind])
            editor.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        if spec.kind in LEAST_WIDTHS:  # its usual width where there is room, less where not
            editor.setMaximumWidth(max(FIELD_WIDTHS[spec.kind], editor.sizeHint().width()))
            editor.setMinimumWidth(LEAST_WIDTHS[spec.kind])
            box.setStretchFactor(editor, 1)
        if spec.unit:
            box.addWidget(QLabel(spec.unit, row))
        derived = QLabel(row)
        derived.setObjectName("Derived")
        derived.hide()
        box.addWidget(derived)
        self.beside[spec.name] = derived
        self._units[spec.name] = spec.unit
        if spec.kind in FIELD_WIDTHS:
            box.addStretch(1)
        if spec.req == "R":
            box.addWidget(self._reason_box(spec, row))
        row.setFocusProxy(editor)
        label = QLabel(mnemonics.label(spec.label) + (" *" if spec.req == "R" else ""), self)
        label.setBuddy(editor)
        if spec.help:
            label.setToolTip(spec.help)
        self.layout_.addRow(label, row)

    # -- label placement -------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_labels(event.size().width())

    def _place_labels(self, width: int) -> None:
        """Every label beside its field, or (narrower than that fits) every label above it:
        QFormLayout's WrapLongRows put a label above only the fields too wide for the room the
        widest label leaves, so some labels jumped above their fields and others did not."""
        layout = self.layout_
        margins = layout.contentsMargins()
        room = width - margins.left() - margins.right()
        pairs = []
        for row in range(layout.rowCount()):
            label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None and not label.isEmpty():
                pairs.append((label.sizeHint().width(), field.minimumSize().width()))
        widest = max((w for w, _ in pairs), default=0)
        spacing = max(layout.horizontalSpacing(), 0)
        beside = all(widest + spacing + least <= room for _, least in pairs)
        policy = (QFormLayout.RowWrapPolicy.WrapLongRows if beside
                  else QFormLayout.RowWrapPolicy.WrapAllRows)
        if layout.rowWrapPolicy() != policy:
            layout.setRowWrapPolicy(policy)

    def _reason_box(self, spec: FieldSpec, parent: QWidget) -> ChoiceBox:
        box = ChoiceBox(missing_reason_texts(), parent)
        box.setAccessibleName(f"{spec.label}: reason missing")
        box.setToolTip(f"Why {spec.label} is missing (also Ctrl+M in the field)")
        box.line_edit().setPlaceholderText("if missing: why")
        box.setMinimumContentsLength(14)
        no_wheel(box)  # the wheel scrolls the form; it set '(pending)' passing over the box
        for part in (box, box.line_edit()):  # Tab skips it: Ctrl+M in the field gives a reason
            part.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        box.text_edited.connect(lambda text, s=spec: self._on_reason_typed(s, text))
        # A part-typed reason completed on leaving the box (see ChoiceBox) is committed too.
        box.editingFinished.connect(lambda s=spec, b=box: self._on_reason_typed(s, b.value_text()))
        self.reasons[spec.name] = box
        return box

    def _add_subform(self, spec: FieldSpec, mnemonics: Mnemonics) -> None:
        group = QGroupBox(spec.label, self)
        inner = QVBoxLayout(group)
        assert spec.model is not None  # a "model" field names its model
        sub = RecordForm(self.ctx, spec.model, self._sub_path(spec.name), mnemonics, group)
        inner.addWidget(sub)
        self.subforms[spec.name] = sub
        self.layout_.addRow(group)

    # -- record path -----------------------------------------------------------------------
    def _path_of_record(self) -> str | None:
        return self.record_path

    def _value_of(self, name: str) -> str | None:
        path = self._sub_path(name)
        value = self.ctx.doc.get(path) if path is not None else None
        return value.strip() if isinstance(value, str) and value.strip() else None

    def _sub_path(self, name: str) -> str | None:
        return None if self.record_path is None else join_path(self.record_path, name)

    def set_record_path(self, path: str | None) -> None:
        self.record_path = path
        for name, sub in self.subforms.items():
            sub.set_record_path(self._sub_path(name))
        self.refresh()

    # -- document -> widgets ---------------------------------------------------------------
    def refresh(self) -> None:
        self._notes.clear()  # another case or record
        for binding in self.bindings.values():
            binding.refresh()
        for name in self.reasons:
            self._refresh_reason(name)
        self.show_feedback()

    def show_feedback(self) -> None:
        for binding in self.bindings.values():
            binding.show_feedback()
        path = self.record_path
        feedback = self.ctx.feedback
        own = [f for f in feedback.findings if path and f.path == path]
        self.record_problems.setText("\n".join("⚠ " + with_rule(f.rule_id, f.message) for f in own))
        self.record_problems.setVisible(bool(own))
        derived = self._derived_by_field(path)
        for name in self.beside:
            self._show_beside(name, derived.pop(name, None))
        rows = derived_rows(self.model, derived)
        self.derived_box.setText("Derived (read-only): " + " · ".join(
            f"{k} <b>{v}</b>" for k, v in rows))
        self.derived_box.setVisible(bool(rows))

    def _show_beside(self, name: str, value: Any) -> None:
        label, note = self.beside[name], self._notes.get(name)
        unit = self._units.get(name) or ""
        text = note or ("" if value is None else f"derived: {derived_text(value)} {unit}".strip())
        label.setText(text)
        label.setVisible(bool(text))

    def _on_notice(self, path: str, text: str) -> None:
        name = self._name_at(path)
        if name in self.beside:
            self._notes[name] = text
            self._show_beside(name, None)

    def _name_at(self, path: str) -> str | None:
        """The name of this record's field at ``path`` (None: not this record's)."""
        record = self.record_path
        if record is None or record and not (path.startswith(record + ".") or path == record):
            return None
        return path[len(record) + 1 if record else 0:].split(".")[0].split("[")[0] or None

    def _derived_by_field(self, path: str | None) -> dict[str, Any]:
        """Derived values keyed by the field they sit beside; a date's day number beside the
        date (nothing for a when that is already a day number)."""
        out: dict[str, Any] = {}
        for key, value in (self.ctx.feedback.derived_at(path) if path else {}).items():
            if key.endswith(":day"):
                name = key[:-4]
                typed = self.ctx.doc.get(f"{path}.{name}")
                if name == "birth_date":  # the age it gives, not its day number
                    out[name] = birth_age_text(typed, self.ctx.doc.get(DAY0_PATH))
                elif not isinstance(typed, int):
                    out[name] = f"day {value}" if isinstance(value, int) else value
                continue
            out[key] = value
        return out

    def _on_value_changed(self, path: str) -> None:
        record = self.record_path
        if record is None or record and not (path.startswith(record + ".") or path == record):
            return
        name = self._name_at(path) or ""
        if self._notes.pop(name, None) is not None:  # changed again (Undo, typing): no note
            self._show_beside(name, self._derived_by_field(record).get(name))
        if name in self.bindings:
            self.bindings[name].refresh()
            if name in self.reasons:
                self._refresh_reason(name)
        elif path == record:
            self.refresh()

    def _on_unstored_changed(self) -> None:
        """Text refused in a table cell holding one of this form's fields shows here too, and
        goes with it (the field's own refused text stays its own)."""
        for binding in self.bindings.values():
            if binding.shows_elsewhere or binding.typed_elsewhere() is not None:
                binding.refresh()

    def _refresh_reason(self, name: str) -> None:
        path = self.bindings[name].path
        reason = self.ctx.doc.missing_reason(path) if path else None
        self.reasons[name].setEnabled(path is not None)
        self.reasons[name].set_value_text(MISSING_TEXT.get(reason or "", ""))

    def _on_reason_typed(self, spec: FieldSpec, text: str) -> None:
        path = self.bindings[spec.name].path
        reason = next((r for r, t in MISSING_TEXT.items() if t == text.strip().lower()), None)
        if path is None or (text.strip() and reason is None):
            return
        if reason is None and self.ctx.doc.missing_reason(path) is None:
            return
        value = Missing(reason) if reason else self.ctx.doc.get(path)
        self.ctx.set_field(path, value, label=spec.label)

    # -- focus -----------------------------------------------------------------------------
    def focus_field(self, name: str) -> bool:
        if name in self.bindings:
            self.bindings[name].editor.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

    def first_editor(self) -> QWidget | None:
        return next((b.editor for b in self.bindings.values()), None)
