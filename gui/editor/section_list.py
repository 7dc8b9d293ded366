"""The list of CARE sections, each with a completeness mark and its problem count."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from core.services.audit import under_prefix
from gui.editor.context import EditContext
from gui.editor.feedback import Finding, distinct
from gui.editor.sections import SECTIONS, Section, section_completeness
from gui.formatting import counted

MARKS = {"complete": "✓", "partial": "◐", "empty": "○", "none": "·"}


def section_state(section: Section, ctx: EditContext
                  ) -> tuple[int, int, str, list[tuple[str, str]]]:
    """(done, total, state, [(path, text)] of its fields holding text that could not be
    stored): such a section is never complete ('4O' in Age at Day 0: its stored value is
    the old one, so the count would say done), nor is one with an error ('✓ ⚠5' over five
    identifiers typed into a Discussion read as complete)."""
    done, total = section_completeness(section, ctx.doc.doc)
    unstored = [(path, text) for path, text in ctx.unstored.items()
                if any(under_prefix(path, part.path) for part in section.parts)]
    state = completeness_state(done, total)
    if state == "complete" and (unstored or any(
            f.severity == "error" for part in section.parts
            for f in ctx.feedback.findings_under(part.path))):
        state = "partial"
    return done, total, state, unstored


def completeness_state(done: int, total: int) -> str:
    if total == 0:
        return "none"
    if done == total:
        return "complete"
    return "partial" if done else "empty"


class SectionList(QListWidget):
    """Ctrl+1..9 or Ctrl+PgUp/PgDn switch sections (from anywhere in the window); Ctrl+L focuses
    this list. ``chosen``: a section clicked, or Enter pressed on it (activated): the editor
    puts the cursor in its first field, as typing right after a click expects (it went to the
    list's type-ahead, and the next Tab one field early). Arrow keys only show the section
    under them: the keyboard stays in the list to go on moving."""

    chosen = Signal(int)  # the row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clicked.connect(self._choose)
        self.activated.connect(self._choose)
        self.setAccessibleName("Sections")
        self.setToolTip("Sections (Ctrl+L; Ctrl+PgUp/PgDn or Ctrl+1…9 to switch)")
        self.setObjectName("SectionList")
        for i, section in enumerate(SECTIONS):
            item = QListWidgetItem(section.name)
            if i < 9:
                item.setToolTip(f"Ctrl+{i + 1}")
            self.addItem(item)
        self.setMinimumWidth(190)
        self.setWordWrap(True)
        self.setSpacing(1)

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chosen.emit(index.row())

    def update_marks(self, ctx: EditContext) -> None:
        for i, section in enumerate(SECTIONS):
            done, total, state, unstored = section_state(section, ctx)
            findings = distinct(f for p in section.parts  # counted as Problems lists them
                                for f in ctx.feedback.findings_under(p.path))
            errors = len(unstored) + len(findings)
            item = self.item(i)
            text = f"{MARKS[state]}  {section.name}"
            if errors:
                text += f"  ⚠{errors}"
            item.setText(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{section.name}, {state}, {done} of {total} required items"
                         + (f", {counted(errors, 'problem')}" if errors else ""))
            shortcut = f"Ctrl+{i + 1}\n" if i < 9 else ""
            not_stored = "".join(f"\n{text} (not stored)" for _path, text in unstored)
            item.setToolTip(f"{shortcut}{done} of {total} required items given{not_stored}"
                            + _problem_lines(findings))


SHOWN_PROBLEMS = 6  # in a section's tooltip; the Problems tab lists them all


def _problem_lines(findings: list[Finding]) -> str:
    """What the section's ⚠ counts besides text not stored: the checks' messages."""
    lines = [f"\n⚠ {f.message}" for f in findings[:SHOWN_PROBLEMS]]
    if len(findings) > SHOWN_PROBLEMS:
        lines.append(f"\n… and {len(findings) - SHOWN_PROBLEMS} more")
    return "".join(lines)
