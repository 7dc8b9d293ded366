"""One figure of the case as a card: its thumbnail and file, its legend and what it shows, the
attestation, and its buttons (the Figures panel's shortcuts act on the card holding the cursor).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.model.report import Attachment
from gui.editor.context import EditContext
from gui.editor.fields import record_fields
from gui.editor.figure_files import THUMB, size_text
from gui.editor.form import RecordForm
from gui.editor.mnemonics import Mnemonics
from gui.editor.rule_words import with_rule
from gui.editor.widgets.line_field import apply_problem
from gui.flow_layout import FlowLayout
from gui.style_flags import restyle

CARD_FIELDS = ("figure_number", "kind", "caption", "day", "shows_event")
ATTESTED = "no_full_face_attested"
TYPE_NAMES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF",
              "application/pdf": "PDF"}
STYLE = """
QFrame#FigureCard { border: 1px solid #c5cad1; border-radius: 4px; background: palette(base); }
QFrame#FigureCard[current="true"] { border: 2px solid #1565c0; }
QLabel#Thumbnail { background: #f3f4f6; border: 1px solid #dde1e6; }
QLabel#FileInfo { color: #455a64; }
QLabel#RecordProblems { color: #b71c1c; }
QCheckBox[problem="error"] { color: #b71c1c; }
QCheckBox[problem="warning"] { color: #8d6e00; }
"""
CardButton = tuple[str, str, str]  # action name, button text, shortcut
# The shared form's minimum widths (300 px for a choice such as Kind) made a card ~700 px wide,
# wider than the editor with the case list and side panel shown; in a card they may shrink to
# this (the card fits an editor area of about 560 px without a horizontal scroll bar).
CARD_MIN_WIDTH = 120
REASON_MIN_WIDTH = 90


class FigureCard(QFrame):
    """Edits ``attachments[index]``; the form's fields come from the model (``CARD_FIELDS``)."""

    def __init__(self, ctx: EditContext, index: int, mnemonics: Mnemonics,
                 buttons: list[CardButton], on_button: Callable[[str, FigureCard], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.index = ctx, index
        self.setObjectName("FigureCard")
        self.setStyleSheet(STYLE)
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.thumb = QLabel(self)
        self.thumb.setObjectName("Thumbnail")
        self.thumb.setFixedSize(THUMB.width() + 4, THUMB.height() + 4)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setWordWrap(True)
        left.addWidget(self.thumb)
        self.file_info = QLabel(self)
        self.file_info.setObjectName("FileInfo")
        self.file_info.setWordWrap(True)
        self.file_info.setFixedWidth(THUMB.width() + 4)
        self.file_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.file_info)
        left.addStretch(1)
        outer.addLayout(left)
        right = QVBoxLayout()
        fields = {s.name: s for s in record_fields(Attachment)}
        self.form = RecordForm(ctx, Attachment, self.path, mnemonics, self,
                               tuple(fields[name] for name in CARD_FIELDS))
        self._let_fields_shrink()
        right.addWidget(self.form)
        # No mnemonic: an attestation is a deliberate act (Tab to it, Space), never the side
        # effect of an Alt+letter meant for something else ('&' shown as itself, not a key).
        self.attested = QCheckBox(fields[ATTESTED].label.replace("&", "&&"), self)
        self.attested.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.attested_tip = fields[ATTESTED].help or ""
        self.attested.setToolTip(self.attested_tip)
        self.attested.setAccessibleName(fields[ATTESTED].label)
        self.attested.toggled.connect(self._on_attested)
        right.addWidget(self.attested)
        self.problems = QLabel(self)  # findings on the file and the attestation (the form
        self.problems.setObjectName("RecordProblems")  # shows those on its own fields)
        self.problems.setWordWrap(True)
        self.problems.hide()
        right.addWidget(self.problems)
        row = FlowLayout()  # the buttons wrap to a second line in a narrow card
        self.buttons: dict[str, QPushButton] = {}
        for name, text, key in buttons:
            button = QPushButton(text, self)
            button.setToolTip(f"{text} ({key})")
            button.setAccessibleName(text)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, n=name: on_button(n, self))
            row.addWidget(button)
            self.buttons[name] = button
        right.addLayout(row)
        outer.addLayout(right, 1)
        for child in self.findChildren(QWidget):  # a file dropped on a field adds a figure
            child.setAcceptDrops(False)  # (the Figures panel takes it), not its address as text
        ctx.feedback_changed.connect(self.show_feedback)
        self.refresh()

    def _let_fields_shrink(self) -> None:
        """Lower the form's minimum widths in this card only (other sections keep them)."""
        for binding in self.form.bindings.values():
            editor = binding.editor
            if editor.minimumWidth() > CARD_MIN_WIDTH:
                editor.setMinimumWidth(CARD_MIN_WIDTH)
        for box in self.form.reasons.values():
            box.setMinimumContentsLength(6)
            box.setMinimumWidth(REASON_MIN_WIDTH)

    @property
    def path(self) -> str:
        return f"attachments[{self.index}]"

    def set_index(self, index: int) -> None:
        self.index = index
        self.form.set_record_path(self.path)
        self.refresh()
        self.show_feedback()

    def record(self) -> dict:
        value = self.ctx.doc.get(self.path)
        return value if isinstance(value, dict) else {}

    def refresh(self) -> None:
        """The file line and the attestation from the document (the form refreshes itself)."""
        row = self.record()
        number = row.get("figure_number")
        kind = TYPE_NAMES.get(row.get("media_type") or "", row.get("media_type") or "file")
        size = f"{row['width_px']}×{row['height_px']} px · " \
            if row.get("width_px") and row.get("height_px") else ""
        self.file_info.setText(
            f"<b>{'Figure ' + str(number) if number else 'No figure number'}</b><br>"
            f"{_escape(row.get('file_name') or 'pasted image')}<br>"
            f"{kind} · {size}{size_text(row.get('byte_size'))}")
        self.attested.blockSignals(True)
        self.attested.setChecked(row.get(ATTESTED) is True)
        self.attested.blockSignals(False)
        self.setAccessibleName(f"Figure {number}" if number else f"Figure card {self.index + 1}")

    def show_feedback(self) -> None:
        """Findings on the card's fields outside the form (the attestation, the file type)."""
        own = [f for f in self.ctx.feedback.findings if f.path.startswith(self.path + ".")
               and f.path[len(self.path) + 1:] not in CARD_FIELDS]
        self.problems.setText("\n".join("⚠ " + with_rule(f.rule_id, f.message) for f in own))
        self.problems.setVisible(bool(own))
        level = next((f.severity for f in own if f.path.endswith("." + ATTESTED)), "")
        apply_problem(self.attested, level, "", self.attested_tip)

    def show_thumbnail(self, pixmap: QPixmap | None, message: str = "") -> None:
        if pixmap is not None:
            self.thumb.setPixmap(pixmap)
        else:
            self.thumb.clear()
            self.thumb.setText(message or "Loading preview…")

    def set_current(self, current: bool) -> None:
        restyle(self, "current", current)

    def focus_first(self) -> None:
        editor = self.form.first_editor()
        if editor is not None:
            editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_attested(self, checked: bool) -> None:
        self.ctx.set_field(f"{self.path}.{ATTESTED}", True if checked else None,
                           label="Attested: no face, no burned-in identifier")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
