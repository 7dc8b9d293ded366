"""Casebook's PySide6 GUI. ``gui/app.py: main()`` is the composition root.

PySide6 6.12.0 (the first release with the PySide6-Pdf wheel, so the one we must use) drops a
reference to ``True`` on every ``emit()`` and to ``None`` on every void call from Python; on
Python 3.11 the process aborts after a few thousand calls. ``qt_fix.apply()`` guards against it
before any GUI code runs.
"""

from gui import qt_fix

qt_fix.apply()
