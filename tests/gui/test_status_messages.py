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
