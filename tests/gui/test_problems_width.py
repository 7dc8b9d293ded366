"""At 1024x768 the Problems panel beside a locked case can be read: its message column takes the
room the panel has, keeps a readable width however far the panel is squeezed, and its rows fit
the text as wrapped at that width (found by a stranger run in a real window: the message column
was about one character wide; a row measured while the panel was hidden stayed 281 px tall)."""

from __future__ import annotations

from PySide6.QtGui import QAction

from tests.gui.conftest import open_from_list

C1 = "SEED-C1-CAO2023"
MESSAGE = 2


def locked_with_a_warning(casebook) -> None:
    case = casebook.cases.open_case(C1)
    case.patient.bsa_m2 = 2.5  # V03: differs from the Mosteller value by more than 5%
    case = casebook.cases.save_case(case)
    casebook.cases.set_status(C1, "locked", case.version)


def test_the_message_column_is_readable_beside_a_locked_case_at_1024(qtbot, stored_references,
                                                                     window, casebook):
    locked_with_a_warning(casebook)
    window.resize(1024, 768)
    qtbot.wait(20)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    assert window.editor.is_read_only()
    show_feedback = window.findChild(QAction, "show_feedback")
    if not show_feedback.isChecked():  # the fit hid it at 1024: shown by hand (View menu)
        show_feedback.trigger()
    qtbot.wait(50)
    panel = window.editor.problems_panel
    view = panel.view
    assert panel.isVisible() and panel.model.rowCount() >= 1

    def check() -> None:
        room = view.viewport().width()
        width = view.columnWidth(MESSAGE)
        shown = [c for c in range(3) if not view.isColumnHidden(c)]
        assert sum(view.columnWidth(c) for c in shown) <= room + 1  # no column cut off
        if room >= 28 + panel.rule_width + 140:  # mark, rule (REQUIRED whole), a message of 140 px+
            assert width >= 140 and shown == [0, 1, 2], (width, room)
        else:  # squeezed: the message takes the whole width and names mark and rule
            assert width >= room - 1 and shown == [MESSAGE], (width, room)
            assert view.model().index(0, MESSAGE).data().startswith("⚠ V03: ")
        for row in range(panel.model.rowCount()):  # wrapped at the width it has now
            assert abs(view.rowHeight(row) - view.sizeHintForRow(row)) <= 2, row
        assert view.model().index(0, MESSAGE).data(3)  # the whole message as tooltip

    check()
    splitter = window.editor.splitter
    sizes = splitter.sizes()
    splitter.setSizes([sizes[0], sizes[1] + sizes[2] - 20, 20])  # squeezed as far as it goes
    qtbot.wait(50)
    assert view.viewport().width() < 28 + panel.rule_width + 140  # as narrow as it goes
    check()
    splitter.setSizes(sizes)  # wide again: mark and rule come back
    qtbot.wait(50)
    check()
    assert not view.isColumnHidden(1)
