"""Work-around for a PySide6 6.12.0 defect on Python 3.11: ``SignalInstance.emit()`` returns
``True`` without a new reference, so every Python-side emit drops one reference to ``True``.
After a few hundred emits CPython aborts ("bool_dealloc: deallocating True or False").

Python 3.12 makes True/False immortal; on 3.11 we do the same by giving them a very large
reference count, once, only when the defect is detected. Harmless where it is not needed.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_HEADROOM = 1 << 40  # ~10^12 emits before the count could run out


class _Probe(QObject):
    ping = Signal()


def emit_drops_true_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.ping.emit()
    return sys.getrefcount(True) < before


def make_bools_immortal() -> None:
    for value in (True, False):
        count = ctypes.c_ssize_t.from_address(id(value))
        if count.value < _HEADROOM:
            count.value += _HEADROOM


def apply() -> bool:
    """Apply the work-around when this PySide6 needs it; True when applied."""
    if sys.version_info >= (3, 12) or not emit_drops_true_reference():
        return False
    make_bools_immortal()
    return True
