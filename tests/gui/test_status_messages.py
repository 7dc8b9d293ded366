"""Messages from demo data and backups reach the status bar (issue 14: in a real X window the
captured status-bar method raised "Internal C++ object (QStatusBar) already deleted" after the
first click on Open demo data; offscreen did not show it, so this checks the message path)."""

import gc


def test_demo_filled_message(window, qtbot):
    gc.collect()
    window.demo_offer.filled.emit("Added 202 demo cases.")
    assert window.statusBar().currentMessage() == "Added 202 demo cases."
    window.backup_actions.done.emit("Backup written")
    assert window.statusBar().currentMessage() == "Backup written"


def test_messages_reach_a_replaced_status_bar(window):
    """The status bar's C++ object deleted under the window (as in the real X window): with a
    captured ``statusBar().showMessage`` the slot raised RuntimeError, which fails this test."""
    from PySide6.QtWidgets import QStatusBar

    window.setStatusBar(QStatusBar())  # deletes the first status bar
    window.demo_offer.filled.emit("Added 202 demo cases.")
    window.backup_actions.done.emit("Backup written")
    assert window.statusBar().currentMessage() == "Backup written"


def test_save_message_after_the_bar_wrapper_is_invalidated(window, qtbot, casebook):
    """In a real X window (xdotool, Xvfb) the Python wrapper of the status bar was invalidated
    while the bar lived on: FittedMessage kept the first wrapper, so from then on every Ctrl+S
    raised RuntimeError ('Internal C++ object (QStatusBar) already deleted') and showed
    'Something went wrong'. shiboken6.invalidate does to the wrapper what happened there."""
    import shiboken6
    from PySide6.QtCore import Qt

    from tests.gui.conftest import type_title

    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl)
    qtbot.waitUntil(lambda: window.session.case_id() is not None)
    field = type_title(qtbot, window, "Wrapper case report")
    qtbot.keyClick(field, Qt.Key.Key_S, ctrl)
    qtbot.waitUntil(lambda: "version 1" in window.statusBar().currentMessage())
    shiboken6.invalidate(window.statusBar())  # the wrapper goes, the bar stays
    qtbot.keyClicks(field, " two")
    qtbot.keyClick(field, Qt.Key.Key_S, ctrl)
    qtbot.waitUntil(lambda: "version 2" in window.statusBar().currentMessage())
    case_id = window.session.case_id()
    assert casebook.cases.open_case(case_id).case_report.title == "Wrapper case report two"
