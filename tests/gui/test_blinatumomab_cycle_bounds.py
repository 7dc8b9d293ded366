"""Treatment › Add blinatumomab cycle… refuses a cycle number its rows' Cycle cell refuses (0,
201: "Cycle must be between 1 and 200", core.model.bounds), and a dose or cycle day its cells
refuse (a dose of 0, day 0), before adding anything: Add rows stays greyed, Enter adds nothing.
Before, cycle 0 added rows with Cycle 0 and V36 complained (a stranger test)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, SHIFT, Typist

C1 = "SEED-C1-CAO2023"


def blina_cycles(case) -> list[int | None]:
    return [a.cycle_no for a in case.treatment_lines[0].administrations
            if a.drug_inn == "blinatumomab"]


def test_cycle_0_dose_0_and_day_0_are_refused_before_any_row_is_added(qtbot, casebook,
                                                                     stored_references, window):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "draft", case.version)
    before = blina_cycles(casebook.cases.open_case(C1))
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.select_row(lines, 0)
    typist.key(Qt.Key.Key_B, CTRL | SHIFT)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.windowTitle() == "Add blinatumomab cycle"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    rows_before = len(window.editor.current_case().treatment_lines[0].administrations)

    for cycle, steps, message in (
            ("0", None, "Cycle must be between 1 and 200"),
            ("201", None, "Cycle must be between 1 and 200"),
            ("x", None, "Cycle: 'x' is not a number"),
            ("7", "0 ug/d d1-28", "'0 ug/d d1-28': Dose must be above 0 µg/day"),
            ("7", "28 ug/d d0-28", "'28 ug/d d0-28': Cycle day from must be between 1 and 36500")):
        typist.fill_field(dialog.cycle, cycle)
        if steps is not None:
            typist.fill_field(dialog.steps, steps)
        assert message in dialog.preview.text() and not dialog.ok_button.isEnabled()
        typist.key(Qt.Key.Key_Return, widget=dialog.cycle)
        assert dialog.isVisible()  # Enter added nothing
        assert len(window.editor.current_case().treatment_lines[0].administrations) \
            == rows_before

    typist.fill_field(dialog.steps, "28 ug/d d1-28")
    assert dialog.ok_button.isEnabled()
    typist.key(Qt.Key.Key_Return, widget=dialog.cycle)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert blina_cycles(window.editor.current_case()) == [*before, 7]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: blina_cycles(casebook.cases.open_case(C1)) == [*before, 7])
    assert 0 not in blina_cycles(casebook.cases.open_case(C1))
