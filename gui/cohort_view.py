"""The cohort summary of the search hits, in a small non-modal dialog."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from core.services.values import CohortSummary

GROUPS = (("Sex", "by_sex"), ("Main diagnosis", "by_diagnosis"),
          ("CNS status at diagnosis", "by_cns_at_diagnosis"), ("Best response", "by_best_response"))


def summary_lines(summary: CohortSummary) -> list[str]:
    """The summary as plain lines (also what the dialog shows)."""
    age = "—" if summary.median_age is None else f"{summary.median_age:g} years"
    if summary.age_range is not None:
        age += f" (range {summary.age_range[0]:g}–{summary.age_range[1]:g})"
    lines = [f"Cases: {summary.total}", f"Median age at Day 0: {age}",
             f"Adverse event grade ≥3: {summary.ae_grade3_or_worse}",
             f"Cytokine release syndrome (any grade): {summary.with_crs}",
             f"ICANS (any grade): {summary.with_icans}",
             f"MRD negative (LoD ≤10⁻⁴) at an assessment: {summary.mrd_negative}"]
    for title, attribute in GROUPS:
        counts: dict[str, int] = getattr(summary, attribute)
        lines.append(f"{title}:")
        lines.extend(f"    {label}: {n}" for label, n in counts.items())
        if not counts:
            lines.append("    —")
    return lines


def query_words(text: str) -> str:
    return f"“{text}”" if text else "every case"


class CohortDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.query: str | None = None  # the search summarised
        self.out_of_date = False  # the heading says the search changed since
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

    def show_summary(self, summary: CohortSummary, text: str | None = None) -> None:
        """``text``: the search box's text summarised (the window follows the search: see
        ``show_out_of_date``)."""
        self.query = summary.query if text is None else text
        self.out_of_date = False
        self.heading.setText(f"<b>Search:</b> {escape(query_words(self.query))}")
        self.body.setText("\n".join(summary_lines(summary)))

    def show_out_of_date(self, current: str, why: str) -> None:
        """The search changed since this summary: say so, which search it is of, and ``why``
        it is not updated yet (updating, or a search that cannot be run)."""
        self.out_of_date = True
        self.heading.setText(f"<b>Search:</b> {escape(query_words(self.query or ''))} — "
                             f"<b>out of date</b>: the search is now "
                             f"{escape(query_words(current))}; {escape(why)}")

    def text(self) -> str:
        return self.body.text()
