"""The note under the box over an empty trash says the trash is empty.

Found by a stranger run: ticking Show trash with the search `cns:CNS3
drug:blinatumomab` in the box said "showing all 0 trashed cases", which reads as if cases were
hidden; with words, "showing the 0 trashed cases whose title … holds …"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press

TAIL = " Untick Show trash to filter the cases."


def note_for(qtbot, window, text: str) -> str:
    box, model = window.case_list.filter_box, window.case_model
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.waitUntil(lambda: model.query.trashed and model.query.text == text and not model.busy)
    QApplication.processEvents()
    return window.search_panel.trash_note.text()


def test_an_empty_trash_is_said_to_be_empty(qtbot, stored_references, window):
    case_list = window.case_list
    press(qtbot, window, "Ctrl+F")
    qtbot.mouseClick(case_list.trash_toggle, Qt.MouseButton.LeftButton,
                     pos=case_list.trash_toggle.rect().center())
    assert case_list.showing_trash()
    assert window.case_model.total == 0
    assert note_for(qtbot, window, "cns:CNS3 drug:blinatumomab") == (
        "Filters (cns:CNS3, drug:blinatumomab) do not apply to the trash: the trash is empty."
        + TAIL)  # before: "showing all 0 trashed cases"
    assert note_for(qtbot, window, "cns:CNS3 relapse") == (
        "Filters (cns:CNS3) do not apply to the trash: no trashed case's title, case id or "
        "diagnosis holds \u201crelapse\u201d." + TAIL)
