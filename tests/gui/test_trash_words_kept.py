"""Show trash with filters in the box: a stranger typed ``cns:CNS3 drug:blinatumomab``, moved a
hit to the trash and ticked Show trash. The list said "0 cases" (the whole box was looked for
as title text) while a note said filters do not apply to the trash. The filters are now left
out of the trash's text: alone in the box they show the whole trash, and the plain words
beside them still narrow it; the note says what is shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from gui.case_list import COL_CASE_ID
from tests.gui.conftest import press
from tests.gui.test_trash_locked import trash_written

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


def listed(window) -> list[str]:
    model = window.case_model
    return sorted(model.index(r, COL_CASE_ID).data() for r in range(model.rowCount()))


def trash_row(qtbot, window, case_id: str) -> None:
    """Click the case's row and press Delete (the list's own key for Move to trash)."""
    table, model = window.case_list.table, window.case_model
    rect = table.visualRect(model.index(model.row_of(case_id), COL_CASE_ID))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    trash_written(qtbot, window)


def test_filters_in_the_box_are_left_out_of_the_trash(qtbot, casebook, stored_references,
                                                       window):
    box, model, toggle = window.case_list.filter_box, window.case_model, window.case_list.trash_toggle
    note = window.search_panel.trash_note
    press(qtbot, window, "Ctrl+F")
    qtbot.keyClicks(box, "cns:CNS3 drug:blinatumomab")
    qtbot.waitUntil(lambda: model.searching and not model.busy and listed(window) == [C1, C2])
    trash_row(qtbot, window, C1)
    qtbot.waitUntil(lambda: not model.busy and listed(window) == [C2])
    trash_row(qtbot, window, C2)
    assert casebook.cases.is_trashed(C1) and casebook.cases.is_trashed(C2)
    assert casebook.cases.count_cases() == 0

    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton, pos=toggle.rect().center())
    qtbot.waitUntil(lambda: model.query.trashed and not model.busy)
    assert listed(window) == [C1, C2]  # before: none ("0 cases"), the filters sought as title
    assert note.isVisible()
    note.ensurePolished()  # an explanation, not drawn as an error (red, as a stranger saw)
    assert note.palette().color(QPalette.ColorRole.WindowText).name() == "#455a64"
    assert note.text() == ("Filters (cns:CNS3, drug:blinatumomab) do not apply to the trash: "
                           "showing all 2 trashed cases. Untick Show trash to filter the cases.")

    box.setFocus()
    box.end(False)
    qtbot.keyClicks(box, " dasatinib")  # a plain word: it still narrows the trash
    qtbot.waitUntil(lambda: model.query.text.endswith("dasatinib") and not model.busy)
    assert listed(window) == [C1]
    assert note.text() == ("Filters (cns:CNS3, drug:blinatumomab) do not apply to the trash: "
                           "showing the 1 trashed case whose title, case id or diagnosis "
                           "holds \u201cdasatinib\u201d. Untick Show trash to filter the cases.")

    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton, pos=toggle.rect().center())
    qtbot.waitUntil(lambda: not model.query.trashed and not model.busy)
    assert not note.isVisible()
    assert listed(window) == []  # both in the trash: the search finds none of them
    assert casebook.cases.count_cases() == 0
