"""Every view of the editor calls a row by the number its table shows (stranger run item 7: the
Administrations table and Problems said "row 2" of a misspelled drug, Mark complete "row 3"; Go
to field landed on row 2). Reference case 1's sixth administration, moved to d1, is the first
row down its table: the table, Problems, Mark complete's reasons, the status bar after it, and
Go to field all say and go to row 1 (`casebook validate` counts stored rows, as documented)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_as_draft, press
from tests.gui.editor.test_go_to_field_typing import (
    C1,
    RealReasonsDialog,
    go_to_field,
    type_to_window,
)

ROW = "treatment_lines[0].administrations[5]"


def _problem_texts(window, path: str) -> list[str]:
    panel = window.editor.problems_panel
    return [panel.model.index(r, 2).data() for r, f in enumerate(panel.model.findings)
            if f.path.startswith(path + ".")]


def test_table_problems_mark_complete_and_go_to_field_agree(qtbot, stored_references, casebook,
                                                            make_window):
    window = make_window(prompter=RealReasonsDialog())
    open_as_draft(qtbot, casebook, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.focus_path(f"{ROW}.start_day")
    type_to_window(qtbot, window, "d1")
    window.editor.focus_path(f"{ROW}.drug_inn")
    view = window.focusWidget()
    type_to_window(qtbot, window, "daunorubicn")  # misspelled: V38
    window.editor.focus_path(ATC := f"{ROW}.atc")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Delete)  # and no ATC: Mark complete refuses
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    window.editor.feedback_runner.wait()
    stored = casebook.cases.open_case(C1).treatment_lines[0].administrations[5]
    assert stored.drug_inn == "daunorubicn"  # stored sixth, as before

    # the table: first row down, numbered 1
    assert view.model().headerData(0, Qt.Orientation.Vertical) == 1
    assert view.model().index(0, view.source.column_of("drug_inn")).data() == "daunorubicn"
    # Problems: row 1, the misspelled drug among them
    texts = _problem_texts(window, ROW)
    assert any("V38" in t or "daunorubicn" in t for t in texts), texts
    assert texts and all("Administrations › row 1 › " in t for t in texts), texts
    # Mark complete's reasons: row 1, never the stored sixth
    seen = go_to_field(qtbot, window, ATC)
    mine = [t for t in seen if "Administrations › row" in t and "Treatment lines › row 1" in t]
    assert any("Administrations › row 1 › ATC" in t for t in mine), seen
    assert not any("Administrations › row 6" in t for t in seen), seen
    # the status bar after it names the same row, if it names one
    shown = window.statusBar().currentMessage()
    assert "row 6" not in shown, shown
    # Go to field: the row numbered 1
    assert view.current_storage_row() == 5 and view.currentIndex().row() == 0
    assert view.model().headerData(view.currentIndex().row(), Qt.Orientation.Vertical) == 1
