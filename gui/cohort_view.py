"""The cohort summary of the search hits, in a small non-modal dialog."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from core.services.values import CohortSummary

GROUPS = (("Main diagnosis", "by_diagnosis"), ("CNS status at diagnosis", "by_cns_at_diagnosis"),
          ("Best response", "by_best_response"))


def summary_lines(summary: CohortSummary) -> list[str]:
    """The summary as plain lines (also what the dialog shows)."""
    age = "—" if summary.median_age is None else f"{summary.median_age:g} years"
    lines = [f"Cases: {summary.total}", f"Median age at Day 0: {age}",
             f"Adverse event grade ≥3: {summary.ae_grade3_or_worse}"]
    for title, attribute in GROUPS:
        counts: dict[str, int] = getattr(summary, attribute)
        lines.append(f"{title}:")
        lines.extend(f"    {label}: {n}" for label, n in counts.items())
        if not counts:
            lines.append("    —")
    return lines


class CohortDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Cohort summary")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.body = QLabel()
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName("Cohort summary")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(buttons)

    def show_summary(self, summary: CohortSummary) -> None:
        query = summary.query or "every case"
        self.heading.setText(f"<b>Search:</b> {escape(query)}")
        self.body.setText("\n".join(summary_lines(summary)))

    def text(self) -> str:
        return self.body.text()
