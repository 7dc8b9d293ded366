"""Dialogs fit on the screen they open on (issue 15): a preferred size, less wide and less
tall where the screen's free area is smaller (a 1024x768 screen, a laptop at 150 %)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

WIDTH_SHARE, HEIGHT_SHARE = 0.95, 0.9  # of the screen's free area, at most


def fitted(preferred: QSize, available: QRect) -> QSize:
    return QSize(min(preferred.width(), int(available.width() * WIDTH_SHARE)),
                 min(preferred.height(), int(available.height() * HEIGHT_SHARE)))


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, within the free area of the screen it will show on
    (its parent window's)."""
    parent = widget.parentWidget()
    screen = (parent.window() if parent is not None else widget).screen()
    widget.resize(fitted(QSize(width, height), screen.availableGeometry()))
