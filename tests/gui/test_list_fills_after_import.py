"""An empty casebook filled by File › Import… gives the case list the window, as demo data does.

Found by a stranger run at 1024x768: on an empty start the list is narrow beside the demo
offer; Open demo data widened it (titles, diagnosis and Day 0 in view), but importing a
dataset instead left it 508 px wide beside "No case open", Day 0 and Last change out of view,
though the offer was gone."""

from __future__ import annotations

from tests.conftest import REFERENCE_CASEBOOK
from tests.gui.test_list_fills_without_a_case import SHARE, list_share
from tests.gui.test_room_to_work import settle
from tests.gui.test_transfer import run_transfer


def test_an_import_into_an_empty_casebook_widens_the_list(qtbot, window, prompter):
    window.resize(1024, 768)
    settle(qtbot)
    assert window.demo_offer.isVisible()  # an empty start: the offer keeps its room
    assert list_share(window) < SHARE
    prompter.script("choose_open_files", [REFERENCE_CASEBOOK])
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == "Imported 2 case(s) from 1 file(s)."
    settle(qtbot)
    assert not window.demo_offer.isVisible()
    assert window.session.case_id() is None and window.placeholder.isVisible()
    assert list_share(window) >= SHARE, window.splitter.sizes()  # before: 508 of 1024
