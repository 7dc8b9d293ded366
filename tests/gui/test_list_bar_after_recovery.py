"""The bar above the case list (count, sort, Filters, CSV…, Summary) stays laid out for the whole
session (found by a stranger test): after a crash, a start showing the quick first page, "Recover
checked" and the recovered case opening, the bar's layout had lost its items (FlowLayout.count()
5 -> 0; the buttons said they were visible but were never placed again), so ticking Show trash
collapsed the row to 0 px. Driven through ``gui.app.main`` as the stranger's start was."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication

from core.services import open_casebook
from gui.dialogs.recovery import RecoveryDialog
from gui.flow_layout import FlowLayout
from tests.gui.test_early_start import C1, filled, run_app  # noqa: F401


def bar_widgets(window):
    panel = window.search_panel
    return [panel.count_label, panel.sort_combo, panel.filters_button, panel.export_button,
            panel.summary_button]


def answer_recovery(qtbot) -> QTimer:
    """Clicks Recover checked once the recovery dialog shows (it runs its own event loop)."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, RecoveryDialog):
            timer.stop()
            button = next(b for b in dialog.findChildren(QAbstractButton)
                          if b.text().replace("&", "") == "Recover checked")
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    return timer


def run_recovered(qtbot, filled, then) -> int:  # noqa: F811
    """Start the app on ``filled`` (a draft of C1 kept), answer Recover checked, and once C1
    is open and the quick first page deleted, ``then(window)``; the app's exit code."""
    timers = []

    def early(window):
        timers.append(answer_recovery(qtbot))

    def ready(window):
        qtbot.waitUntil(lambda: window.session.case_id() == C1, timeout=20_000)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the first page
        then(window)

    return run_app(qtbot, filled, early, ready)


def test_the_list_bar_survives_a_recovery_at_start(qtbot, filled):  # noqa: F811
    casebook = open_casebook(filled.root)
    case = casebook.cases.open_case(C1)
    report = case.case_report.model_copy(update={"title": "Typed before the crash"})
    casebook.drafts.save_draft(case.model_copy(update={"case_report": report}))
    casebook.close()

    def ready(window):
        QApplication.processEvents()
        window.resize(1024, 768)
        if not window.search_panel.isVisible():
            window.commands.show_list.trigger()  # F9
        [bar] = [lay for lay in window.search_panel.findChildren(FlowLayout)
                 if lay is not window.search_panel.suggestion_bar.layout()]
        assert bar.count() == 5
        trash = window.case_list.trash_toggle
        for _ in range(2):  # Show trash ticked, then unticked
            qtbot.mouseClick(trash, Qt.MouseButton.LeftButton)
            QApplication.processEvents()
            assert bar.count() == 5
            for widget in bar_widgets(window):
                assert widget.isVisible() and widget.height() > 0, widget.accessibleName()
            assert bar.geometry().height() > 0
            assert window.search_panel.summary_button.geometry().bottom() \
                < window.case_list.table.geometry().top()

    assert run_recovered(qtbot, filled, ready) == 0
