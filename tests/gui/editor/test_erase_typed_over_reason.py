"""Text typed over a field's missing-value reason ("(not reported)") and then erased leaves
the field not reported, as it was, not plainly empty with the reason gone (typing replaced
the reason as it went: erasing the typing dropped it). Erasing the reason itself, with
nothing typed, still clears it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press

C2 = "SEED-C2-CAO2023"  # Anchor year and Introduction: not reported
CTRL = Qt.KeyboardModifier.ControlModifier


def field_at(window, path):
    window.editor.focus_path(path)
    return window.focusWidget()


def shown(field) -> str:
    return field.toPlainText() if hasattr(field, "toPlainText") else field.text()


def looks_missing(field) -> bool:
    editor = field.parent() if field.property("missing") is None else field
    return editor.property("missing") is True


def erase_all(qtbot, field, key: Qt.Key) -> None:
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)  # select all
    qtbot.keyClick(field, key)


@pytest.mark.parametrize(("path", "name", "typed", "key"), [
    ("case_report.anchor_year", "anchor_year", "2019", Qt.Key.Key_Delete),
    ("case_report.anchor_year", "anchor_year", "2019", Qt.Key.Key_Backspace),
    ("case_report.introduction", "introduction", "Blinatumomab is", Qt.Key.Key_Delete),
])
def test_erasing_text_typed_over_not_reported_gives_the_reason_back(
        qtbot, stored_references, window, casebook, path, name, typed, key):
    open_from_list(qtbot, window, C2)
    doc = window.editor.ctx.doc
    assert doc.missing_reason(path) == "not_reported"
    field = field_at(window, path)
    assert shown(field) == "(not reported)" and looks_missing(field)

    qtbot.keyClicks(field, typed)  # typing replaces the reason, as it goes
    assert shown(field) == typed and not looks_missing(field)
    assert doc.missing_reason(path) is None and doc.get(path) is not None

    erase_all(qtbot, field, key)  # the typing taken out again: not reported once more
    assert doc.get(path) is None and doc.missing_reason(path) == "not_reported"
    assert looks_missing(field)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert shown(field) == "(not reported)" and looks_missing(field)
    assert doc.missing_reason(path) == "not_reported"

    press(qtbot, window, "Ctrl+S")
    assert not window.session.is_dirty()
    stored = casebook.cases.open_case(C2).case_report
    assert getattr(stored, name) is None and stored.nf.get(name) == "not_reported"


def test_erasing_typing_character_by_character_gives_the_reason_back(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C2)
    field = field_at(window, "case_report.anchor_year")
    qtbot.keyClicks(field, "20")
    for _ in range(2):
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    doc = window.editor.ctx.doc
    assert doc.missing_reason("case_report.anchor_year") == "not_reported"
    qtbot.keyClicks(field, "2018")  # typing again replaces it again
    assert shown(field) == "2018" and doc.get("case_report.anchor_year") == 2018
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C2).case_report
    assert stored.anchor_year == 2018 and "anchor_year" not in stored.nf


def test_erasing_the_reason_itself_still_clears_it(qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C2)
    field = field_at(window, "case_report.anchor_year")
    erase_all(qtbot, field, Qt.Key.Key_Delete)  # "(not reported)" selected and deleted
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert shown(field) == "" and not looks_missing(field)
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C2).case_report
    assert stored.anchor_year is None and "anchor_year" not in stored.nf


def test_saved_with_the_cursor_still_in_the_erased_field(qtbot, stored_references, window,
                                                         casebook):
    open_from_list(qtbot, window, C2)
    field = field_at(window, "case_report.introduction")
    qtbot.keyClicks(field, "Blinatumomab")
    erase_all(qtbot, field, Qt.Key.Key_Backspace)
    assert shown(field) == ""  # empty while the cursor is in it: a Backspace more types nothing
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    press(qtbot, window, "Ctrl+S")  # the cursor still in the field
    stored = casebook.cases.open_case(C2).case_report
    assert stored.introduction is None and stored.nf.get("introduction") == "not_reported"
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert shown(field) == "(not reported)" and looks_missing(field)


def type_each(qtbot, text: str) -> None:
    """Each key to the widget with the focus at that moment (a cell's editor, once open)."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_a_table_cell_erased_after_typing_over_not_reported_keeps_the_reason(
        qtbot, stored_references, window, casebook, key):
    open_from_list(qtbot, window, C2)
    path = "history_items[0].description"  # Medical history, row 1: not reported
    doc = window.editor.ctx.doc
    assert doc.missing_reason(path) == "not_reported"
    window.editor.focus_path(path)
    view = window.focusWidget()
    assert view.currentIndex().data() == "(not reported)"
    type_each(qtbot, "Asthma")  # opens the cell; typing replaces the reason
    cell = QApplication.focusWidget()
    assert cell is not view and cell.value_text() == "Asthma"
    assert doc.get(path) == "Asthma" and doc.missing_reason(path) is None
    erase_all(qtbot, cell, key)
    assert cell.value_text() == ""
    assert doc.get(path) is None and doc.missing_reason(path) == "not_reported"
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert view.currentIndex().data() == "(not reported)"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C2).history_items[0]
    assert stored.description is None and stored.nf.get("description") == "not_reported"


@pytest.mark.parametrize("keys", [
    [Qt.Key.Key_Delete],  # "(not reported)" selected as the cell opens: deleted at once
    [Qt.Key.Key_End] + [Qt.Key.Key_Backspace] * len("(not reported)"),  # Backspace by Backspace
])
def test_a_table_cell_whose_reason_is_erased_is_empty(qtbot, stored_references, window,
                                                       casebook, keys):
    open_from_list(qtbot, window, C2)
    path = "history_items[0].description"
    window.editor.focus_path(path)
    view = window.focusWidget()
    qtbot.keyClick(view, Qt.Key.Key_F2)  # the cell opens on "(not reported)", selected
    cell = QApplication.focusWidget()
    for key in keys:
        qtbot.keyClick(cell, key)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert window.editor.ctx.doc.missing_reason(path) is None
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C2).history_items[0]
    assert stored.description is None and "description" not in stored.nf


@pytest.mark.parametrize("path", ["case_report.introduction", "case_report.anchor_year"])
def test_erasing_the_reason_character_by_character_clears_it(qtbot, stored_references, window,
                                                              casebook, path):
    """Backspace by Backspace from the end of "(not reported)": the user takes the reason
    out, it does not come back when the last character goes."""
    open_from_list(qtbot, window, C2)
    field = field_at(window, path)
    qtbot.keyClick(field, Qt.Key.Key_End)
    for _ in range(len("(not reported)")):
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert shown(field) == "" and not looks_missing(field)
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C2).case_report
    name = path.split(".")[1]
    assert getattr(stored, name) is None and name not in stored.nf
