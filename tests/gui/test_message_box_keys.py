"""Qt's message boxes clicked a button on its underlined letter typed alone, without Alt: a
clinician typing into the form when a question popped up answered it with the letters of the
text ("i" discarded the changes at leaving a case and at the recovered edit's question, "y"
deleted the recovered typing, "s" saved). Every box is gui.message_box.MessageBox now:
a letter typed alone does nothing (the question stays, the data as it was), Alt+letter answers,
Enter and Escape give the safe answer. No QMessageBox is used anywhere else in gui/."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gui.app import ask_retry
from gui.dialogs.prompter import QtPrompter
from gui.dialogs.rare_export import ask_rare_export
from gui.dialogs.recovery import RecoveryDialog
from gui.message_box import MessageBox
from tests.gui.conftest import draft_keys, open_from_list, press, title_field, type_title
from tests.gui.test_recovery import C1, leave_draft
from tests.gui.test_recovery_discard_all_asks import drive  # steps: a box's text start

ALT = Qt.KeyboardModifier.AltModifier
GUI = Path(__file__).resolve().parents[2] / "gui"
THE_MODULE = GUI / "message_box.py"


def typed(qtbot, text: str) -> Callable[[QWidget], str]:
    """``text`` typed where the keyboard is (the box's focused button), as a user typing on."""
    def act(widget: QWidget) -> str:
        qtbot.keyClicks(QApplication.focusWidget() or widget, text)
        return "typed"
    return act


def alt(qtbot, key: Qt.Key) -> Callable[[QWidget], str]:
    def act(widget: QWidget) -> str:
        qtbot.keyClick(widget, key, ALT)
        return "alt"
    return act


def back_to(qtbot, window: QWidget) -> None:
    """The window active again after a question, as a desktop makes it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_the_start_up_offer_and_its_discard_question_take_no_plain_letter(
        qtbot, stored_references, casebook, prompter, make_window):
    """The recovery offer after a crash, and its delete question (Discard all: the typing is
    deleted for good)."""
    leave_draft(casebook, stored_references[0], "Typed before the crash")
    leave_draft(casebook, stored_references[1], "Typed there too")
    kept = sorted(draft_keys(casebook))
    window = make_window()
    window.session.prompter = QtPrompter(window)
    asked = "Discard the unsaved edits"

    def still_offered(dialog: QWidget) -> list[str]:
        drafts = sorted(draft_keys(casebook))
        qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)  # Discard all: asks
        return drafts

    def still_asked(box: QWidget) -> tuple[list[str], str, str]:
        assert isinstance(box, QMessageBox)
        state = (sorted(draft_keys(casebook)), box.defaultButton().text(),
                 box.escapeButton().text())
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # Keep them: back to the offer
        return state

    seen: list[Any] = []
    timer = drive([
        (RecoveryDialog, typed(qtbot, "radRAD"), 0),  # no answer's letter answers
        (RecoveryDialog, still_offered, 400),
        (asked, typed(qtbot, "ykYK"), 0),  # Yes, discard / Keep them: typed alone, nothing
        (asked, still_asked, 400),
        (RecoveryDialog, alt(qtbot, Qt.Key.Key_A), 0),
        (asked, alt(qtbot, Qt.Key.Key_Y), 0),  # Alt+Y: Yes, discard
    ], seen)
    try:
        window.session.offer_recovery()
    finally:
        timer.stop()
        window.session.prompter = prompter
    assert len(seen) == 6, seen
    assert seen[1] == kept  # the offer still showing, every draft kept
    assert seen[3] == (kept, "&Keep them", "&Keep them")  # the question still showing
    assert draft_keys(casebook) == []  # Alt+Y discarded them
    assert not window.session.is_open()


def test_the_recovered_edit_question_takes_no_plain_letter(
        qtbot, stored_references, casebook, prompter, make_window):
    """Opening a case whose edit was kept after a crash ("Decide later"): Recover / Discard… /
    Cancel."""
    stored = casebook.cases.open_case(C1)
    leave_draft(casebook, stored_references[0], "Kept after the crash")
    prompter.script("offer_recovery", None)  # Decide later
    window = make_window()
    window.session.offer_recovery()
    window.session.prompter = QtPrompter(window)
    offer = "“Kept after the crash” has unsaved changes"

    def still_asked(box: QWidget) -> tuple[list[str], bool]:
        state = (draft_keys(casebook), window.session.is_open())
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # Cancel: nothing opens, the draft is kept
        return state

    seen: list[Any] = []
    timer = drive([(offer, typed(qtbot, "ricRIC"), 0), (offer, still_asked, 400)], seen)
    try:
        open_from_list(qtbot, window, C1)
        qtbot.waitUntil(lambda: len(seen) == 2)
    finally:
        timer.stop()
    assert seen[1] == ([C1], False)
    assert not window.session.is_open()
    assert draft_keys(casebook) == [C1]
    assert casebook.cases.open_case(C1).version == stored.version

    seen.clear()
    back_to(qtbot, window)
    timer = drive([(offer, alt(qtbot, Qt.Key.Key_R), 0)], seen)  # Alt+R: Recover
    try:
        open_from_list(qtbot, window, C1)
        qtbot.waitUntil(lambda: window.session.is_open())
    finally:
        timer.stop()
        window.session.prompter = prompter
    assert title_field(window).text() == "Kept after the crash"
    assert window.session.is_dirty()


def test_leaving_a_changed_case_takes_no_plain_letter(qtbot, stored_references, make_window,
                                                      casebook):
    """Save / Discard / Cancel at Ctrl+W: "s", "i", "c" typed alone answer nothing."""
    window = make_window(prompter=QtPrompter())
    before = casebook.cases.open_case(C1)
    try:  # a failure leaves the case changed: closed without the question (it would wait)
        open_from_list(qtbot, window, C1)
        type_title(qtbot, window, "Typed, then a question")
        asked = "Save the changes"

        def still_asked(box: QWidget) -> tuple[int, str, bool]:
            stored = casebook.cases.open_case(C1)
            state = (stored.version, stored.case_report.title, window.session.is_open())
            qtbot.keyClick(box, Qt.Key.Key_Escape)  # Cancel: the case stays open, changed
            return state

        seen: list[Any] = []
        timer = drive([(asked, typed(qtbot, "sicSIC"), 0), (asked, still_asked, 400)], seen)
        press(qtbot, window, "Ctrl+W")
        qtbot.waitUntil(lambda: len(seen) == 2)
        timer.stop()
        assert seen[1] == (before.version, before.case_report.title, True)
        assert window.session.is_open() and window.session.is_dirty()
        assert title_field(window).text() == "Typed, then a question"

        seen.clear()
        back_to(qtbot, window)
        timer = drive([(asked, alt(qtbot, Qt.Key.Key_S), 0)], seen)  # Alt+S: Save
        press(qtbot, window, "Ctrl+W")
        qtbot.waitUntil(lambda: not window.session.is_open())
        timer.stop()
        stored = casebook.cases.open_case(C1)
        assert stored.version == before.version + 1
        assert stored.case_report.title == "Typed, then a question"
    finally:
        window.shutdown()


def test_a_yes_no_question_takes_no_plain_letter(qtbot):
    """Replace a file, restore a backup, export identifiers...: "y" typed alone said Yes."""
    question = "report.pdf already exists"

    def ask(steps: list) -> bool:
        seen: list[Any] = []
        timer = drive(steps, seen)
        try:
            return QtPrompter().confirm("Replace the file?", f"{question}. Replace it?")
        finally:
            timer.stop()
            assert len(seen) == len(steps), seen

    def default_then_enter(box: QWidget) -> str:
        text = box.defaultButton().text()  # type: ignore[attr-defined]
        qtbot.keyClick(box, Qt.Key.Key_Return)
        return text

    assert ask([(question, typed(qtbot, "ynYN"), 0), (question, default_then_enter, 400)]) \
        is False
    assert ask([(question, lambda b: qtbot.keyClick(b, Qt.Key.Key_Escape), 0)]) is False
    assert ask([(question, alt(qtbot, Qt.Key.Key_Y), 0)]) is True


@pytest.mark.parametrize(("ask", "letters", "safe"), [
    (lambda: ask_rare_export(None, "Rare combinations", "An age of 96 with a subdivision."),
     "lesLES", "stop"),
    (lambda: ask_retry("The data folder is in use by another Casebook."), "rqRQ", False),
], ids=["rare export", "folder in use"])
def test_other_boxes_take_no_plain_letter(qtbot, ask, letters, safe):
    seen: list[Any] = []

    def visible_then_escape(box: QWidget) -> bool:
        qtbot.keyClick(box, Qt.Key.Key_Escape)
        return True

    timer = drive([(MessageBox, typed(qtbot, letters), 0),
                   (MessageBox, visible_then_escape, 400)], seen)
    try:
        answer = ask()
    finally:
        timer.stop()
    assert seen == ["typed", True]
    assert answer == safe


FORBIDDEN = re.compile(r"\bQMessageBox\b|\.aboutQt\b")


def test_no_message_box_but_the_one_module():
    """A QMessageBox (built, subclassed, or its static question / warning / ...) anywhere in
    gui/ but gui/message_box.py would answer typed letters again: MessageBox is used
    instead (its statics are its own). aboutQt has no counterpart there."""
    assert FORBIDDEN.search("from PySide6.QtWidgets import QMessageBox, QWidget")
    assert FORBIDDEN.search("    QtWidgets.QMessageBox.question(self, t, m)")
    assert not FORBIDDEN.search("box = MessageBox(MessageBox.Icon.Question, t, m)")
    assert "class MessageBox(QMessageBox)" in THE_MODULE.read_text(encoding="utf-8")
    found = []
    for path in sorted(GUI.rglob("*.py")):
        if path == THE_MODULE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FORBIDDEN.search(line):
                found.append(f"{path.relative_to(GUI.parent)}:{number}: {line.strip()}")
    assert found == [], "use gui.message_box.MessageBox:\n" + "\n".join(found)
