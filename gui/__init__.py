"""Casebook's PySide6 GUI. ``gui/app.py: main()`` is the composition root.

The Qt binding is pinned to a PySide6 release whose signals and void calls keep their
references to ``True`` and ``None`` (6.12.0 does not; ``tests/gui/test_qt_binding.py``).
``qt_fix.apply()`` only speeds up imports after PySide6 is loaded.
"""

from gui import qt_fix

qt_fix.apply()
