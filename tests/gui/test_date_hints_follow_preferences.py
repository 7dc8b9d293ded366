"""After Edit › Preferences changes the date format, the date fields already built show the new
format's example in their tooltip at once (they kept the old one until a restart, while what is
typed was read with the new format), and a table's date cells read the new format too."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from gui.editor.widgets.when_edit import WhenEdit
from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist
from tests.gui.test_preferences_date_format import choose_month_first

OLD_HINT = "2023-04-18, 2023-04, 2023, 18/04/2023 or a day number: d168, d-30"
NEW_HINT = "2023-04-18, 2023-04, 2023, 04/18/2023 or a day number: d168, d-30"
# Day 0's own field takes a calendar date only (day numbers count from it)
DAY0_OLD = "a calendar date: 2023-04-18, 2023-04, 2023, 18/04/2023"
DAY0_NEW = "a calendar date: 2023-04-18, 2023-04, 2023, 04/18/2023"


def test_date_hints_and_cells_follow_the_date_format_chosen(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    window.editor.focus_path("case_report.day0")
    day0 = window.editor.focusWidget()
    assert isinstance(day0, WhenEdit)
    typist.fill_field(day0, "zz")  # refused: its message is in the tooltip above the hint
    assert day0.toolTip().startswith("'zz' is not a date")
    assert DAY0_OLD in day0.toolTip().splitlines()

    seen: list = []
    QTimer.singleShot(0, lambda: choose_month_first(qtbot, seen))
    press(qtbot, window, "Ctrl+,")
    assert window.editor.ctx.date_format == "%m/%d/%Y"

    lines = day0.toolTip().splitlines()
    assert lines[0].startswith("'zz' is not a date") and DAY0_NEW in lines
    assert DAY0_OLD not in lines
    assert DAY0_NEW in day0.base_tip.splitlines()
    fields = window.editor.findChildren(WhenEdit)
    assert len(fields) >= 5  # the forms built so far
    assert not [f.objectName() for f in fields if "18/04/2023" in f.toolTip()]

    if not window.isActiveWindow():
        with qtbot.waitActive(window):
            window.activateWindow()
    typist.go_to_section("Adverse events")
    events.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    view = events.view
    onset = view.proxy.index(0, events.table_model.column_of("onset_day"))
    view.setCurrentIndex(onset)
    for char in "04/18/2023":
        qtbot.keyClicks(QApplication.focusWidget(), char)
    cell_editor = QApplication.focusWidget()
    assert isinstance(cell_editor, WhenEdit)  # made after the change: the new hint
    assert NEW_HINT in cell_editor.toolTip().splitlines()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert str(window.editor.current_case().adverse_events[0].onset_day) == "2023-04-18"
