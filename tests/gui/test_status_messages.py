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
