"""The CNS status panel: for the selected CSF assessment, the derived status (COG/NCCN) and
subcategories with the inputs that decide it, including the Steinherz–Bleyer comparison for a
traumatic tap, updated as the user types."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from gui.editor.context import EditContext
from gui.editor.derived import derived_text
from gui.editor.table_panel import TablePanel
from gui.editor.values import format_number

STATUS_COLORS = {"CNS1": "#2e7d32", "CNS2": "#ef6c00", "CNS3": "#c62828"}


def tap_explanation(record: dict[str, Any]) -> str:
    """How the inputs read (plain words), independent of the engine."""
    wbc, rbc = record.get("wbc_per_uL"), record.get("rbc_per_uL")
    blasts = record.get("blasts_present_cytospin")
    parts = []
    if wbc is not None:
        parts.append(f"CSF WBC {format_number(wbc)}/µL ({'≥' if wbc >= 5 else '<'}5)")
    if rbc is not None:
        parts.append(f"RBC {format_number(rbc)}/µL ("
                     + ("traumatic tap, ≥10" if rbc >= 10 else "non-traumatic, <10") + ")")
    if blasts:
        parts.append(f"blasts on cytospin: {blasts.replace('_', ' ')}")
    pb_wbc, pb_rbc = record.get("pb_wbc_same_day"), record.get("pb_rbc_same_day")
    if rbc and rbc >= 10 and wbc and pb_wbc is not None and pb_rbc:
        csf_ratio = wbc / rbc
        blood_ratio = (pb_wbc * 1e3) / (pb_rbc * 1e6)
        parts.append(f"Steinherz–Bleyer: CSF WBC/RBC {csf_ratio:.4f} vs 2 × blood WBC/RBC "
                     f"{2 * blood_ratio:.4f}")
    elif rbc is not None and rbc >= 10:
        parts.append("enter same-day blood WBC and RBC for the Steinherz–Bleyer comparison")
    return "; ".join(parts)


class CnsPanel(QGroupBox):
    def __init__(self, ctx: EditContext, csf_table: TablePanel, parent: QWidget | None = None) -> None:
        super().__init__("CNS status of the selected CSF assessment", parent)
        self.ctx, self.table = ctx, csf_table
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName("CNS status")
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.detail)
        ctx.feedback_changed.connect(self.refresh)
        ctx.doc.changed.connect(self.refresh)
        csf_table.view.selectionModel().currentRowChanged.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        row = self.table.view.current_storage_row()
        if row is None:
            self.status.setText("<i>Select a CSF assessment to see its CNS status.</i>")
            self.detail.clear()
            return
        path = self.table.table_model.row_path(row)
        derived = self.ctx.feedback.derived_at(path)
        status = derived.get("cns_status")
        subs = derived_text(derived.get("cns_subcategories"))
        color = STATUS_COLORS.get(str(status), "#37474f")
        if status is None:
            text = "<b>CNS status: —</b>" + (
                " <i>(not derived: clinical engine error, see Problems)</i>"
                if self.ctx.feedback.engine == "error" else "")
        else:
            text = (f"<b style='color:{color}; font-size:14pt'>{derived_text(status)}</b>"
                    f"&nbsp;&nbsp;{subs if subs != '—' else ''}")
        self.status.setText(f"Row {self.table.view.shown_row(row) + 1}: {text}")
        note = derived.get("cns_note")
        explanation = tap_explanation(self.table.table_model.record(row))
        self.detail.setText("\n".join(t for t in (explanation, str(note or "")) if t))

    def status_text(self) -> str:
        return self.status.text()
