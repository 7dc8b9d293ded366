"""PySide6 start-up speed. (The reference-count work-around for PySide6 6.12.0 is gone: that
release drops a reference to ``True`` on every ``emit()`` and to ``None`` on every void call, so
the project pins a release without the defect, and ``tests/gui/test_qt_binding.py`` guards it.)
"""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401 - loads PySide6.support.feature, patched below


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
        return bool(original(module))

    mod_uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[union-attr]
    return True


def apply() -> bool:
    """Install the start-up speed-up; True when installed."""
    return faster_feature_check()
