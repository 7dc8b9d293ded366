"""Parts of a window that follow the keyboard focus (``QApplication.focusChanged``), recorded
so that a closing window disconnects them all while they are whole.

A focused field destroyed with its window emits focusChanged into its half-destroyed page (a
segmentation fault, twice in CI, as the next test's window was made). ``follow_focus``
connects a part and records it; ``stop_following_focus(window)`` disconnects every recorded
part inside the window, in its closeEvent.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from types import MethodType
from typing import Any

import shiboken6
from PySide6.QtWidgets import QApplication, QWidget

FocusSlot = Callable[[QWidget | None, QWidget | None], None]

# part -> the function of its slot (the bound method would keep the part alive)
_following: weakref.WeakKeyDictionary[QWidget, Callable[..., Any]] = weakref.WeakKeyDictionary()


def follow_focus(part: QWidget, slot: FocusSlot) -> None:
    """Connect ``slot``, a method of ``part``, to QApplication.focusChanged."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    app.focusChanged.connect(slot)
    _following[part] = slot.__func__  # type: ignore[attr-defined]


def stop_following_focus(window: QWidget) -> None:
    """Disconnect every part of ``window`` that ``follow_focus`` connected."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for part, function in list(_following.items()):
        if not shiboken6.isValid(part) or not (part is window or window.isAncestorOf(part)):
            continue
        del _following[part]
        try:
            app.focusChanged.disconnect(MethodType(function, part))
        except (RuntimeError, TypeError):  # already disconnected
            pass


def following(window: QWidget) -> list[QWidget]:
    """The parts of ``window`` still connected (for tests)."""
    return [part for part in list(_following)
            if shiboken6.isValid(part) and (part is window or window.isAncestorOf(part))]
