"""After a save the status bar said "Saved …, except Karnofsky (see Problems)", but at 1024x768
the Problems panel is hidden (found by a stranger run). While it is hidden the message names the
key that shows it: "(see Problems: Ctrl+Shift+P)"; once it shows, "(see Problems)"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press

C1 = "SEED-C1-CAO2023"


def saved(qtbot, window) -> str:
    press(qtbot, window, "Ctrl+S")
    qtbot.wait(20)
    QApplication.processEvents()
    return window.statusBar().currentMessage()


def test_saved_except_names_the_key_of_the_hidden_problems_panel(qtbot, stored_references,
                                                                 make_window, casebook):
    window = make_window()
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.focus_path("patient.karnofsky")
    field = window.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, "abc")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert window.width() == 1024 and not window.editor.problems_panel.isVisible()

    shown = saved(qtbot, window)
    assert shown.startswith("Saved SEED-C1-CAO2023") and "Karnofsky" in shown
    assert shown.endswith("(see Problems: Ctrl+Shift+P)."), shown
    assert casebook.cases.open_case(C1).patient.karnofsky != "abc"

    press(qtbot, window, "Ctrl+Shift+P")  # the key named: the Problems list shows
    qtbot.waitUntil(lambda: window.editor.problems_panel.isVisible())
    assert window.width() == 1024
    window.editor.focus_path("patient.karnofsky")
    assert saved(qtbot, window).endswith("(see Problems)."), window.statusBar().currentMessage()


def test_the_banner_and_locks_tip_name_the_key_of_the_hidden_problems_panel(
        qtbot, make_window, casebook):
    """A stored complete case with an error: the banner and Lock's tooltip sent the user to
    "(see Problems)" that 1024x768 hides; they name its key as the status messages do."""
    from core.model import Case
    from tests.core.test_import_status_errors import with_v42

    casebook.cases.import_cases([Case.model_validate(with_v42("complete")["cases"][0])])
    window = make_window()
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    assert window.width() == 1024 and not window.editor.problems_panel.isVisible()
    banner, lock = window.case_banner.message, window.commands.lock
    assert banner.text().startswith("Complete, but it cannot be locked: 1 error, 0 warnings "
                                    "(see Problems: Ctrl+Shift+P); correct the error"), \
        banner.text()
    assert lock.toolTip() == lock.statusTip() == (
        "Lock is unavailable: 1 error, 0 warnings (see Problems: Ctrl+Shift+P); "
        "correct the error, then Save.")
    assert window.case_banner.lock_button.toolTip() == lock.toolTip()

    press(qtbot, window, "Ctrl+Shift+P")  # the key named: the Problems list shows
    qtbot.waitUntil(lambda: window.editor.problems_panel.isVisible())
    assert banner.text().startswith("Complete, but it cannot be locked: 1 error, 0 warnings "
                                    "(see Problems); correct"), banner.text()
    assert lock.toolTip() == ("Lock is unavailable: 1 error, 0 warnings (see Problems); "
                              "correct the error, then Save.")
    assert not lock.isEnabled() and casebook.cases.open_case(C1).status == "complete"
