"""Filters › Response offered "SD" where cases hold SD_NR, so choosing it found nothing
(stranger 84). The panel now offers the values the facets hold, shown in the report's words
("SD/NR"), and the box gets the code."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model import Case

C1 = "SEED-C1-CAO2023"


def test_choosing_sd_nr_in_the_response_filter_finds_the_case(qtbot, casebook,
                                                              reference_docs, window):
    case = Case.model_validate(reference_docs[0])
    case.response_assessments[0].category = "SD_NR"
    casebook.cases.import_cases([case, *(Case.model_validate(d) for d in reference_docs[1:])])
    qtbot.mouseClick(window.search_panel.filters_button, Qt.MouseButton.LeftButton)
    combo = window.search_panel.filter_panel.fields["response"]
    assert "SD" not in [combo.itemText(i) for i in range(combo.count())]
    combo.setFocus()
    qtbot.keyClicks(combo, "SD/NR")
    box = window.case_list.filter_box
    assert box.text() == "response:SD_NR"
    model = window.case_model
    qtbot.waitUntil(lambda: model.query.text == box.text() and not model.busy)
    assert {model.summary(r).case_id for r in range(model.rowCount())} == {C1}
