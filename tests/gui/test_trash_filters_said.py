"""With "Show trash" ticked the box filters the trash by title, case id and diagnosis only: a
stranger (a hematologist) typed age:>=90 and saw "0 cases" and nothing else. A line under the
box now says filters do not apply to the trash (and what is shown: test_trash_words_kept), and the Filters button is disabled meanwhile,
its tooltip saying why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press


def test_a_filter_typed_over_the_trash_is_named_as_not_applied(qtbot, stored_references,
                                                               window):
    search, case_list = window.search_panel, window.case_list
    box, model = case_list.filter_box, window.case_model
    qtbot.mouseClick(search.filters_button, Qt.MouseButton.LeftButton)
    assert search.filter_panel.isVisible()
    qtbot.mouseClick(case_list.trash_toggle, Qt.MouseButton.LeftButton,
                     pos=case_list.trash_toggle.rect().center())
    assert case_list.showing_trash()
    assert not search.filters_button.isEnabled()  # before: enabled, its fields doing nothing
    assert not search.filter_panel.isVisible()
    assert "do not apply to the trash" in search.filters_button.toolTip()
    press(qtbot, window, "Ctrl+F")
    qtbot.keyClicks(box, "age:>=90")
    qtbot.waitUntil(lambda: model.query.trashed and model.query.text == "age:>=90"
                    and not model.busy)
    QApplication.processEvents()
    note = search.trash_note
    assert note.isVisible()  # before: "0 cases" and no word more
    assert note.text().startswith("Filters (age:>=90) do not apply to the trash: the trash "
                                  "is empty.")  # test_trash_note_empty
    box.setText("B-ALL")  # words: searched in the trash, nothing to say
    qtbot.waitUntil(lambda: model.query.text == "B-ALL" and not model.busy)
    assert not note.isVisible()
    qtbot.mouseClick(case_list.trash_toggle, Qt.MouseButton.LeftButton,
                     pos=case_list.trash_toggle.rect().center())
    assert search.filters_button.isEnabled()
    assert search.filters_button.toolTip() == "Show the filter panel"
    box.setText("age:>=90")
    assert not note.isVisible()
    qtbot.waitUntil(lambda: not model.query.trashed and model.query.text == "age:>=90"
                    and not model.busy)
