"""For screenshot scripts: the section names, in order (``CaseEditor.show_section(name)``)."""

from __future__ import annotations

from gui.editor.sections import section_names

__all__ = ["section_names"]
