"""On an empty start the window offers demo data; clicking it fills the folder in the
background and shows the cases."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model import Case
from gui import demo_offer

DEMO_CASES = 5
REFERENCE_CASES = 2


def test_open_demo_data_on_an_empty_start(qtbot, window, casebook, monkeypatch):
    monkeypatch.setattr(demo_offer, "DEMO_COUNT", DEMO_CASES)
    offer = window.demo_offer
    assert offer.isVisible() and offer.button.isEnabled()
    with qtbot.waitSignal(offer.filled, timeout=30000) as filled:
        qtbot.mouseClick(offer.button, Qt.MouseButton.LeftButton)
    total = DEMO_CASES + REFERENCE_CASES
    assert filled.args[0] == f"Added {total} demo case(s)."
    assert window.case_model.total == total and casebook.cases.count_cases() == total
    assert window.case_model.rowCount() == total
    assert offer.isHidden()
    assert window.statusBar().currentMessage() == filled.args[0]


def test_no_offer_when_the_folder_holds_cases(stored_references, window):
    assert window.demo_offer.isHidden()


def test_no_offer_when_a_draft_waits(casebook, make_window):
    casebook.drafts.save_draft(Case(case_report={"title": "Typed before a crash"}))
    assert make_window().demo_offer.isHidden()


def test_offer_goes_once_a_case_is_saved(qtbot, window):
    from tests.gui.conftest import press, type_title

    window.commands.new.trigger()
    type_title(qtbot, window, "First real case")
    press(qtbot, window, "Ctrl+S")
    assert window.demo_offer.isHidden()
