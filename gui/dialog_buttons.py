"""The OK and Cancel buttons of a small dialog: the OK button named for what it does and the
default, both with their accessible names."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


def ok_cancel_buttons(dialog: QDialog, ok_text: str,
                      on_ok: Callable[[], None]) -> tuple[QDialogButtonBox, QPushButton]:
    """The button box (OK runs ``on_ok``, Cancel rejects the dialog) and its OK button."""
    buttons = QDialogButtonBox(dialog)
    ok_button = QPushButton(ok_text, dialog)
    ok_button.setDefault(True)
    cancel = QPushButton("Cancel", dialog)
    for button, role in ((ok_button, QDialogButtonBox.ButtonRole.AcceptRole),
                         (cancel, QDialogButtonBox.ButtonRole.RejectRole)):
        button.setAccessibleName(button.text().replace("&", ""))
        buttons.addButton(button, role)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button
