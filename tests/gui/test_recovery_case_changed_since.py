"""The recovery offer says when the case changed after its edit was autosaved (stranger test,
kill -9 then `casebook import --replace` of the same case while the app was down). The offer
compared the draft with the case as saved since and listed "3 fields changed: Introduction,
Patient name, Hospital record number" as the clinician's edit, though two of them were the
import's changes, which Recover would take back; recovered, Save then refused it ("changed
elsewhere, you edited version 1, the stored version is 2") with nothing in the offer to say
why. The offer now marks such an edit ("· case changed since") and says what it means under
its fields."""

from __future__ import annotations

from gui.dialogs.prompter import QtPrompter
from gui.dialogs.recovery import RecoveryDialog
from tests.gui.conftest import draft_keys, open_from_list
from tests.gui.test_recovery_keeps_unstored_text import WEIGHT, type_into, wait_for_autosave
from tests.gui.test_recovery_lists_changes import click, question_after_decide_later, when_shown

C1 = "SEED-C1-CAO2023"


def keep_an_edit_then_import_the_case(qtbot, casebook, make_window):
    """Weight 77 autosaved; then (the app killed) the case replaced by an import, as
    `casebook import --replace` does: the stored case before and after."""
    first = make_window()
    open_from_list(qtbot, first, C1)
    type_into(qtbot, first, WEIGHT, "77")
    wait_for_autosave(qtbot, first, casebook)
    stored = casebook.cases.open_case(C1)
    report = stored.case_report.model_copy(update={"introduction": "Changed by an import."})
    casebook.cases.import_cases([stored.model_copy(update={"case_report": report})],
                                replace=True, source="lab-export.json")
    return stored, casebook.cases.open_case(C1)


def changed_since(before, after) -> str:
    return (f"⚠ The case was changed after this autosave (this edit is of version "
            f"{before.version}, the case is at version {after.version} now): the fields listed "
            "include the changes saved since, which this edit does not hold. Recovered, it "
            "cannot be saved over them (Save refuses it); Discard keeps the case as saved.")


def test_the_offer_says_the_case_changed_since(
        qtbot, stored_references, casebook, prompter, make_window):
    stored, saved = keep_an_edit_then_import_the_case(qtbot, casebook, make_window)
    assert saved.version == stored.version + 1
    assert draft_keys(casebook) == [C1]  # an import keeps it (a save in the app drops it)

    second = make_window()
    second.session.prompter = QtPrompter(second)

    def read_and_decide_later(dialog: RecoveryDialog) -> tuple[str, str]:
        try:
            return dialog.list.item(0).text(), dialog.changes.text()
        finally:  # answered whatever the reading met: a modal left open hangs the test
            click(dialog, "Decide &later")

    seen = when_shown(RecoveryDialog, read_and_decide_later)
    second.session.offer_recovery()
    second.session.prompter = prompter
    [(item, changes)] = seen
    assert item.splitlines()[1].startswith(f"{C1} · autosaved ")
    assert item.endswith(" · case changed since")
    lines = changes.splitlines()
    assert lines[0] == f"“{stored.title}”: 2 fields changed"  # the import's and the edit's
    assert lines[1].startswith("• ") and lines[1].endswith(" › Introduction")
    assert lines[2] == "• Patient › Weight"
    assert lines[3] == changed_since(stored, saved)
    assert not second.session.is_open()
    assert draft_keys(casebook) == [C1]  # Decide later: kept
    assert casebook.cases.open_case(C1).case_report.introduction == "Changed by an import."


def test_an_edit_of_the_case_as_saved_has_no_such_words(
        qtbot, stored_references, casebook, prompter, make_window):
    first = make_window()
    open_from_list(qtbot, first, C1)
    type_into(qtbot, first, WEIGHT, "77")
    wait_for_autosave(qtbot, first, casebook)

    second = make_window()
    second.session.prompter = QtPrompter(second)

    def read_and_decide_later(dialog: RecoveryDialog) -> tuple[str, str]:
        try:
            return dialog.list.item(0).text(), dialog.changes.text()
        finally:
            click(dialog, "Decide &later")

    seen = when_shown(RecoveryDialog, read_and_decide_later)
    second.session.offer_recovery()
    second.session.prompter = prompter
    [(item, changes)] = seen
    assert "changed since" not in item and "⚠" not in changes
    assert changes.splitlines()[1:] == ["• Patient › Weight"]


def test_opening_it_after_decide_later_says_so_too(
        qtbot, stored_references, casebook, prompter, make_window):
    stored, saved = keep_an_edit_then_import_the_case(qtbot, casebook, make_window)
    second, [text] = question_after_decide_later(qtbot, prompter, make_window)
    assert text.endswith(f"• Patient › Weight\n\n{changed_since(stored, saved)}\n\n"
                         "Recover them into the case, or discard them?")
    assert not second.session.is_open()
    assert draft_keys(casebook) == [C1]
