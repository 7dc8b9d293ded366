"""A refused date's message names the user's own date format among the forms it offers, in
Problems and at the field, as the tooltip's hint does. Found by a stranger run: '19/4/25' typed
in a When cell was listed as "'19/4/25' is not a date (2023-04-18, 2023-04, 2023) or a day
number", without the day-first form (18/04/2023) the app takes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist
from tests.gui.editor.test_impossible_date import problem_messages

MESSAGE = ("'19/4/25' is not a date (2023-04-18, 2023-04, 2023, 18/04/2023) or a day number "
           "(d168, d-30)")


def test_a_refused_date_names_the_users_own_format(qtbot, window):
    assert window.editor.ctx.date_format == "%d/%m/%Y"  # Preferences' default
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    csf = typist.go_to_section("CSF & CNS").tables["csf_assessments"]
    csf.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    view = csf.view
    when = view.proxy.index(0, csf.table_model.column_of("day"))
    view.setCurrentIndex(when)
    for char in "19/4/25":
        qtbot.keyClicks(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()

    assert window.editor.current_case().csf_assessments[0].day is None  # not stored
    assert when.data(Qt.ItemDataRole.ToolTipRole).startswith(MESSAGE)
    assert any(MESSAGE in m for m in problem_messages(window.editor)), \
        problem_messages(window.editor)

    # Day 0's own field offers the date forms only, the user's among them
    window.editor.focus_path("case_report.day0")
    typist.fill_field(window.editor.focusWidget(), "19/4/25")
    assert any("'19/4/25' is not a date: YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY (2023-04-18, "
               "18/04/2023)" in m for m in problem_messages(window.editor))
    assert window.editor.current_case().case_report.day0 is None
