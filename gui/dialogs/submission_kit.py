"""Case › Submission kit…: where to write the kit and whether de-identified (the choices
only: ``gui.kit_export`` checks the folder and writes the kit), and the message at the end
listing what was written, with an "Open folder" button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.message_box import MessageBox

INTRO = ("Writes into a new folder: manuscript.docx (CARE order, tables, figure legends, "
         "references), the filled CARE checklist (DOCX and PDF), each figure as a 300-dpi TIFF "
         "with the timeline chart as the last one, and the PDF case summary.")


class SubmissionKitDialog(QDialog):
    """``chosen(path, deidentified)`` is emitted when the user presses Write."""

    chosen = Signal(object, bool)

    def __init__(self, case_id: str, start_folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.case_id = case_id
        self.start_folder = start_folder
        self.setWindowTitle(f"Submission kit of {case_id}")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Kit folder")
        self.path_edit.setPlaceholderText("a new folder for the kit")
        # the suggestion is the field's text, selected: Enter writes the kit there, typing
        # replaces it (as a placeholder it left Write kit disabled until a folder was typed)
        self.path_edit.setText(str(start_folder / f"{case_id}-kit"))
        self.path_edit.selectAll()
        browse = QPushButton("&Choose…")
        browse.clicked.connect(self._choose)
        browse.setAutoDefault(False)  # Enter in the folder field writes the kit (Write kit)
        self.deidentified = QCheckBox("&De-identified (no identifiers, days instead of dates; "
                                      "figures not attested as free of faces and identifiers "
                                      "are left out)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = self.buttons.addButton("&Write kit",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_write)
        self.buttons.rejected.connect(self.reject)
        self.path_edit.textChanged.connect(self._update)
        folder_label = QLabel("&Folder:")
        folder_label.setBuddy(self.path_edit)
        row = QHBoxLayout()
        row.addWidget(folder_label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.deidentified)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())
        self._update()
        self.write_button.setDefault(True)  # here: it is in the dialog now
        self.path_edit.setFocus()

    def _choose(self) -> None:
        """Choose the folder to put the kit in; the kit is a new folder inside it."""
        parent = QFileDialog.getExistingDirectory(self, "Put the submission kit in",
                                                  str(self.start_folder))
        if parent:
            self.path_edit.setText(str(Path(parent) / f"{self.case_id}-kit"))

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def _update(self) -> None:
        self.write_button.setEnabled(bool(self.path_edit.text().strip()))

    def _on_write(self) -> None:
        self.chosen.emit(self.path(), self.deidentified.isChecked())


def kit_done_box(text: str, details: str, parent: QWidget | None) -> tuple[MessageBox,
                                                                           QPushButton]:
    """The closing message: what was written (and left out), with an "Open folder" button."""
    box = MessageBox(MessageBox.Icon.Information, "Submission kit written", text,
                     MessageBox.StandardButton.Close, parent)
    box.setInformativeText(details)
    open_button = box.addButton("&Open folder", MessageBox.ButtonRole.ActionRole)
    return box, open_button
