"""The editor's Timeline marks an event from placeholder values with †, as the PDF's timeline
table, its chart and the kit's manuscript do (a hematologist's check: the editor showed no
mark, so synthetic values read as the patient's): the same rows as the PDF marks, each marked
row's tooltip and the note under the list saying what † means. An event typed by hand is not
marked, and the note goes when no row is marked."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from core.clinical import engine
from core.report.placeholders import PLACEHOLDER_MARK, PLACEHOLDER_NOTE, from_placeholder
from tests.gui.conftest import open_as_draft, press
from tests.gui.editor.keyboard import Typist

C1 = "SEED-C1-CAO2023"


def _rows(timeline):
    tree = timeline.tree
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]


def test_timeline_marks_placeholder_events_as_the_pdf_does(qtbot, stored_references, window,
                                                           casebook):
    open_as_draft(qtbot, casebook, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.feedback_runner.wait()
    qtbot.keyClick(window.editor, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # Time&line
    timeline = window.editor.timeline_view
    qtbot.waitUntil(lambda: timeline.isVisible())

    stored = casebook.cases.open_case(C1)
    # the PDF's rule (sections_timeline.timeline_placeholders) over the stored case
    expected = [from_placeholder(stored, e.path)
                for e in engine.evaluate(stored).evaluation.derived.timeline]
    rows = _rows(timeline)
    marks = [item.text(0).endswith(PLACEHOLDER_MARK) for item in rows]
    assert marks == expected and any(marks) and not all(marks)
    marked = rows[marks.index(True)]
    assert marked.text(0) == f"d0\u00a0{PLACEHOLDER_MARK}"  # "d0 †", as the PDF's first cell
    assert PLACEHOLDER_MARK not in marked.text(2)
    assert all(PLACEHOLDER_NOTE in marked.toolTip(column) for column in range(3))
    plain = rows[marks.index(False)]
    assert PLACEHOLDER_MARK not in plain.text(0) + plain.text(2)
    assert all(PLACEHOLDER_NOTE not in plain.toolTip(column) for column in range(3))
    assert timeline.legend.isVisible() and timeline.legend.text() == PLACEHOLDER_NOTE

    # an event typed by hand: listed without a mark, stored without placeholder values
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Timeline").tables["timeline"]
    typist.add_rows(events, [{"day": 5, "event_type": "other", "label": "Port placed"}],
                    lambda *_: None)
    window.editor.feedback_runner.wait()
    typed = [item for item in _rows(timeline) if item.text(2).startswith("Port placed")]
    assert [(item.text(0), item.text(2)) for item in typed] == [("d5", "Port placed")]
    assert PLACEHOLDER_NOTE not in typed[0].toolTip(0)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.editor.is_dirty())
    saved = casebook.cases.open_case(C1)
    [event] = [e for e in saved.timeline if e.label == "Port placed"]
    assert event.src != "placeholder" and not event.placeholder_fields


def _entered(value):
    """The case's JSON with every placeholder provenance and field list taken away."""
    if isinstance(value, list):
        return [_entered(v) for v in value]
    if isinstance(value, dict):
        return {k: "entered" if k == "src" and v == "placeholder" else _entered(v)
                for k, v in value.items() if k != "placeholder_fields"}
    return value


def test_no_mark_and_no_note_without_placeholder_values(editor):
    from core.model import Case
    from tests.conftest import REFERENCE_CASEBOOK

    doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][0]
    editor.load_case(Case.model_validate(_entered(doc)))
    editor.feedback_runner.wait()
    timeline = editor.timeline_view
    rows = timeline.items()
    assert len(rows) > 30 and not any(PLACEHOLDER_MARK in "".join(row) for row in rows)
    assert timeline.legend.isHidden()
