"""Alt+<key> never types: a key with Alt that no mnemonic or shortcut took is dropped, where
Qt's line edits would insert its character (Alt+0 typed "0", Alt+Q typed "q").

Not on macOS, where Option+<key> is how accented and special characters are typed. AltGr
(Ctrl+Alt on Windows, its own modifier on Linux) is left alone too."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

Mod = Qt.KeyboardModifier
IGNORED = Mod.ShiftModifier | Mod.KeypadModifier


def is_stray_alt_key(event: QKeyEvent) -> bool:
    """A key pressed with Alt (and maybe Shift) that would type a character."""
    mods = event.modifiers() & ~IGNORED
    text = event.text()
    return mods == Mod.AltModifier and bool(text) and text.isprintable()


class AltKeyGuard(QObject):
    """Installed on the application (it sees a key press after the shortcuts had theirs)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # every event of the application passes here (~60,000 while a section page is
        # built): all but key events go on at once, without asking their type (a Python enum
        # made each time, most of this filter's cost); Qt gives a key event as a QKeyEvent
        if type(event) is not QKeyEvent:
            return False
        if event.type() == QEvent.Type.KeyPress and is_stray_alt_key(event):
            event.accept()
            return True
        return False


def install_alt_guard(owner: QObject) -> AltKeyGuard | None:
    """Guard the application's key presses while ``owner`` lives (removed with it)."""
    app = QApplication.instance()
    if sys.platform == "darwin" or app is None:
        return None
    guard = AltKeyGuard(owner)
    app.installEventFilter(guard)
    return guard
