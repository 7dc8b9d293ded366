"""Discard all at the start-up recovery offer threw away every recovered edit (the typing from
before a crash) on one keystroke, Alt+D, with no question; Alt+D is also the editor's key for
the Discussion field. Now it is Alt+A (Discard &all), Alt+D does nothing there, and it asks
first, naming how many cases and fields are lost: Keep them is the default and Esc, and keeps
the drafts; Yes, discard (Alt+Y) discards them. Recover checked asks the same before it
discards the edits left unchecked."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gui.dialogs.prompter import QtPrompter
from gui.dialogs.recovery import RecoveryDialog
from tests.gui.conftest import draft_keys
from tests.gui.test_recovery import leave_draft

ALT = Qt.KeyboardModifier.AltModifier
Step = tuple[type | str, Callable[[Any], object], int]  # the modal's kind (or a message box's
# text start), act, ms to wait first


def focused_modal(kind: type) -> QWidget | None:
    """The modal ``kind`` showing, once it has the focus as on a desktop (given it, and None
    returned, the first time it is seen without)."""
    widget = QApplication.activeModalWidget()
    if widget is None or not isinstance(widget, kind) or not widget.isVisible():
        return None
    if QApplication.activeWindow() is not widget:
        widget.activateWindow()
        return None
    return widget


def _modal(kind: type | str) -> QWidget | None:
    if not isinstance(kind, str):
        return focused_modal(kind)
    box = focused_modal(QMessageBox)  # a message box whose text starts so
    return box if isinstance(box, QMessageBox) and box.text().startswith(kind) else None


def drive(steps: list[Step], seen: list) -> QTimer:
    """Each step's act on the modal it waits for, in turn; what each returns goes to ``seen``.
    A step not reached in 5 s closes every modal (Decide later), for the test to fail, not
    wait."""
    state = {"at": time.monotonic()}

    def tick() -> None:
        if len(seen) == len(steps):
            timer.stop()
            return
        kind, act, wait_ms = steps[len(seen)]
        waited = (time.monotonic() - state["at"]) * 1000
        widget = _modal(kind) if waited >= wait_ms else None
        if widget is not None:
            seen.append(act(widget))
            state["at"] = time.monotonic()
        elif waited > 5000:
            timer.stop()
            while (modal := QApplication.activeModalWidget()) is not None:
                modal.reject()  # type: ignore[attr-defined]

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    return timer


def test_discard_all_asks_and_escape_keeps_the_drafts(qtbot, stored_references, casebook,
                                                      prompter, make_window):
    first, second = stored_references[0], stored_references[1]
    leave_draft(casebook, first, "Typed before the crash")
    leave_draft(casebook, second, "Typed there too")
    kept = sorted(draft_keys(casebook))
    assert kept == sorted([first.case_id, second.case_id])
    window = make_window()
    window.session.prompter = QtPrompter(window)

    def press(key: Qt.Key, modifier=ALT) -> Callable[[QWidget], str]:
        def act(widget: QWidget) -> str:
            qtbot.keyClick(widget, key, modifier)
            return type(widget).__name__
        return act

    def read_question(box: QWidget) -> tuple[str, str, str]:
        assert isinstance(box, QMessageBox)
        question = (box.text(), box.defaultButton().text(), box.escapeButton().text())
        qtbot.keyClick(box, Qt.Key.Key_Escape)
        return question

    def drafts_then_discard(dialog: QWidget) -> list[str]:
        still = sorted(draft_keys(casebook))  # Esc at the question: nothing discarded
        qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)
        return still

    seen: list = []
    timer = drive([
        (RecoveryDialog, press(Qt.Key.Key_D), 0),  # the editor's Discussion key: nothing here
        (RecoveryDialog, press(Qt.Key.Key_A), 400),  # still offered, nothing asked
        (QMessageBox, read_question, 0),
        (RecoveryDialog, drafts_then_discard, 0),
        (QMessageBox, press(Qt.Key.Key_Y), 0),
    ], seen)
    try:
        window.session.offer_recovery()
    finally:
        timer.stop()
        window.session.prompter = prompter  # the test's end closes it without a real question
    assert len(seen) == 5, seen
    assert seen[2] == ("Discard the unsaved edits of all 2 cases (2 fields changed)?",
                       "&Keep them", "&Keep them")
    assert seen[3] == kept  # still in the draft store after Esc
    assert draft_keys(casebook) == []  # Yes, discard: gone
    assert not window.session.is_open()


def test_enter_at_the_question_keeps_the_drafts(qtbot, stored_references, casebook, prompter,
                                                make_window):
    leave_draft(casebook, stored_references[0], "Typed before the crash")
    window = make_window()
    window.session.prompter = QtPrompter(window)

    def enter(box: QWidget) -> str:
        text = box.text()  # type: ignore[attr-defined]
        qtbot.keyClick(box, Qt.Key.Key_Return)
        return text

    def decide_later(dialog: QWidget) -> list[str]:
        still = draft_keys(casebook)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Decide later
        return still

    seen: list = []
    timer = drive([
        (RecoveryDialog, lambda d: qtbot.keyClick(d, Qt.Key.Key_A, ALT), 0),
        (QMessageBox, enter, 0),
        (RecoveryDialog, decide_later, 0),
    ], seen)
    try:
        window.session.offer_recovery()
    finally:
        timer.stop()
        window.session.prompter = prompter
    assert seen[1:] == ["Discard the unsaved edit of 1 case (1 field changed)?",
                        [stored_references[0].case_id]]
    assert draft_keys(casebook) == [stored_references[0].case_id]
    assert not window.session.is_open()


def test_recover_checked_asks_before_discarding_the_unchecked(qtbot, stored_references,
                                                              casebook, prompter, make_window):
    """Recover checked discards the edits left unchecked: with none checked it was Discard all
    under another name, asked nothing either."""
    leave_draft(casebook, stored_references[0], "Typed before the crash")
    window = make_window()
    window.session.prompter = QtPrompter(window)

    def uncheck_and_recover(dialog: QWidget) -> bool:
        listed = dialog.list  # type: ignore[attr-defined]
        listed.setFocus()
        qtbot.keyClick(listed, Qt.Key.Key_Space)  # the edit unchecked
        unchecked = listed.item(0).checkState() == Qt.CheckState.Unchecked
        qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)
        return unchecked

    def read_question(box: QWidget) -> str:
        text = box.text()  # type: ignore[attr-defined]
        qtbot.keyClick(box, Qt.Key.Key_Escape)
        return text

    def decide_later(dialog: QWidget) -> list[str]:
        still = draft_keys(casebook)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return still

    seen: list = []
    timer = drive([(RecoveryDialog, uncheck_and_recover, 0), (QMessageBox, read_question, 0),
                   (RecoveryDialog, decide_later, 0)], seen)
    try:
        window.session.offer_recovery()
    finally:
        timer.stop()
        window.session.prompter = prompter
    assert seen == [True, "Discard the unsaved edit of 1 unchecked case (1 field changed)?",
                    [stored_references[0].case_id]]
    assert draft_keys(casebook) == [stored_references[0].case_id]
