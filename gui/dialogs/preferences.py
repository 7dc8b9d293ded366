"""Preferences: user name, autosave interval, default PDF mode, the date format dates may be
typed in besides 2023-04-18 (core.settings.Settings)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.settings import Settings, one_line_name
from gui.no_wheel import no_wheel

PDF_MODES = (("identified", "Identified (for the chart)"),
             ("deidentified", "De-identified (for publication)"))
# strftime formats, shown with 18 April 2023 as the example
DATE_FORMATS = ("%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d")
EXAMPLE_DATE = dt.date(2023, 4, 18)


def date_format_label(date_format: str) -> str:
    parts = {"%d": "day", "%m": "month", "%Y": "year"}
    order = sorted(parts, key=date_format.find)
    words = "/".join(parts[code] for code in order if code in date_format)
    return f"{words}: {EXAMPLE_DATE.strftime(date_format)}"


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._settings = settings
        self.user_name = QLineEdit(settings.user_name)
        self.user_name.setPlaceholderText(Settings(user_name="").effective_user())
        self.user_name.setToolTip("Recorded in the audit trail with every change you make.")
        self.pdf_mode = QComboBox()
        for value, label in PDF_MODES:
            self.pdf_mode.addItem(label, value)
        self.pdf_mode.setCurrentIndex(self.pdf_mode.findData(settings.default_pdf_mode))
        self.date_format = QComboBox()
        shown = DATE_FORMATS if settings.date_format in DATE_FORMATS \
            else (settings.date_format, *DATE_FORMATS)  # one set in the file stays offered
        for date_format in shown:
            self.date_format.addItem(date_format_label(date_format), date_format)
        self.date_format.setCurrentIndex(self.date_format.findData(settings.date_format))
        self.date_format.setToolTip("Dates may be typed this way, besides 2023-04-18, 2023-04, "
                                    "2023 and day numbers (d168).")
        no_wheel(self.pdf_mode, self.date_format)  # the wheel changes none
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&User name:", self.user_name)
        form.addRow("Default &PDF mode:", self.pdf_mode)
        form.addRow("&Date format:", self.date_format)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def chosen_settings(self) -> Settings:
        return self._settings.model_copy(update={
            "user_name": one_line_name(self.user_name.text()),  # as it shows
            "default_pdf_mode": self.pdf_mode.currentData(),
            "date_format": self.date_format.currentData(),
        })
