"""The cohort Summary window follows the search: it stayed on screen showing the old query's
summary after another search (and another case opened). Now, while it is open, a new search
updates it in place, and a search that cannot be run leaves it saying which search it
summarises and that it is out of date."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_search_panel import (
    C1,
    CNS3_BLINA,
    search_cases,  # noqa: F401 - a fixture
    search_for,
    wait_for_search,
)


@pytest.fixture
def win(search_cases, window):  # noqa: F811 - the fixture imported above
    return window


def test_the_summary_window_follows_the_search(qtbot, win, casebook):
    search_for(qtbot, win, "cns:CNS3")
    panel = win.search_panel
    qtbot.mouseClick(panel.summary_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.cohort_dialog is not None and panel.cohort_dialog.isVisible())
    dialog = panel.cohort_dialog
    assert "Cases: 3" in dialog.text()
    assert "“cns:CNS3”" in dialog.heading.text()

    search_for(qtbot, win, CNS3_BLINA)
    qtbot.waitUntil(lambda: "Cases: 2" in dialog.text())
    assert dialog.isVisible()
    assert f"“{CNS3_BLINA}”" in dialog.heading.text()
    assert "out of date" not in dialog.heading.text()
    assert casebook.search.cohort_summary(CNS3_BLINA).total == 2

    qtbot.keyClick(win.case_list.filter_box, Qt.Key.Key_Return)  # opens the first hit
    qtbot.waitUntil(lambda: win.session.case_id() is not None)
    assert f"“{CNS3_BLINA}”" in dialog.heading.text() and "Cases: 2" in dialog.text()

    qtbot.keyClicks(win.case_list.filter_box, " age:..x")  # cannot be run
    wait_for_search(qtbot, win)
    qtbot.waitUntil(lambda: "out of date" in dialog.heading.text())
    heading = dialog.heading.text()
    assert f"“{CNS3_BLINA}”" in heading and "age:..x" in heading
    assert "Cases: 2" in dialog.text()

    # corrected: up to date again (it stayed 'out of date': the list's reset, which came
    # before the search's result, still saw the failed search's problem)
    win.case_list.filter_box.setText("cns:CNS3")
    wait_for_search(qtbot, win)
    qtbot.waitUntil(lambda: "Cases: 3" in dialog.text())
    assert "out of date" not in dialog.heading.text()
    qtbot.keyClicks(win.case_list.filter_box, " age:..x")
    wait_for_search(qtbot, win)
    qtbot.waitUntil(lambda: "out of date" in dialog.heading.text())
    win.case_list.filter_box.setText("cns:CNS3")  # back to the search it summarises
    wait_for_search(qtbot, win)
    qtbot.waitUntil(lambda: "out of date" not in dialog.heading.text())
    assert "Cases: 3" in dialog.text() and "“cns:CNS3”" in dialog.heading.text()

    win.case_list.filter_box.clear()  # every case
    wait_for_search(qtbot, win)
    qtbot.waitUntil(lambda: "Cases: 4" in dialog.text())
    assert "every case" in dialog.heading.text()
    assert "out of date" not in dialog.heading.text()
    assert C1 in {win.case_model.summary(r).case_id for r in range(win.case_model.rowCount())}
    dialog.close()


def test_a_closed_summary_window_is_not_reopened_by_a_search(qtbot, win):
    search_for(qtbot, win, "cns:CNS3")
    panel = win.search_panel
    qtbot.mouseClick(panel.summary_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.cohort_dialog is not None and panel.cohort_dialog.isVisible())
    panel.cohort_dialog.close()
    search_for(qtbot, win, CNS3_BLINA)
    qtbot.wait(300)
    assert not panel.cohort_dialog.isVisible()
    assert "Cases: 3" in panel.cohort_dialog.text()
