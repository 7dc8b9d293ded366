"""The same problem is listed once in the Problems panel: a text pasted twice into a field gave
two identical rows for its e-mail address (rule V57, the same field and message). Found by a
stranger run."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.editor.keyboard import CTRL

PASTED = "Referred by the clinic, jdoe@example.org. "
PATH = "case_report.discussion"


def test_a_problem_found_twice_is_listed_once(editor, qtbot):
    QApplication.clipboard().setText(PASTED)
    editor.focus_path(PATH)
    field = QApplication.focusWidget()
    qtbot.keyClick(field, Qt.Key.Key_V, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_V, CTRL)  # the same text pasted twice
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert editor.current_case().case_report.discussion.count("jdoe@example.org") == 2
    editor.feedback_runner.wait()
    panel = editor.problems_panel
    found = [f for f in panel.ctx.feedback.findings if f.rule_id == "V57" and f.path == PATH]
    assert found  # the engine finds the address twice (one hit per paste)
    rows = [f for f in panel.model.findings if f.rule_id == "V57" and f.path == PATH]
    assert len(rows) == 1, rows  # before: 2 identical rows
    assert "jdoe@example.org" in rows[0].message
    shown = [panel.model.index(r, 2).data() for r in range(panel.model.rowCount())]
    assert sum("jdoe@example.org" in text for text in shown) == 1, shown
    errors = sum(f.severity == "error" for f in panel.model.findings)
    assert panel.summary.text().startswith(f"{errors} errors"), panel.summary.text()  # as listed
    item = editor.section_list.item(0)  # Title & keywords: its ⚠ counts the address once
    shown_there = [f for f in panel.model.findings  # the checks' findings, not what to fill
                   if f.path.startswith("case_report") and f.severity != "required"]
    assert item.text().endswith(f"⚠{len(shown_there)}"), (item.text(), shown_there)


def test_distinct_keeps_the_first_of_each_rule_field_and_message():
    from gui.editor.feedback import Finding, distinct

    a = Finding("V57", "error", "case_report.discussion", "'x@y.org' looks like …", True, "x@y.org")
    b = Finding("V57", "error", "case_report.discussion", "'z@y.org' looks like …", True, "z@y.org")
    c = Finding("V57", "error", "case_report.introduction", a.message, True, "x@y.org")
    assert distinct([a, b, a, c, b]) == [a, b, c]
