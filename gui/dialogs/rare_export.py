"""The question of a de-identified dataset export that meets rule V60's rare combination (an
extreme age with a subdivision): leave the subdivision out of the export (the default, as the
de-identified PDF does; the country stays), export it as it is, or stop (nothing written)."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QWidget

from gui.message_box import MessageBox

RareChoice = Literal["leave_out", "as_is", "stop"]
LEAVE_OUT = "&Leave out the subdivision"
AS_IS = "&Export as is"
STOP = "&Stop"


def ask_rare_export(parent: QWidget | None, title: str, message: str) -> RareChoice:
    """Enter leaves the subdivision out (the safe choice); Escape or closing the box stops."""
    box = MessageBox(MessageBox.Icon.Question, title, message, parent=parent)
    leave_out = box.addButton(LEAVE_OUT, MessageBox.ButtonRole.AcceptRole)
    as_is = box.addButton(AS_IS, MessageBox.ButtonRole.DestructiveRole)
    stop = box.addButton(STOP, MessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(leave_out)
    box.setEscapeButton(stop)
    box.exec()
    clicked = box.clickedButton()
    return "leave_out" if clicked is leave_out else "as_is" if clicked is as_is else "stop"
