"""Journey 1: an empty folder -> Open demo data -> reference case 1 open, its CNS status
visible."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.journeys.conftest import audit_rows, stored_case
from tests.journeys.steps import go_to_section, open_from_list, press

REFERENCE_CASE_1 = "SEED-C1-CAO2023"
RELAPSE_ROW = 2  # the CNS3 relapse sample of reference case 1


def test_open_demo_data_then_reference_case_1_with_its_cns_status(journey, qtbot):
    from gui.demo_offer import DEMO_COUNT

    seen = {}

    def steps(window):
        offer = window.demo_offer
        assert offer.isVisible(), "an empty start offers demo data"
        qtbot.mouseClick(offer.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.case_model.total == DEMO_COUNT + 2, timeout=60_000)
        assert not offer.isVisible()
        seen["status_bar"] = window.statusBar().currentMessage()

        press(qtbot, window, "Ctrl+F")  # the list's filter, then the case from the list
        qtbot.keyClicks(window.focusWidget(), "SEED-C1")
        qtbot.waitUntil(lambda: window.case_model.row_of(REFERENCE_CASE_1) >= 0
                        and window.case_model.total < 10)
        open_from_list(qtbot, window, REFERENCE_CASE_1)
        qtbot.waitUntil(lambda: window.session.case_id() == REFERENCE_CASE_1)

        page = go_to_section(qtbot, window, "CSF & CNS")
        csf = page.tables["csf_assessments"]
        view = csf.view
        rect = view.visualRect(view.view_index(RELAPSE_ROW, view.first_editable_column()))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        status = page.cns_panel.status
        qtbot.waitUntil(lambda: "CNS3" in status.text())
        assert status.isVisible() and not status.visibleRegion().isEmpty()
        seen["cns"] = status.text()
        seen["title"] = window.windowTitle()
        journey.screenshot("reference-case-1-cns-status")

    assert journey.start(steps) == 0
    assert seen["status_bar"] == f"Added {DEMO_COUNT + 2} demo case(s)."
    assert seen["title"].startswith("Blinatumomab for CNS leukemia")
    assert f"Row {RELAPSE_ROW + 1}" in seen["cns"]
    case = stored_case(journey.data_dir, REFERENCE_CASE_1)
    assert case.csf_assessments[RELAPSE_ROW].blasts_present_cytospin == "yes"
    trail = audit_rows(journey.data_dir, REFERENCE_CASE_1)
    assert trail and trail[0]["action"] == "import", trail[:1]
    assert len(audit_rows(journey.data_dir, None)) >= DEMO_COUNT + 2
