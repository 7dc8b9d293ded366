"""The recovered edit of a case saved again since it began (an import, the command line,
another window): what merging it into the case as stored now gives, before anything opens.
Your changes merged in, the changes saved since kept, and each field both changed to different
values with both values, "Keep mine" / "Keep stored" each; a conflict left unpicked opens with
your value in the form (unsaved) and the stored one named in the status bar: nothing is dropped
unasked. Nothing is saved here: the merged case opens as unsaved changes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.services.draft_merge import Conflict, DraftMerge, Pick
from gui.screen_fit import resize_to_fit


class MergeDialog(QDialog):
    def __init__(self, title: str, merge: DraftMerge, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Merge recovered changes")
        self._merge = merge
        self.groups: dict[str, QButtonGroup] = {}
        self.mine: dict[str, QRadioButton] = {}
        self.stored: dict[str, QRadioButton] = {}
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(_label(intro_text(title, merge)))
        inner.addWidget(_label(listed("Your changes, merged in", merge.yours)))
        inner.addWidget(_label(listed("Changes saved since, kept", merge.theirs)))
        if merge.conflicts:
            inner.addWidget(_label(
                f"Changed on both sides ({len(merge.conflicts)}): pick the value to keep. "
                "One left unpicked opens with yours in the form and the stored value named "
                "in the status bar; nothing is saved until you Save."))
            for conflict in merge.conflicts:
                inner.addWidget(self._conflict_box(conflict))
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox()
        button = buttons.addButton("&Open merged", QDialogButtonBox.ButtonRole.AcceptRole)
        button.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        resize_to_fit(self, 640, 520)

    def _conflict_box(self, conflict: Conflict) -> QGroupBox:
        box = QGroupBox(_plain(conflict.label))  # "Title & keywords", not "Title _keywords"
        box.setAccessibleName(f"Conflict: {conflict.label}")
        mine = QRadioButton(f"Keep mine: {_plain(conflict.mine_text)}")
        stored = QRadioButton(f"Keep stored: {_plain(conflict.stored_text)}")
        for radio in (mine, stored):
            radio.setToolTip(radio.text())
        group = QButtonGroup(box)  # exclusive, none checked at first: both values stand
        group.addButton(mine)
        group.addButton(stored)
        lay = QVBoxLayout(box)
        lay.addWidget(mine)
        lay.addWidget(stored)
        self.groups[conflict.key] = group
        self.mine[conflict.key] = mine
        self.stored[conflict.key] = stored
        return box

    def picks(self) -> dict[str, Pick]:
        out: dict[str, Pick] = {}
        for key in self.groups:
            if self.mine[key].isChecked():
                out[key] = "mine"
            elif self.stored[key].isChecked():
                out[key] = "stored"
        return out

    def reject(self) -> None:  # Esc, the box closed: opened as it stands, picks kept —
        self.accept()  # nothing is saved, and the recovered typing is never thrown away here

    def ask(self) -> dict[str, Pick]:
        self.exec()
        return self.picks()


def intro_text(title: str, merge: DraftMerge) -> str:
    return (f"“{title}” was saved again after your edit began (your edit is of version "
            f"{merge.base.version}, the case is at version {merge.stored.version} now). Your "
            "changes go into the case as it is now; it opens as unsaved changes, for you to "
            "check and Save.")


def listed(what: str, changes: Sequence[str]) -> str:
    if not changes:
        return f"{what}: none."
    return f"{what} ({len(changes)}):\n" + "\n".join(f"• {words}" for words in changes)


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _plain(value: str) -> str:
    """A value or a field's place as a button's or a box's title: its '&' shown, not taken
    as a shortcut's mark."""
    return value.replace("&", "&&")
