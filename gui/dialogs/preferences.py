"""Preferences: user name, autosave interval, default PDF mode (core.settings.Settings)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.settings import Settings

PDF_MODES = (("identified", "Identified (for the chart)"),
             ("deidentified", "De-identified (for publication)"))


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._settings = settings
        self.user_name = QLineEdit(settings.user_name)
        self.user_name.setPlaceholderText(Settings(user_name="").effective_user())
        self.user_name.setToolTip("Recorded in the audit trail with every change you make.")
        self.autosave = QSpinBox()
        self.autosave.setRange(1, 60)
        self.autosave.setSuffix(" s")
        self.autosave.setValue(settings.autosave_seconds)
        self.autosave.setToolTip("Unsaved typing is kept this long after your last change.")
        self.pdf_mode = QComboBox()
        for value, label in PDF_MODES:
            self.pdf_mode.addItem(label, value)
        self.pdf_mode.setCurrentIndex(self.pdf_mode.findData(settings.default_pdf_mode))
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&User name:", self.user_name)
        form.addRow("&Autosave after:", self.autosave)
        form.addRow("Default &PDF mode:", self.pdf_mode)
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
            "user_name": self.user_name.text().strip(),
            "autosave_seconds": self.autosave.value(),
            "default_pdf_mode": self.pdf_mode.currentData(),
        })
