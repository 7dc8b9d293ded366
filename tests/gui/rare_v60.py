"""Rule V60 (rare combination) in the Problems panel: shared by the GUI tests that raise it."""

from __future__ import annotations

from PySide6.QtGui import QAction


def v60_rows(window) -> list[int]:
    """The Problems list's rows holding a V60 finding."""
    findings = window.editor.problems_panel.model.findings
    return [i for i, f in enumerate(findings) if f.rule_id == "V60"]


def show_v60_problems(qtbot, window):
    """Wait for the V60 finding and for the feedback to settle, and show the Problems panel
    (View › Feedback panels if the window gave the form the room); the panel."""
    qtbot.waitUntil(lambda: bool(v60_rows(window)))
    window.editor.feedback_runner.wait()  # no later refresh takes the selection away
    qtbot.wait(50)
    panel = window.editor.problems_panel
    if not panel.isVisible():
        window.findChild(QAction, "show_feedback").trigger()
    return panel
