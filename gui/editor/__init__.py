"""The case editor: ``from gui.editor import CaseEditor``."""

from gui.editor import pyside_fix

pyside_fix.apply()  # PySide6 6.12.0: emit() drops a reference to True (see pyside_fix.py)

from gui.editor.editor import CaseEditor  # noqa: E402

__all__ = ["CaseEditor"]
