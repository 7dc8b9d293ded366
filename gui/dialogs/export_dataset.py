"""File › Export dataset…: the format, which cases, the de-identification options and where
to write. The choices only: ``gui.dataset_export`` checks the path and runs the export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.io.deident import DateOption, DeidOptions
from gui.no_wheel import no_wheel

FORMATS = (("csv", "CSV dataset with a REDCap data dictionary (folder or .zip)"),
           ("fhir", "FHIR R4 Bundle (one JSON file)"),
           ("xlsx", "Excel workbook: a sheet per entity and the data dictionary"),
           ("odm", "CDISC ODM 1.3.2 (one XML file: study metadata and clinical data)"),
           ("json", "Casebook JSON (the whole record, to import back)"))
# what each format writes, as the path's placeholder says it
TARGETS = {"csv": "a folder to create, or a .zip file",
           "fhir": "a .json file (FHIR R4 Bundle)",
           "xlsx": "an .xlsx file (Excel workbook)",
           "odm": "an .xml file (CDISC ODM)",
           "json": "a .json file (Casebook JSON)"}
DATES: tuple[tuple[DateOption, str], ...] = (
    ("keep", "Keep calendar dates"), ("drop", "Leave out calendar dates (days from Day 0 stay)"),
    ("shift", "Shift each case's dates back by its own 0–364 days"))


@dataclass(frozen=True)
class ExportChoice:
    format: str
    cases: str  # all, selected, search
    options: DeidOptions
    path: Path


class ExportDatasetDialog(QDialog):
    """``choose_path`` asks for the target (the window's save dialog); ``chosen`` is emitted
    with the choices when the user presses Export."""

    choose_path = Signal()
    chosen = Signal(object)

    def __init__(self, selected: int, found: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export dataset")
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Format")
        for code, text in FORMATS:
            self.format_combo.addItem(text, code)
        self.case_buttons = QButtonGroup(self)
        self.all_cases = QRadioButton("&All cases")
        self.selected_cases = QRadioButton(f"&Selected cases ({selected})")
        self.found_cases = QRadioButton("Cases the sea&rch finds" + (
            f" ({found})" if found is not None else ""))
        self.selected_cases.setEnabled(selected > 0)
        self.found_cases.setEnabled(found is not None)
        for number, button in enumerate((self.all_cases, self.selected_cases, self.found_cases)):
            self.case_buttons.addButton(button, number)
        self.all_cases.setChecked(True)
        self.drop_identifiers = QCheckBox("Leave out &identifier fields (name, record number, "
                                          "birth date, the source publication)")
        self.drop_identifiers.setToolTip("Also the manuscript's authors: their names, e-mails, "
                                         "ORCID iDs and affiliations (they say where the "
                                         "patient was treated)")
        self.hash_ids = QCheckBox("Replace case ids with a keyed &hash")
        self.drop_text = QCheckBox("Leave out free te&xt (and the case's title)")
        self.drop_text.setToolTip("Every text written in words: the report's prose, the title, "
                                  "keywords and Day 0 definition, timeline labels, notes, "
                                  "override reasons… Short coded text (ISCN, HGVS, LOINC, "
                                  "regimen names) stays and is scanned for identifiers")
        self.dates_combo = QComboBox()
        self.dates_combo.setAccessibleName("Dates")
        for code, text in DATES:
            self.dates_combo.addItem(text, code)
        no_wheel(self.format_combo, self.dates_combo)  # the wheel changes neither
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Export to")
        browse = QPushButton("&Choose…")
        browse.clicked.connect(self.choose_path.emit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_export)
        self.buttons.rejected.connect(self.reject)
        self.path_edit.textChanged.connect(self._update)
        self.format_combo.currentIndexChanged.connect(self._update)
        self._lay_out(browse)
        self._update()

    def _lay_out(self, browse: QPushButton) -> None:
        cases = QGroupBox("Cases")
        case_layout = QVBoxLayout(cases)
        for button in (self.all_cases, self.selected_cases, self.found_cases):
            case_layout.addWidget(button)
        self.deid_box = QGroupBox("De-identification")
        deid = QVBoxLayout(self.deid_box)
        for widget in (self.drop_identifiers, self.hash_ids, self.drop_text, self.dates_combo):
            deid.addWidget(widget)
        target = QHBoxLayout()
        target.addWidget(self.path_edit, 1)
        target.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        to_label = QLabel("Export &to:")  # a row of a layout gets no buddy by itself
        to_label.setBuddy(self.path_edit)
        form.addRow(to_label, target)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(cases)
        layout.addWidget(self.deid_box)
        layout.addWidget(self.buttons)

    def format(self) -> str:
        return str(self.format_combo.currentData())

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))

    def options(self) -> DeidOptions:
        if self.format() == "json":  # the whole record: never de-identified
            return DeidOptions()
        dates: DateOption = self.dates_combo.currentData()
        return DeidOptions(drop_identifiers=self.drop_identifiers.isChecked(),
                           hash_ids=self.hash_ids.isChecked(),
                           drop_text=self.drop_text.isChecked(), dates=dates)

    def choice(self) -> ExportChoice:
        cases = ("all", "selected", "search")[max(0, self.case_buttons.checkedId())]
        return ExportChoice(self.format(), cases, self.options(),
                            Path(self.path_edit.text().strip()).expanduser())

    def _update(self) -> None:
        self.deid_box.setEnabled(self.format() != "json")
        self.path_edit.setPlaceholderText(TARGETS[self.format()])
        self.export_button.setEnabled(bool(self.path_edit.text().strip()))

    def _on_export(self) -> None:
        self.chosen.emit(self.choice())
