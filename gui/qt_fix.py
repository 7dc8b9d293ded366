"""Work-around for a PySide6 6.12.0 defect on Python 3.11: calls from Python return the shared
singletons without a new reference. ``SignalInstance.emit()`` returns ``True`` and every void
method (``update()``, ``setText()``, ``processEvents()``...) returns ``None`` that way, so each
call drops one reference to ``True`` or ``None``. After a few thousand calls CPython aborts
("bool_dealloc: deallocating True or False", "none_dealloc: deallocating None").

Python 3.12 makes True/False/None immortal; on 3.11 we do the same by giving them a very large
reference count, once, only when the defect is detected. Harmless where it is not needed.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_HEADROOM = 1 << 40  # ~10^12 calls before a count could run out
_PROBES = 4


class _Probe(QObject):
    ping = Signal()


def emit_drops_true_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    return sys.getrefcount(True) < before


def void_call_drops_none_reference() -> bool:
    probe = _Probe()
    probe.setObjectName("probe")  # first-call caches are not the defect
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def make_immortal(*values: object) -> None:
    for value in values:
        count = ctypes.c_ssize_t.from_address(id(value))
        if count.value < _HEADROOM:
            count.value += _HEADROOM


def make_bools_immortal() -> None:
    make_immortal(True, False)


def faster_feature_check() -> bool:
    """Start-up speed, not a defect: after PySide6 is imported, every later import asks
    ``_mod_uses_pyside(module)`` (for ``from __feature__ import ...``), which reads the module
    with ``inspect.getsource``: ~80 ms over the ~360 modules the app imports. The same test on
    the file's bytes costs a tenth; anything unusual falls back to PySide's own function."""
    feature = sys.modules.get("PySide6.support.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "reads_bytes", False):
        return False

    def mod_uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return original(module)

    mod_uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[union-attr]
    return True


def apply() -> bool:
    """Apply the work-around when this PySide6 needs it; True when applied."""
    faster_feature_check()
    if sys.version_info >= (3, 12):
        return False
    applied = False
    if emit_drops_true_reference():
        make_bools_immortal()
        applied = True
    if void_call_drops_none_reference():
        make_immortal(None)
        applied = True
    return applied
