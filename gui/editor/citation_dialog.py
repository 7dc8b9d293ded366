"""References › Paste citation… (Ctrl+Shift+V): one NLM/Vancouver citation, from the clipboard
or typed, read into a new row of the References table. The dialog shows what was read (key,
authors, title, journal, year, volume, issue, pages, DOI, PMID) before the row is added, or
why the text could not be read."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.model.report import Reference
from core.publication import CitationError, parse_citation
from gui.dialog_buttons import ok_cancel_buttons
from gui.screen_fit import resize_to_fit

if TYPE_CHECKING:
    from gui.editor.table_panel import TablePanel

ERROR_COLOUR = "#b71c1c"
SHOWN = (("key", "Key"), ("authors", "Authors"), ("title", "Title"), ("journal", "Journal"),
         ("year", "Year"), ("volume", "Volume"), ("issue", "Issue"), ("pages", "Pages"),
         ("doi", "DOI"), ("pmid", "PMID"))


def looks_like_citation(text: str) -> bool:
    try:
        parse_citation(text)
    except CitationError:
        return False
    return True


class CitationDialog(QDialog):
    def __init__(self, panel: TablePanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.reference: Reference | None = None
        self.setWindowTitle("Paste citation")
        label = QLabel("&Citation (one, as PubMed's 'Cite' or a journal's reference list "
                       "gives it):", self)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Citation")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("Cao Y, Li X, Wang Z, et al. Title. Front Oncol. "
                                     "2023;13:1234567. doi:10.3389/fonc.2023.1234567. PMID: ...")
        self.text.setMaximumHeight(110)
        label.setBuddy(self.text)
        clip = QGuiApplication.clipboard().text().strip()
        if clip and looks_like_citation(clip):  # the clipboard holds a citation: shown at once
            self.text.setPlainText(clip)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("What was read")
        self.preview.setMinimumHeight(150)
        buttons, self.ok_button = ok_cancel_buttons(self, "&Add reference", self._on_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.text.textChanged.connect(self._update_preview)
        self.text.installEventFilter(self)  # Enter adds the reference read (Shift+Enter: a line)
        resize_to_fit(self, 640, 380)
        self._update_preview()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter in the citation presses Add reference (the default button) once the citation
        reads; Shift+Enter still starts a new line."""
        if (watched is self.text and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                and self.ok_button.isEnabled()):
            self.ok_button.click()
            return True
        return super().eventFilter(watched, event)

    def taken_keys(self) -> list[str]:
        model = self.panel.table_model
        return [str(model.record(row).get("key") or "") for row in range(model.rowCount())]

    def _update_preview(self) -> None:
        text = self.text.toPlainText()
        self.reference = None
        if not text.strip():
            self.preview.setText("Paste one citation above (Ctrl+V): what is read from it "
                                 "shows here before the reference is added.")
            self.ok_button.setEnabled(False)
            return
        try:
            self.reference = parse_citation(text, self.taken_keys())
        except CitationError as exc:
            self.preview.setText(f"<span style='color:{ERROR_COLOUR}'>Could not read this "
                                 f"citation. {escape(str(exc))}</span>")
            self.ok_button.setEnabled(False)
            return
        rows = "".join(
            f"<tr><td><b>{label}</b>&nbsp;&nbsp;</td><td>{escape(str(value))}</td></tr>"
            for name, label in SHOWN if (value := getattr(self.reference, name)) is not None)
        missing = [label for name, label in SHOWN if getattr(self.reference, name) is None]
        note = (f"<p>Not in the citation: {', '.join(missing)}.</p>" if missing else "")
        self.preview.setText(f"Read:<table>{rows}</table>{note}")
        self.ok_button.setEnabled(True)

    def row(self) -> dict[str, Any]:
        assert self.reference is not None
        fields = self.reference.model_dump(mode="json", exclude_none=True,
                                           include={name for name, _ in SHOWN} | {"citation"})
        return {**self.panel.new_row(), **fields}

    def _on_ok(self) -> None:
        if self.reference is None:
            return
        first = self.panel.add_rows(1, [self.row()], text="Paste citation")
        if first is not None:
            self.panel.view.go_to(first, self.panel.view.first_editable_column())
            self.panel.show_status(f"Added reference [@{self.reference.key}]: cite it in any "
                                   f"text as [@{self.reference.key}].")
        self.accept()


def _return_focus(panel: TablePanel) -> None:
    panel.window().activateWindow()
    panel.view.setFocus()


def open_citation_dialog(panel: TablePanel) -> CitationDialog | None:
    if panel.table_model.list_path is None:
        return None
    dialog = CitationDialog(panel, panel.window())
    dialog.setModal(True)
    dialog.finished.connect(lambda _result: _return_focus(panel))
    dialog.open()
    dialog.activateWindow()
    dialog.text.setFocus()
    panel.cycle_dialog = dialog  # the panel's open tool dialog (kept alive while open)
    return dialog
