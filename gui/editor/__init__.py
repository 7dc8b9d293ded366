"""The case editor: ``from gui.editor import CaseEditor``."""

from gui.editor.editor import CaseEditor

__all__ = ["CaseEditor"]
