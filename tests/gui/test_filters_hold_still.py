"""The Filters panel holds still under the pointer: a stranger (a hematologist at 1024x768)
typed 'abc' in Filters › Age and pressed Tab; the problem line appeared above the panel and
pushed it ~34 px down, so the next clicks landed in Mutation and MRD and built a wrong query
(age:abc.. mut:90 mrd:nausea). The problem is now shown below the panel."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def test_a_bad_age_does_not_move_the_fields(qtbot, stored_references, window):
    window.resize(1024, 768)
    settle(qtbot)
    search = window.search_panel
    qtbot.mouseClick(search.filters_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    panel = search.filter_panel
    age, mut = panel.ranges["age"][0], panel.fields["mut"]
    before = {w: w.mapTo(window, QPoint(0, 0)) for w in (age, mut, search.filters_button)}
    age.setFocus()
    qtbot.keyClicks(age, "abc")
    qtbot.keyClick(age, Qt.Key.Key_Tab)
    model, box = window.case_model, window.case_list.filter_box
    qtbot.waitUntil(lambda: model.query.text == box.text() and not model.busy)
    settle(qtbot)
    assert box.text() == "age:abc.."
    assert search.problem_label.isVisible()
    assert "not a number" in search.problem_label.text()
    after = {w: w.mapTo(window, QPoint(0, 0)) for w in before}
    assert after == before  # before: the fields 34 px lower
    label = search.problem_label.mapTo(window, QPoint(0, 0))
    assert label.y() > panel.mapTo(window, QPoint(0, panel.height())).y() - 1
    assert not search.problem_label.visibleRegion().isEmpty()  # seen, not cut off
    qtbot.mouseClick(mut, Qt.MouseButton.LeftButton, pos=mut.rect().center())
    assert QApplication.focusWidget() is mut  # the click lands where it was aimed
