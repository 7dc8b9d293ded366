"""The mouse wheel never changes a value. Over a choice box or a number box it scrolls the form
(or the table) around it, as over a label: scrolling a long section with the wheel changed
every choice the pointer crossed (Sex female to male, Hypoxia low to high flow, the derived CRS
grade with it), in a case being amended too, without a word. The keyboard (arrows, typing, F4)
and the list still change it.

One filter, ``no_wheel(widget)``: the editor's choice boxes (form fields, table cells, the
"if missing: why" reasons) and the dialogs' combo and spin boxes use it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget


class WheelPassesOn(QObject):
    """Refuses the wheel to the widget it watches; the event is ignored, not eaten, so Qt
    passes it on to the widgets around it (the section page scrolls)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Wheel:
            event.ignore()
            return True
        return False


def no_wheel(*widgets: QWidget) -> None:
    """The wheel over any of ``widgets`` scrolls what is around it, never changes its value,
    and does not give it the focus (Qt's combo and spin boxes take the focus from a wheel
    turn: the cursor jumped to a field the pointer merely crossed)."""
    for widget in widgets:
        widget.installEventFilter(WheelPassesOn(widget))  # a child: goes with the widget
        if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
