"""A table cell holding a part-typed choice when the case is saved or left: "ye" in Blasts on
cytospin (only "yes" starts so) is stored as Tab would store it. Before, a part-typed choice
stored nothing as it was typed, and Ctrl+S saved without it, closing the window asked nothing
and the text was lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import audit_rows, open_from_list, press

C2 = "SEED-C2-CAO2023"
BLASTS = "Blasts on cytospin *"


def type_in_first_csf_cell(qtbot, window, header: str, text: str):
    """Open reference case 2, put the cursor in the first CSF row's ``header`` cell and type
    ``text`` there, leaving the cell open (no Tab, no Enter)."""
    open_from_list(qtbot, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    window.editor.focus_path("csf_assessments")
    table = window.focusWidget()
    model = table.model()
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == header)
    cell = model.index(0, column)
    assert cell.data() == "no"
    table.setCurrentIndex(cell)
    for ch in text:  # each key to the widget with the focus: the cell's editor once it opens
        qtbot.keyClicks(QApplication.focusWidget(), ch)
    assert table.state() == table.State.EditingState
    assert cell.data() == "no"  # nothing stored as it was typed
    return cell


def stored_blasts(casebook) -> str:
    return casebook.cases.open_case(C2).csf_assessments[0].blasts_present_cytospin


def test_ctrl_s_stores_the_part_typed_choice(qtbot, stored_references, window, casebook):
    cell = type_in_first_csf_cell(qtbot, window, BLASTS, "ye")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert stored_blasts(casebook) == "yes"
    assert cell.data() == "yes"
    changed = [r for r in audit_rows(casebook, C2) if r["path"]]
    assert changed[-1]["path"].endswith("blasts_present_cytospin")
    assert (changed[-1]["old"], changed[-1]["new"]) == ("no", "yes")


def test_closing_the_window_asks_and_saves_it(qtbot, stored_references, window, casebook,
                                              prompter):
    type_in_first_csf_cell(qtbot, window, BLASTS, "ye")
    prompter.script("confirm_unsaved", "save")
    window.close()
    assert len(prompter.calls("confirm_unsaved")) == 1
    assert window.isHidden()
    assert stored_blasts(casebook) == "yes"


def test_cancel_keeps_the_window_and_the_typing(qtbot, stored_references, window, casebook,
                                                prompter):
    cell = type_in_first_csf_cell(qtbot, window, BLASTS, "ye")
    prompter.script("confirm_unsaved", "cancel")
    press(qtbot, window, "Ctrl+Q")
    assert len(prompter.calls("confirm_unsaved")) == 1
    assert window.isVisible() and window.session.is_dirty()
    assert cell.data() == "yes"
    assert stored_blasts(casebook) == "no"
