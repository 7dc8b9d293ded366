"""A case opened from a search's hits stays selected in the list after Ctrl+S. Found by a
stranger run in a real window: with a query in the box, the save reloaded the hits in the
background and their new rows cleared the selection, so File › Export selected to JSON… (the
toolbar's Export) went grey and File › Export dataset… offered "Selected cases (0)"."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, title_field
from tests.gui.test_dataset_export import open_dialog
from tests.gui.test_search_panel import search_for

CASE_1 = "SEED-C1-CAO2023"


def test_the_saved_case_stays_selected_among_the_search_hits(qtbot, stored_references,
                                                              make_window, data_home):
    window = make_window()
    search_for(qtbot, window, "blinatumomab sex:m")
    assert window.case_model.total == 1
    open_from_list(qtbot, window, CASE_1)
    assert window.session.case_id() == CASE_1
    assert window.case_list.selected_ids() == [CASE_1]
    title = title_field(window)
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " (revised)")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    qtbot.waitUntil(lambda: not window.case_model.busy)  # the hits reloaded
    with sqlite3.connect(data_home / "casebook.db") as db:
        [(document,)] = db.execute("SELECT document FROM cases WHERE id = ?", (CASE_1,))
    assert json.loads(document)["case_report"]["title"].endswith(" (revised)")
    assert window.case_model.total == 1
    assert window.case_list.selected_ids() == [CASE_1]
    assert window.commands.export_selected.isEnabled()
    dialog = open_dialog(qtbot, window)
    assert dialog.selected_cases.isEnabled() and "(1)" in dialog.selected_cases.text()
    dialog.close()
