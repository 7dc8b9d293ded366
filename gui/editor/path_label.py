"""A field path in words for clinicians, from the section of the editor's section list that
shows it ("Title & keywords › Case report › Title"); the wording lives in core
(``core.model.editor_sections.section_path``), so the command line, the reasons that stop
"Mark complete", Problems and the case history say the same, and each place starts with a
name the user can pick in the section list."""

from __future__ import annotations

from core.model.editor_sections import section_path as path_label

__all__ = ["path_label"]
