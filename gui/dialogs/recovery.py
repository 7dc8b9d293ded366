"""Start-up offer to recover unsaved edits left by a crash (autosaved drafts): each edit with
its case and time, and below the list the fields the selected one changes, in words ("Patient ›
Weight", the first few, "and 12 more"): the offer named only a case and a time. Discard all
(and Recover checked with edits left unchecked, which discards those) asks first, naming what
goes (Keep them is the default and Esc): it was one keystroke, Alt+D, the editor's key for
Discussion, and threw away every recovered edit."""

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
from gui.message_box import MessageBox
from gui.screen_fit import resize_to_fit

SHOWN_CHANGES = 8  # fields listed; the rest are counted ("and 12 more")


class RecoveryDialog(QDialog):
    def __init__(self, drafts: Sequence[Draft], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved changes")
        self._discard_all = False
        self._drafts = list(drafts)
        self.list = QListWidget()
        self.list.setAccessibleName("Unsaved edits")
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        for draft in drafts:
            self.list.addItem(_draft_item(draft))
        self.changes = QLabel()  # the fields the selected edit changes
        self.changes.setTextFormat(Qt.TextFormat.PlainText)
        self.changes.setWordWrap(True)
        self.changes.setAccessibleName("Changed fields")
        self.changes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list.currentRowChanged.connect(self._show_changes)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox()
        recover = buttons.addButton("&Recover checked", QDialogButtonBox.ButtonRole.AcceptRole)
        discard = buttons.addButton("Discard &all", QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton("Decide &later", QDialogButtonBox.ButtonRole.RejectRole)
        recover.clicked.connect(self._on_recover)
        discard.clicked.connect(self._on_discard_all)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("Casebook was not closed properly. These edits were kept automatically "
                       "but never saved to their cases. Recover the checked ones?")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.changes)
        layout.addWidget(buttons)
        resize_to_fit(self, 600, 460)

    def _show_changes(self, row: int) -> None:
        if not 0 <= row < len(self._drafts):
            self.changes.clear()
            return
        draft = self._drafts[row]
        since = saved_since(draft)
        self.changes.setText(f"“{draft.title}”: {changes_text(draft.changes)}"
                             + (f"\n{since}" if since else ""))

    def _on_recover(self) -> None:
        checked = set(self.checked_keys())
        unchecked = [d for d in self._drafts if d.key not in checked]
        if not unchecked or confirm_discard(self, unchecked, unchecked=True):
            self.accept()

    def _on_discard_all(self) -> None:
        if confirm_discard(self, self._drafts):
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


def confirm_discard(parent: QWidget, drafts: Sequence[Draft], unchecked: bool = False) -> bool:
    """Discard ``drafts`` (every edit, or the ones left unchecked) for good? Keep them (the
    default, Esc, the box closed) is False."""
    return ask_discard(parent, lost_text(drafts, unchecked),
                       "to go back to the list (Decide later keeps them all for now).")


def ask_discard(parent: QWidget, lost: str, back: str) -> bool:
    """Discard ``lost`` (recovered typing) for good? Keep them, the default and Esc, goes
    ``back`` (False)."""
    box = MessageBox(MessageBox.Icon.Warning, "Discard unsaved edits", f"Discard {lost}?",
                     parent=parent)
    box.setInformativeText(f"The typing is deleted and cannot be recovered later. Keep them "
                           f"{back}")
    discard = box.addButton("&Yes, discard", MessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep them", MessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)  # Enter must not throw away the clinician's typing
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def lost_text(drafts: Sequence[Draft], unchecked: bool = False) -> str:
    """What discarding ``drafts`` loses: "the unsaved edits of all 3 cases (14 fields
    changed)", "the unsaved edit of 1 unchecked case (2 fields changed)"."""
    cases = len(drafts)
    kind = "unchecked case" if unchecked else "case"
    what = (f"the unsaved edit of 1 {kind}" if cases == 1
            else f"the unsaved edits of {'the' if unchecked else 'all'} {cases} {kind}s")
    listed = [d.changes for d in drafts if d.changes is not None]
    fields = sum(len(c) for c in listed)
    counted = f"{fields} field{'s' if fields != 1 else ''} changed"
    unread = cases - len(listed)
    if unread:  # the stored case could not be read: its fields are not counted
        counted += f", and the fields of {unread} case{'s' if unread != 1 else ''} not listed"
    return f"{what} ({counted})"


def fields_text(changes: Sequence[str] | None) -> str:
    """ "2 fields changed", or "" when they could not be read."""
    if changes is None:
        return ""
    return f"{len(changes)} field{'s' if len(changes) != 1 else ''} changed"


def changes_text(changes: Sequence[str] | None) -> str:
    """The fields an edit changes, one a line, the first ``SHOWN_CHANGES`` (all of them when
    only one more would be left); None: they could not be read."""
    if changes is None:
        return "the changed fields could not be listed (the stored case could not be read)."
    if not changes:
        return "no field differs from the stored case."
    count = len(changes)
    shown = changes if count <= SHOWN_CHANGES + 1 else changes[:SHOWN_CHANGES]
    lines = [f"• {words}" for words in shown]
    if len(shown) < count:
        lines.append(f"and {count - len(shown)} more")
    return f"{count} field{'s' if count != 1 else ''} changed\n" + "\n".join(lines)


def saved_since(draft: Draft) -> str | None:
    """Said when the case changed after the draft was autosaved (saved by `casebook import
    --replace` while the app was down, or restored). A draft that kept the case it began from
    is merged into the case as it is now (gui.session_recovery). An older one's list compares
    the draft with the case as it is now, so it names those later changes as well, which
    Recover would take back, and the recovered edit cannot be saved (its version is stale).
    None otherwise."""
    stored, base = draft.stored_version, draft.base_version
    if not base or stored is None or stored == base:
        return None
    if draft.base is not None:  # the case it began from was kept: Recover merges
        return (f"⚠ The case was saved again after this edit began (this edit is of version "
                f"{base}, the case is at version {stored} now). Recover merges these changes "
                "into the case as it is now and shows what merges, and each field changed on "
                "both sides with both values, before anything opens; nothing is saved until "
                "you Save.")
    return (f"⚠ The case was changed after this autosave (this edit is of version {base}, "
            f"the case is at version {stored} now): the fields listed include the changes "
            "saved since, which this edit does not hold. Recovered, it cannot be saved over "
            "them (Save refuses it); Discard keeps the case as saved.")


def _draft_item(draft: Draft) -> QListWidgetItem:
    where = draft.case_id if draft.base_version else f"{draft.case_id} (new case)"
    since = saved_since(draft)
    later = " · case changed since" if since else ""
    item = QListWidgetItem(f"{draft.title}\n{where} · autosaved "
                           f"{local_time(draft.saved_at)}{later}")
    tip = changes_text(draft.changes)  # the whole list, for a draft not selected
    item.setToolTip(f"{draft.title}: {tip}" + (f"\n{since}" if since else ""))
    item.setData(Qt.ItemDataRole.UserRole, draft.key)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked)
    return item
