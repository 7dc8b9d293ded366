""""Decide later" (or Esc) at the start-up recovery offer, then opening the case, applied the
kept draft silently, exactly as "Recover checked" does: the user never chose it. Opening such a
case now asks: Recover its kept changes, Discard them, or Cancel (the case is not opened and
the changes stay kept). A draft chosen at the offer (one of several) still opens as chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.conftest import draft_keys, open_from_list, title_field
from tests.gui.test_recovery import C1, leave_draft


def postponed(qtbot, stored_references, casebook, prompter, make_window):
    leave_draft(casebook, stored_references[0], "Kept after the crash")
    prompter.script("offer_recovery", None)  # Decide later
    window = make_window()
    window.session.offer_recovery()
    assert not window.session.is_open()
    return window


def test_opening_a_postponed_case_asks_and_recover_applies_the_draft(
        qtbot, stored_references, casebook, prompter, make_window):
    window = postponed(qtbot, stored_references, casebook, prompter, make_window)
    prompter.script("offer_draft", "recover")
    open_from_list(qtbot, window, C1)
    [(title, _when)] = prompter.calls("offer_draft")
    assert title == "Kept after the crash"
    assert window.session.case_id() == C1
    assert title_field(window).text() == "Kept after the crash"
    assert window.session.is_dirty()
    assert window.statusBar().currentMessage().startswith(f"Recovered {C1} (autosaved ")


def test_discard_opens_the_stored_case_and_forgets_the_draft(
        qtbot, stored_references, casebook, prompter, make_window):
    stored = casebook.cases.open_case(C1)
    window = postponed(qtbot, stored_references, casebook, prompter, make_window)
    prompter.script("offer_draft", "discard")
    open_from_list(qtbot, window, C1)
    assert window.session.case_id() == C1
    assert title_field(window).text() == stored.case_report.title
    assert not window.session.is_dirty()
    assert draft_keys(casebook) == []
    assert casebook.cases.open_case(C1).version == stored.version


def test_escape_at_the_question_opens_nothing_and_keeps_the_draft(
        qtbot, stored_references, casebook, prompter, make_window):
    """The real question box, answered with Esc as a user would."""
    from gui.dialogs.prompter import QtPrompter

    window = postponed(qtbot, stored_references, casebook, prompter, make_window)
    window.session.prompter = QtPrompter(window)
    seen = []

    def press_escape():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_escape)
            return
        seen.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, press_escape)
    open_from_list(qtbot, window, C1)
    assert seen and "Kept after the crash" in seen[0] and "autosaved at" in seen[0]
    assert not window.session.is_open()
    assert draft_keys(casebook) == [C1]
