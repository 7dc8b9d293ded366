"""A paste far over a field's limit (4,878 characters into the Title) is refused with a message
in the user's words naming the field, 'Title: at most 250 characters (4,878 typed)', in the
field's tooltip and in Problems, which quotes only the start of the pasted text (it quoted
pydantic's 'String should have at most 250 characters' and all 4,878 characters)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.editor.validation import plain_error
from tests.gui.editor.keyboard import CTRL, Typist


def _problems(editor) -> list[str]:
    model = editor.problems_panel.model
    return [" ".join(str(model.index(row, column).data() or "")
                     for column in range(model.columnCount()))
            for row in range(model.rowCount())]


def test_a_long_paste_into_the_title_names_the_field_and_elides_the_text(editor, qtbot):
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Title & keywords")
    title = page.forms["case_report"].bindings["title"].editor
    pasted = "Blinatumomab for relapse " + "Very long title " * 303 + "end"
    assert len(pasted) == 4_876
    typist.click(title)
    QApplication.clipboard().setText(pasted)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.key(Qt.Key.Key_V, CTRL)
    typist.key(Qt.Key.Key_Tab)
    assert title.property("problem") == "error"
    assert "Title: at most 250 characters (4,876 typed)" in title.toolTip()
    assert "String should" not in title.toolTip()
    [problem] = [p for p in _problems(editor) if "not stored" in p]
    assert "Title: at most 250 characters (4,876 typed)" in problem
    assert "(typed: 'Blinatumomab for relapse Very long title Very long title Ver…')" \
        in problem
    assert len(problem) < 250  # not the 4,876 characters again
    assert editor.current_case().case_report.title is None  # nothing of it stored


def test_length_limits_of_lists_and_texts_read_naturally():
    assert plain_error({"type": "string_too_short", "msg": "String should have at least 2 "
                        "characters", "input": "a", "ctx": {"min_length": 2}}, "Code") \
        == "Code: at least 2 characters (1 typed)"
    assert plain_error({"type": "too_long", "msg": "List should have at most 3 items after "
                        "validation, not 5", "input": [1, 2, 3, 4, 5],
                        "ctx": {"max_length": 3, "actual_length": 5, "field_type": "List"}},
                       "Keywords") == "Keywords: at most 3 items (5 given)"
    assert plain_error({"type": "too_short", "msg": "List should have at least 1 item after "
                        "validation, not 0", "input": [], "ctx": {"min_length": 1}}, "Authors") \
        == "Authors: at least 1 item (0 given)"
    assert plain_error({"type": "value_error", "msg": "Value error, not a date"}, "Day 0") \
        == "Day 0: not a date"
