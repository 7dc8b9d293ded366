"""Typed in the search box, "CRS grade 1" (words no case holds) gets the filter that finds the
case, under the box: "Did you mean ae:crs>=1 (CRS of grade 1 or more) or ae:crs=1 (grade 1
only)?", with a button that searches ae:crs>=1; never "CRS grande 1?"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from tests.gui.test_search_panel import search_for, shown_ids, wait_for_search
from tests.gui.test_text_fits_1024 import settle, text_fits


@pytest.fixture
def win(casebook, reference_docs, window):
    casebook.cases.import_cases([Case.model_validate(d) for d in reference_docs])
    return window


def test_grade_words_offer_the_ae_filter(qtbot, win, casebook):
    panel = win.search_panel
    search_for(qtbot, win, "CRS grade 1")
    assert win.case_model.total == 0
    assert panel.suggestion_bar.isVisible()
    assert panel.suggestion_label.text() == (
        "Did you mean ae:crs>=1 (CRS of grade 1 or more) or ae:crs=1 (grade 1 only)?")
    assert panel.suggestion_button.text() == "Search ae:crs>=1"
    assert "grande" not in panel.suggestion_button.text()
    qtbot.mouseClick(panel.suggestion_button, Qt.MouseButton.LeftButton)
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == "ae:crs>=1"
    [case_id] = shown_ids(win.case_model)
    assert casebook.search.search("ae:crs>=1").hits[0].case_id == case_id
    assert not panel.suggestion_bar.isVisible()


def test_the_grade_hint_reads_whole_at_1024x768(qtbot, win):
    win.resize(1024, 768)
    settle(qtbot)
    search_for(qtbot, win, "ICANS grade 3")
    settle(qtbot)
    label, button = win.search_panel.suggestion_label, win.search_panel.suggestion_button
    assert label.text().startswith("Did you mean ae:icans>=3 (ICANS of grade 3 or more)")
    assert label.isVisible() and text_fits(label), (label.width(), label.height())
    assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width()
