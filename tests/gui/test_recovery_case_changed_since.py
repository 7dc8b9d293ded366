"""The recovery offer says when the case changed after its edit was autosaved (stranger test,
kill -9 then `casebook import --replace` of the same case while the app was down). The offer
compared the draft with the case as saved since and listed "3 fields changed: Introduction,
Patient name, Hospital record number" as the clinician's edit, though two of them were the
import's changes, which Recover would take back; recovered, Save then refused it ("changed
elsewhere, you edited version 1, the stored version is 2") with nothing in the offer to say
why. The offer now marks such an edit ("· case changed since") and says what it means under
its fields. A draft that kept the case its edit began from lists the edit's own changes and
says Recover merges them (tests/gui/test_recovery_merge.py); an older draft, without it, is
offered as before."""

from __future__ import annotations

import pytest

from gui.dialogs.prompter import QtPrompter
from gui.dialogs.recovery import RecoveryDialog
from tests.gui.conftest import draft_keys, open_from_list
from tests.gui.test_recovery_keeps_unstored_text import WEIGHT, type_into, wait_for_autosave
from tests.gui.test_recovery_lists_changes import click, question_after_decide_later, when_shown

C1 = "SEED-C1-CAO2023"


def keep_an_edit_then_import_the_case(qtbot, casebook, make_window, older=False):
    """Weight 77 autosaved; then (the app killed) the case replaced by an import, as
    `casebook import --replace` does: the stored case before and after. ``older``: the draft
    as older versions wrote it, without the case its edit began from."""
    first = make_window()
    open_from_list(qtbot, first, C1)
    type_into(qtbot, first, WEIGHT, "77")
    wait_for_autosave(qtbot, first, casebook)
    if older:
        [draft] = casebook.drafts.list_drafts()
        casebook.drafts.save_draft(draft.case, unstored=draft.unstored)
    stored = casebook.cases.open_case(C1)
    report = stored.case_report.model_copy(update={"introduction": "Changed by an import."})
    casebook.cases.import_cases([stored.model_copy(update={"case_report": report})],
                                replace=True, source="lab-export.json")
    return stored, casebook.cases.open_case(C1)


def changed_since(before, after, older=True) -> str:
    if not older:
        return (f"⚠ The case was saved again after this edit began (this edit is of version "
                f"{before.version}, the case is at version {after.version} now). Recover "
                "merges these changes into the case as it is now and shows what merges, and "
                "each field changed on both sides with both values, before anything opens; "
                "nothing is saved until you Save.")
    return (f"⚠ The case was changed after this autosave (this edit is of version "
            f"{before.version}, the case is at version {after.version} now): the fields listed "
            "include the changes saved since, which this edit does not hold. Recovered, it "
            "cannot be saved over them (Save refuses it); Discard keeps the case as saved.")


@pytest.mark.parametrize("older", [True, False])
def test_the_offer_says_the_case_changed_since(
        qtbot, stored_references, casebook, prompter, make_window, older):
    stored, saved = keep_an_edit_then_import_the_case(qtbot, casebook, make_window, older)
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
    if older:  # compared with the case as it is now: the import's change listed too
        assert lines[0] == f"“{stored.title}”: 2 fields changed"
        assert lines[1].startswith("• ") and lines[1].endswith(" › Introduction")
        lines.pop(1)
    else:  # the edit's own changes, against the case it began from
        assert lines[0] == f"“{stored.title}”: 1 field changed"
    assert lines[1:] == ["• Patient › Weight", changed_since(stored, saved, older)]
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


@pytest.mark.parametrize("older", [True, False])
def test_opening_it_after_decide_later_says_so_too(
        qtbot, stored_references, casebook, prompter, make_window, older):
    stored, saved = keep_an_edit_then_import_the_case(qtbot, casebook, make_window, older)
    second, [text] = question_after_decide_later(qtbot, prompter, make_window)
    assert text.endswith(f"• Patient › Weight\n\n{changed_since(stored, saved, older)}\n\n"
                         "Recover them into the case, or discard them?")
    assert not second.session.is_open()
    assert draft_keys(casebook) == [C1]
