"""Every message box Casebook shows (questions, messages, errors, About): ``MessageBox``.

Qt's QMessageBox clicks a button when the button's underlined letter is pressed alone, without
Alt (QMessageBox::keyPressEvent matches plain keys against the buttons' shortcuts): a clinician
typing into the form when a question popped up answered it with a letter of the text ("d" or
"i" discarded the changes, "y" said Yes to replacing a file or restoring a backup). Here a
button's letter answers only with Alt held (Alt+Y, the button's own shortcut); the letter
alone does nothing. Enter still clicks the default button (the answer that loses nothing, at
every question that can lose something) and Escape the escape button.

The static helpers Qt offers (``question``, ``information``, ``warning``, ``critical``,
``about``) are redefined on ``MessageBox`` with Qt's signatures, so they build this box too.
Nothing else in gui/ names QMessageBox (tests/gui/test_message_box_keys.py scans for it).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

Mod = Qt.KeyboardModifier
ANSWERING_MODIFIERS = Mod.AltModifier | Mod.ControlModifier | Mod.MetaModifier
Button = QMessageBox.StandardButton


def is_plain_mnemonic(box: QMessageBox, event: QKeyEvent) -> bool:
    """``event`` is a button's underlined letter without Alt (Shift allowed): the key Qt's own
    QMessageBox would click that button on."""
    if event.modifiers() & ANSWERING_MODIFIERS:
        return False
    key = event.key()
    for button in box.findChildren(QAbstractButton):
        shortcut = button.shortcut()
        if not shortcut.isEmpty() and shortcut[0].key() == key:  # type: ignore[index]
            return True
    return False


class MessageBox(QMessageBox):
    """A QMessageBox whose buttons' letters answer only with Alt."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if is_plain_mnemonic(self, event):
            event.accept()  # typed text, not an answer: nothing happens
            return
        super().keyPressEvent(event)

    @staticmethod
    def question(parent: QWidget | None, title: str, text: str, /,
                 buttons: Button = Button.Yes | Button.No,
                 defaultButton: Button = Button.NoButton) -> Button:  # noqa: N803 - Qt's name
        return show_box(QMessageBox.Icon.Question, parent, title, text, buttons, defaultButton)

    @staticmethod
    def information(parent: QWidget | None, title: str, text: str, /,
                    buttons: Button = Button.Ok,
                    defaultButton: Button = Button.NoButton) -> Button:  # noqa: N803
        return show_box(QMessageBox.Icon.Information, parent, title, text, buttons,
                        defaultButton)

    @staticmethod
    def warning(parent: QWidget | None, title: str, text: str, /,
                buttons: Button = Button.Ok,
                defaultButton: Button = Button.NoButton) -> Button:  # noqa: N803
        return show_box(QMessageBox.Icon.Warning, parent, title, text, buttons, defaultButton)

    @staticmethod
    def critical(parent: QWidget | None, title: str, text: str, /,
                 buttons: Button = Button.Ok,
                 defaultButton: Button = Button.NoButton) -> Button:  # noqa: N803
        return show_box(QMessageBox.Icon.Critical, parent, title, text, buttons,
                        defaultButton)

    @staticmethod
    def about(parent: QWidget | None, title: str, text: str, /) -> None:
        """As QMessageBox.about: the application's icon, one OK button."""
        box = MessageBox(QMessageBox.Icon.Information, title, text, Button.NoButton, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        icon = box.windowIcon()
        box.setIconPixmap(icon.pixmap(icon.actualSize(QSize(64, 64))))
        box.exec()


def show_box(icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str,
             buttons: Button, default: Button) -> Button:
    """The box of Qt's static helpers, modal: the button clicked (Escape or closing the box:
    its escape button's, else Cancel, as Qt's). ``default``: the button Enter clicks (none
    given: the first with the accept role, as Qt)."""
    box = MessageBox(icon, title, text, Button.NoButton, parent)
    role = QMessageBox.ButtonRole.AcceptRole
    bit = Button.FirstButton.value
    while bit <= Button.LastButton.value:  # Qt's order, and its choice of the default
        which = Button(bit)
        bit <<= 1
        if not buttons & which:
            continue
        button = box.addButton(which)
        if box.defaultButton() is None and (
                which == default or (default == Button.NoButton
                                     and box.buttonRole(button) == role)):
            box.setDefaultButton(button)
    if box.exec() == -1:
        return Button.Cancel
    return box.standardButton(box.clickedButton())
