"""Dialogs behind small injected interfaces, so tests script the answers."""

from gui.dialogs.prompter import Prompter, QtPrompter, UnsavedChoice

__all__ = ["Prompter", "QtPrompter", "UnsavedChoice"]
