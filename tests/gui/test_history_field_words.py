"""The history's Field box speaks the Field column's words (stranger run at 1024x768): its
placeholder suggested internal paths ("e.g. case_report.title, labs[0] or title"), and a
field's history (right-click, Field history…) put the path in the box
("case_report.anchor_year") and in the entry pane; the why-missing reason the same save
cleared ("Anchor year (why missing)") was left out. Now the placeholder's examples are field
names, each of which filters the list, and a field's history shows the field's name."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMenu

from gui.history_view import COL_FIELD, FIELD_EXAMPLES
from tests.gui.conftest import open_from_list, press, type_in_field

C1 = "SEED-C1-CAO2023"
DOTTED = re.compile(r"\b[a-z_]+(?:\[\d+\])?\.[a-z_]{2,}|\w\[\d+\]")  # case_report.title, labs[0]


def changed_c1(casebook) -> None:
    """Reference case 1 saved with a new weight and values in lab rows 1, 2 and 12."""
    case = casebook.cases.open_case(C1)
    doc = case.model_dump(mode="json")
    doc["patient"]["weight_kg"] = 70.0
    for row in (0, 1, 11):
        doc["labs"][row]["value_entered"] = 91.5 + row
    casebook.cases.save_case(type(case).model_validate(doc))


def field_names(dialog) -> list[str]:
    """The Field column of every row shown, a creation's rows included."""
    model = dialog.model
    names = []
    for row in range(model.rowCount()):
        top = model.index(row, COL_FIELD)
        names.append(top.data())
        parent = model.index(row, 0)
        names += [model.index(child, COL_FIELD, parent).data()
                  for child in range(model.rowCount(parent))]
    return names


def type_text(qtbot, widget, text: str) -> None:
    """Typed as a keyboard does, "›" too (QTest's keyClicks takes ASCII only)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def examples() -> list[str]:
    return re.split(r", | or ", FIELD_EXAMPLES)


def test_the_placeholder_suggests_field_names_that_filter(qtbot, stored_references, window,
                                                          casebook):
    changed_c1(casebook)
    window.case_model.reload()
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    type_in_field(qtbot, window, "case_report.anchor_year", "2021")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty(), timeout=5000)
    press(qtbot, window, "Ctrl+Shift+H")
    dialog = window.history.dialog
    box = dialog.field_box
    assert not DOTTED.search(box.placeholderText()), box.placeholderText()
    assert examples() == ["Weight", "Anchor year", "Labs › row 1"]
    expected = {  # each example as typed: the fields it finds, by the Field column
        "Anchor year": {"Title & keywords › Case report › Anchor year",
                        "Title & keywords › Case report › Anchor year (why missing)"},
        "Weight": {"Patient › Weight"},
        "Labs › row 1": {"Labs › Laboratory results › row 1 › Value"}}  # not row 12
    for text in examples():
        box.clear()
        type_text(qtbot, box, text)
        assert set(field_names(dialog)) == expected[text], text
        assert dialog.count_label.text().startswith(f"{len(expected[text])} of "), text
    box.clear()
    qtbot.keyClicks(box, "labs > ROW 12")  # typed with > and in capitals
    assert field_names(dialog) == ["Labs › Laboratory results › row 12 › Value"]


def context_menu_of(widget) -> QMenu:
    pos = QPoint(5, 5)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def test_a_fields_history_shows_its_name_and_its_reason(qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    field = type_in_field(qtbot, window, "case_report.anchor_year", "2021")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty(), timeout=5000)
    menu = context_menu_of(field)
    action = next(a for a in menu.actions() if a.text().replace("&", "").startswith(
        "Field history"))
    action.trigger()
    menu.close()
    dialog = window.history.dialog
    assert dialog.field_box.text() == "Title & keywords › Case report › Anchor year"
    assert sorted(field_names(dialog)) == [
        "Title & keywords › Case report › Anchor year",
        "Title & keywords › Case report › Anchor year (why missing)"]
    shown = [dialog.model.index(r, c).data(role) for r in range(dialog.model.rowCount())
             for c in range(dialog.model.columnCount())
             for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)]
    for text in [dialog.field_box.text(), dialog.details.toPlainText(), *shown]:
        assert not DOTTED.search((text or "").replace("dr.test", "")), text  # the user's name
    assert "not reported → —" in shown  # the reason in words, not not_reported

    qtbot.keyClick(dialog.field_box, Qt.Key.Key_End)  # edited by hand: its words filter
    qtbot.keyClicks(dialog.field_box, " (why")
    assert field_names(dialog) == ["Title & keywords › Case report › Anchor year (why missing)"]
