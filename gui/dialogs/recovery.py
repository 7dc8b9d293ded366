"""Start-up offer to recover unsaved edits left by a crash (autosaved drafts)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.services.drafts import Draft
from gui.formatting import local_time
from gui.screen_fit import resize_to_fit


class RecoveryDialog(QDialog):
    def __init__(self, drafts: Sequence[Draft], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved changes")
        self._discard_all = False
        self.list = QListWidget()
        self.list.setAccessibleName("Unsaved edits")
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        for draft in drafts:
            self.list.addItem(_draft_item(draft))
        buttons = QDialogButtonBox()
        recover = buttons.addButton("&Recover checked", QDialogButtonBox.ButtonRole.AcceptRole)
        discard = buttons.addButton("&Discard all", QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton("Decide &later", QDialogButtonBox.ButtonRole.RejectRole)
        recover.clicked.connect(self.accept)
        discard.clicked.connect(self._on_discard_all)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("Casebook was not closed properly. These edits were kept automatically "
                       "but never saved to their cases. Recover the checked ones?")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        resize_to_fit(self, 600, 320)

    def _on_discard_all(self) -> None:
        self._discard_all = True
        self.accept()

    def checked_keys(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items
                if it.checkState() == Qt.CheckState.Checked]

    def ask(self) -> list[str] | None:
        if self.exec() != QDialog.DialogCode.Accepted:
            return None
        return [] if self._discard_all else self.checked_keys()


def _draft_item(draft: Draft) -> QListWidgetItem:
    where = draft.case_id if draft.base_version else f"{draft.case_id} (new case)"
    item = QListWidgetItem(f"{draft.title}\n{where} · autosaved {local_time(draft.saved_at)}")
    item.setToolTip(draft.title)
    item.setData(Qt.ItemDataRole.UserRole, draft.key)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked)
    return item
