"""Dynamic style properties (``Widget[level="warning"]`` in a style sheet): set the property,
re-polish and repaint. Polish alone does not repaint: in a real X window a widget kept its old
look (a red border, a banner colour) until something else repainted it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QWidget


def restyle(widget: QWidget, name: str, value: object,
            also: Iterable[QWidget] = ()) -> bool:
    """Set ``widget``'s style property ``name`` to ``value``; when it changes, re-polish and
    repaint ``widget`` and ``also`` (children whose look depends on it). True when changed."""
    if widget.property(name) == value:
        return False
    widget.setProperty(name, value)
    for target in (widget, *also):
        target.style().unpolish(target)
        target.style().polish(target)
        target.update()  # polish alone does not repaint the widget
    return True
