"""A choice open in a table cell stays inside its cell (stranger, mouse user at 1024x768): its
editor was widened to its own size hint, so a Scope choice open in Responses covered most of
the Category cell beside it. A double-click on the Category cell as the user sees it went into
the Scope choice: "CR" typed there was refused (Scope read "CR", marked not stored) and the
Category stayed empty; in Treatment › Modifications "28" meant for New dose was lost the same
way. The open list still shows its longest value whole (the popup is widened, not the cell)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.conftest import press
from tests.gui.editor.test_choice_words import new_row


def open_choice(typist, panel, field):
    panel.view.setCurrentIndex(panel.view.view_index(0, panel.table_model.column_of(field)))
    typist.key(Qt.Key.Key_F2)
    from gui.editor.widgets import ChoiceBox

    focus = QApplication.focusWidget()
    box = focus if isinstance(focus, ChoiceBox) else focus.parentWidget()
    assert isinstance(box, ChoiceBox)
    return box


def double_click_where_seen(view, pos: QPoint) -> None:
    """A double-click as the mouse gives it (a click, then a click that is a double-click),
    each to the widget shown at ``pos`` in the viewport (an open editor above the cell gets
    it), not to the viewport beneath."""
    viewport = view.viewport()
    for click in (QTest.mouseClick, QTest.mouseDClick):
        target: QWidget = viewport.childAt(pos) or viewport
        click(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
              target.mapFrom(viewport, pos))


def test_a_double_click_on_the_cell_beside_an_open_choice_edits_that_cell(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist, responses = new_row(qtbot, window, "Responses", "response_assessments")
    view = responses.view
    box = open_choice(typist, responses, "scope")
    typist.type("marrow")  # the choice stays open, its value shown
    category = view.view_index(0, responses.table_model.column_of("category"))
    seen = view.visualRect(category)
    assert not box.geometry().intersects(seen)  # was: the Scope choice over 90% of it

    double_click_where_seen(view, seen.center())
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState
                    and view.currentIndex().column() == category.column())
    typist.type("CR")
    typist.key(Qt.Key.Key_Return)
    row = window.editor.current_case().response_assessments[0]
    assert (row.scope, row.category) == ("marrow_hematologic", "CR")
    assert view.view_index(0, responses.table_model.column_of("scope")).data() == "marrow"
    assert category.data() == "CR"


def test_the_open_list_still_shows_the_longest_value_whole(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist, lines = new_row(qtbot, window, "Treatment", "treatment_lines")
    box = open_choice(typist, lines, "intent")
    cell = lines.view.visualRect(lines.view.view_index(0, lines.table_model.column_of("intent")))
    assert box.width() <= cell.width()
    box.showPopup()
    popup = box.view()
    longest = max(popup.fontMetrics().horizontalAdvance(box.itemText(i))
                  for i in range(box.count()))
    qtbot.waitUntil(lambda: popup.isVisible())
    assert popup.viewport().width() >= longest
    box.hidePopup()
