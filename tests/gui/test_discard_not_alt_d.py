"""Alt+D is the editor's key for the Discussion field, and it answered Discard at two questions
with no second thought: leaving a changed case (Save / Discard / Cancel) threw the changes away,
and opening a case whose edit was kept after a crash ("Decide later": Recover / Discard /
Cancel) threw the recovered typing away. Discard is Alt+I at both now (Alt+D answers nothing);
at the recovered edit's question it asks first, as Discard all at the start-up offer does
(Keep them the default and Esc, back to the question; Yes, discard, Alt+Y)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui.dialogs.prompter import QtPrompter
from tests.gui.conftest import draft_keys, open_from_list, press, title_field, type_title
from tests.gui.test_recovery import C1, leave_draft
from tests.gui.test_recovery_discard_all_asks import drive  # steps: a box's text start

ALT = Qt.KeyboardModifier.AltModifier


def alt(qtbot, key: Qt.Key) -> Callable[[QMessageBox], str]:
    def act(box: QMessageBox) -> str:
        qtbot.keyClick(box, key, ALT)
        return box.text()
    return act


def test_leaving_a_changed_case_discards_on_alt_i_not_alt_d(qtbot, stored_references,
                                                            make_window, casebook):
    window = make_window(prompter=QtPrompter())
    before = casebook.cases.open_case(C1)
    try:  # a failure leaves the case changed: closed without the question (it would wait)
        open_from_list(qtbot, window, C1)
        type_title(qtbot, window, "Typed, then left")
        seen: list = []

        def still_asked_then_discard(box: QMessageBox) -> tuple[str, str, str]:
            buttons = QMessageBox.StandardButton
            answer = (box.button(buttons.Discard).text(), box.defaultButton().text(),
                      box.escapeButton().text())
            qtbot.keyClick(box, Qt.Key.Key_I, ALT)
            return answer

        timer = drive([("Save the changes", alt(qtbot, Qt.Key.Key_D), 0),
                       ("Save the changes", still_asked_then_discard, 400)], seen)
        press(qtbot, window, "Ctrl+W")
        qtbot.waitUntil(lambda: not window.session.is_open())
        timer.stop()
        assert len(seen) == 2, seen  # Alt+D left the question showing
        assert seen[1] == ("D&iscard", "&Save", "&Cancel")
        stored = casebook.cases.open_case(C1)
        assert stored.version == before.version
        assert stored.case_report.title == before.case_report.title
    finally:
        window.shutdown()


def test_a_recovered_edit_is_discarded_on_alt_i_after_asking(qtbot, stored_references,
                                                             casebook, prompter, make_window):
    stored = casebook.cases.open_case(C1)
    leave_draft(casebook, stored_references[0], "Kept after the crash")
    prompter.script("offer_recovery", None)  # Decide later
    window = make_window()
    window.session.offer_recovery()
    window.session.prompter = QtPrompter(window)

    def read_question(box: QMessageBox) -> tuple[str, str, str]:
        question = (box.text(), box.defaultButton().text(), box.escapeButton().text())
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # Keep them: back to the first question
        return question

    def kept_then_discard(box: QMessageBox) -> list[str]:
        still = draft_keys(casebook)
        qtbot.keyClick(box, Qt.Key.Key_I, ALT)
        return still

    def buttons(box: QMessageBox) -> tuple[list[str], str, str]:
        texts = [b.text() for b in box.buttons()]
        qtbot.keyClick(box, Qt.Key.Key_I, ALT)
        return texts, box.defaultButton().text(), box.escapeButton().text()

    offer = "“Kept after the crash” has unsaved changes"
    seen: list = []
    timer = drive([
        (offer, alt(qtbot, Qt.Key.Key_D), 0),  # the Discussion key: nothing here
        (offer, buttons, 400),  # still asked
        ("Discard the unsaved changes", read_question, 0),
        (offer, kept_then_discard, 0),
        ("Discard the unsaved changes", alt(qtbot, Qt.Key.Key_Y), 0),
    ], seen)
    try:
        open_from_list(qtbot, window, C1)
        qtbot.waitUntil(lambda: window.session.is_open())
    finally:
        timer.stop()
        window.session.prompter = prompter
    assert len(seen) == 5, seen
    assert sorted(seen[1][0]) == sorted(["&Recover", "D&iscard…", "&Cancel"])
    assert seen[1][1:] == ("&Recover", "&Cancel")
    assert seen[2] == ("Discard the unsaved changes to “Kept after the crash” (1 field "
                       "changed)?", "&Keep them", "&Keep them")
    assert seen[3] == [C1]  # Esc at the second question kept the draft
    assert draft_keys(casebook) == []
    assert window.session.case_id() == C1
    assert title_field(window).text() == stored.case_report.title
    assert not window.session.is_dirty()
