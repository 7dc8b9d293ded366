"""Dynamic style properties (``Widget[level="warning"]`` in a style sheet): set the property,
re-polish and repaint. Polish alone does not repaint: in a real X window a widget kept its old
look (a red border, a banner colour) until something else repainted it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def restyle(widget: QWidget, name: str, value: object,
            also: Iterable[QWidget] = ()) -> bool:
    """Set ``widget``'s style property ``name`` to ``value``; when it changes, re-polish and
    repaint ``widget`` and ``also`` (children whose look depends on it). True when changed."""
    if widget.property(name) == value:
        return False
    widget.setProperty(name, value)
    for target in (widget, *also):
        if not target.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            continue  # not polished yet (a page being built): its first polish reads the
            # property (polishing it here too cost ~1 ms a field, twice over)
        target.style().unpolish(target)
        target.style().polish(target)
        target.update()  # polish alone does not repaint the widget
    return True
