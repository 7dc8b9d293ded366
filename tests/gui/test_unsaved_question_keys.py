"""The questions with three answers take them from the keyboard, Alt+<underlined letter>: Save
/ Discard / Cancel when leaving a changed case (Alt+S / Alt+I / Alt+C; Discard is not Alt+D,
the editor's key for Discussion: test_discard_not_alt_d), Cancel of the import question
(Alt+C). Found by a stranger run: Qt's own Save, Discard and Cancel had no mnemonics, so a
keyboard user could only Tab to an answer. Cancel stays the Escape button, Save the default."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.dialogs.prompter import QtPrompter
from tests.gui.conftest import open_from_list, press, type_title

C1 = "SEED-C1-CAO2023"
ALT = Qt.KeyboardModifier.AltModifier


def answer_with(qtbot, key: Qt.Key, seen: list[QMessageBox | None]) -> QTimer:
    """Presses ``key`` (with Alt, or alone for Escape) in the first message box that shows; a
    box the key did not answer is closed and marked with a None in ``seen``."""

    def answer() -> None:
        box = focused_box() if not seen else None
        if box is None:
            return
        seen.append(box)
        modifier = Qt.KeyboardModifier.NoModifier if key == Qt.Key.Key_Escape else ALT
        qtbot.keyClick(box, key, modifier)
        QTimer.singleShot(1000, box, lambda: unanswered(box, seen))  # a mnemonic clicks later

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    return timer


def focused_box() -> QMessageBox | None:
    """The message box showing, once it has the focus as on a desktop (it is given it, and
    None returned, the first time it is seen without)."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox) or not box.isVisible():
        return None
    if QApplication.activeWindow() is not box:
        box.activateWindow()
        return None
    return box


def unanswered(box: QMessageBox, seen: list[QMessageBox | None]) -> None:
    """The key answered nothing: the box is closed, for the test to fail, not wait."""
    if box.isVisible():
        seen.append(None)
        box.reject()


@pytest.mark.parametrize(("key", "saved", "still_open"), [
    (Qt.Key.Key_S, True, False), (Qt.Key.Key_I, False, False), (Qt.Key.Key_C, False, True),
    (Qt.Key.Key_Escape, False, True)])
def test_leaving_a_changed_case_answers_with_alt_letters(qtbot, stored_references, make_window,
                                                         casebook, key, saved, still_open):
    window = make_window(prompter=QtPrompter())
    try:  # a failure leaves the case changed: closed without the question (it would wait)
        leave_with_keys(qtbot, window, casebook, key, saved, still_open)
    finally:
        window.shutdown()


def leave_with_keys(qtbot, window, casebook, key, saved, still_open):
    before = casebook.cases.open_case(C1)
    open_from_list(qtbot, window, C1)
    type_title(qtbot, window, "Answered from the keyboard")
    seen: list[QMessageBox | None] = []
    timer = answer_with(qtbot, key, seen)
    press(qtbot, window, "Ctrl+W")
    qtbot.waitUntil(lambda: bool(seen))
    timer.stop()
    [box] = seen
    buttons = QMessageBox.StandardButton
    assert [box.button(b).text() for b in (buttons.Save, buttons.Discard, buttons.Cancel)] == \
        ["&Save", "D&iscard", "&Cancel"]
    assert box.defaultButton() is box.button(buttons.Save)
    assert box.escapeButton() is box.button(buttons.Cancel)
    stored = casebook.cases.open_case(C1)
    assert (stored.case_report.title == "Answered from the keyboard") is saved
    assert stored.version == before.version + (1 if saved else 0)
    assert window.session.is_open() is still_open
    assert window.session.is_dirty() is still_open
    if still_open:  # the question again; Alt+I leaves without saving
        seen.clear()
        window.activateWindow()  # back from the question, as a desktop does
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        timer = answer_with(qtbot, Qt.Key.Key_I, seen)
        press(qtbot, window, "Ctrl+W")
        timer.stop()
        assert len(seen) == 1 and not window.session.is_open()
        assert casebook.cases.open_case(C1).version == before.version


def test_cancel_of_the_import_question_has_alt_c(qtbot):
    seen: list[QMessageBox | None] = []
    timer = answer_with(qtbot, Qt.Key.Key_C, seen)
    choice = QtPrompter().choose_import_mode(1, ["SYN-1 — a case"])
    timer.stop()
    [box] = seen
    assert choice == "cancel"
    assert [b.text() for b in box.buttons()].count("&Cancel") == 1
    assert box.defaultButton() is box.escapeButton()  # Enter and Escape: nothing imported
