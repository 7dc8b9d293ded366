"""Nothing typed is lost when the case was saved elsewhere after the edit began: the app is
killed with Weight typed and autosaved, another process (the command line, an import, a second
window) saves a newer version of the case, and the app starts again. The recovered edit was
offered whole (Recover took the newer changes back, and Save then refused it) or not at all;
the draft now keeps the case it began from, and Recover merges the edit into the case as stored
now: a field only one side changed comes from that side, a field both changed is shown with
both values for the clinician to pick. The merged case opens unsaved, and saves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QRadioButton

from gui.dialogs.merge_recovery import MergeDialog
from gui.dialogs.prompter import QtPrompter
from gui.dialogs.recovery import RecoveryDialog
from tests.gui.conftest import audit_rows, draft_keys, open_from_list, press
from tests.gui.test_recovery_keeps_unstored_text import (
    WEIGHT,
    field_at,
    type_into,
    wait_for_autosave,
)
from tests.gui.test_recovery_lists_changes import click, when_shown

C1 = "SEED-C1-CAO2023"
INTRO, HEIGHT = "case_report.introduction", "patient.height_cm"


def typed_then_saved_elsewhere(qtbot, casebook, make_window, typed, **saved):
    """``typed`` (path -> text) typed and autosaved in a window never closed (as after
    kill -9); then another process saves the case with a new Introduction and ``saved``
    (patient fields): the stored case before and after."""
    first = make_window()
    open_from_list(qtbot, first, C1)
    for path, text in typed.items():
        type_into(qtbot, first, path, text)
    wait_for_autosave(qtbot, first, casebook)
    stored = casebook.cases.open_case(C1)
    report = stored.case_report.model_copy(update={"introduction": "Saved elsewhere."})
    patient = stored.patient.model_copy(update=saved)
    after = casebook.cases.save_case(
        stored.model_copy(update={"case_report": report, "patient": patient}))
    assert after.version == stored.version + 1
    assert draft_keys(casebook) == [C1]  # the save kept the edit it does not hold
    return stored, after


def restart_and_recover(qtbot, make_window, prompter, in_merge):
    """A new window (the app started again): Recover checked at the offer, then ``in_merge``
    (the merge dialog) answered; the window and what ``in_merge`` returned."""
    second = make_window()
    second.session.prompter = QtPrompter(second)
    when_shown(RecoveryDialog, lambda dialog: click(dialog, "&Recover checked"))

    def read_then_open(dialog: MergeDialog):
        try:
            return in_merge(dialog)
        finally:  # answered whatever the reading met: a modal left open hangs the test
            click(dialog, "&Open merged")

    seen = when_shown(MergeDialog, read_then_open)
    second.session.offer_recovery()
    second.session.prompter = prompter
    assert len(seen) == 1, "the merge was not shown"
    with qtbot.waitActive(second):  # the offscreen platform activates no window after a
        second.activateWindow()  # modal closes; the user's window is active again
    return second, seen[0]


def texts(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def intro_text(window) -> str:
    return field_at(window, INTRO).toPlainText()


def test_an_edit_of_another_field_merges_with_the_change_saved_since(
        qtbot, stored_references, casebook, prompter, make_window):
    before, after = typed_then_saved_elsewhere(qtbot, casebook, make_window, {WEIGHT: "77"})

    second, shown = restart_and_recover(qtbot, make_window, prompter, texts)
    assert f"your edit is of version {before.version}, the case is at version " \
           f"{after.version} now" in shown
    assert "Your changes, merged in (1):\n• Patient › Weight" in shown
    assert "Changes saved since, kept (1):\n• " in shown and "› Introduction" in shown
    assert "Changed on both sides" not in shown
    assert field_at(second, WEIGHT).text() == "77"  # the draft's
    assert intro_text(second) == "Saved elsewhere."  # the store's
    assert second.session.is_dirty() and second.isWindowModified()  # not saved yet
    assert casebook.cases.open_case(C1).patient.weight_kg == before.patient.weight_kg

    press(qtbot, second, "Ctrl+S")
    saved = casebook.cases.open_case(C1)
    assert saved.version == after.version + 1  # the save's conflict check passed
    assert (saved.patient.weight_kg, saved.case_report.introduction) == (77, "Saved elsewhere.")
    assert draft_keys(casebook) == []
    last = [r for r in audit_rows(casebook, C1) if r["action"] == "save"][-1]
    assert last["path"] == WEIGHT  # the trail shows the clinician's change, saved normally


@pytest.mark.parametrize("pick", ["mine", "stored", None])
def test_a_field_changed_on_both_sides_is_shown_with_both_values(
        qtbot, stored_references, casebook, prompter, make_window, pick):
    before, after = typed_then_saved_elsewhere(qtbot, casebook, make_window,
                                               {WEIGHT: "77", HEIGHT: "150"}, weight_kg=80.5)

    def read_and_pick(dialog: MergeDialog):
        [box] = [b for b in dialog.findChildren(QGroupBox) if b.title() == "Patient › Weight"]
        radios = {r.text(): r for r in box.findChildren(QRadioButton)}
        assert set(radios) == {"Keep mine: 77 kg", "Keep stored: 80.5 kg"}  # as the form shows them
        assert not any(r.isChecked() for r in radios.values())  # both stand until picked
        if pick:
            radio = radios["Keep mine: 77 kg" if pick == "mine" else "Keep stored: 80.5 kg"]
            # on its circle, as a user clicks it (a click past the words misses it)
            qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
        return texts(dialog)

    second, shown = restart_and_recover(qtbot, make_window, prompter, read_and_pick)
    status = status_text(second)
    if pick is None:  # the form shows mine; the stored value is named beside it
        assert "changed on both sides, the form shows yours: Patient › Weight (stored " \
            "80.5 kg)" in status
    else:
        assert "changed on both sides" not in status
    assert "Changed on both sides (1)" in shown
    assert "Your changes, merged in (1):\n• Patient › Height" in shown
    assert "Changes saved since, kept (1):\n• " in shown and "› Introduction" in shown
    assert field_at(second, WEIGHT).text() == ("80.5" if pick == "stored" else "77")
    assert field_at(second, HEIGHT).text() == "150"  # mine, merged
    assert intro_text(second) == "Saved elsewhere."  # the store's, kept

    press(qtbot, second, "Ctrl+S")
    saved = casebook.cases.open_case(C1)
    assert saved.version == after.version + 1
    assert saved.patient.weight_kg == (80.5 if pick == "stored" else 77)
    assert (saved.patient.height_cm, saved.case_report.introduction) == (150, "Saved elsewhere.")
    assert draft_keys(casebook) == []


def status_text(window) -> str:
    """The status bar's message, whole (a long one is cut to fit, whole in its tooltip)."""
    bar = window.statusBar()
    shown = bar.currentMessage()
    return bar.toolTip() if shown.endswith("…") else shown


def test_an_older_draft_without_its_base_recovers_whole_as_before(
        qtbot, stored_references, casebook, prompter, make_window):
    stored = casebook.cases.open_case(C1)
    patient = stored.patient.model_copy(update={"weight_kg": 77.0})
    casebook.drafts.save_draft(stored.model_copy(update={"patient": patient}))  # no base
    report = stored.case_report.model_copy(update={"introduction": "Saved elsewhere."})
    casebook.cases.save_case(stored.model_copy(update={"case_report": report}))

    prompter.script("offer_recovery", [C1])
    second = make_window()
    second.session.offer_recovery()
    assert prompter.calls("resolve_merge") == []  # nothing to merge from
    assert field_at(second, WEIGHT).text() == "77"
    assert intro_text(second) != "Saved elsewhere."  # the edit, whole, as before
    assert second.session.is_dirty()


def test_opened_after_decide_later_it_merges_too(
        qtbot, stored_references, casebook, prompter, make_window):
    typed_then_saved_elsewhere(qtbot, casebook, make_window, {WEIGHT: "77"})
    prompter.script("offer_recovery", None)  # Decide later
    prompter.script("offer_draft", "recover")  # asked when the case is opened
    second = make_window()
    second.session.offer_recovery()
    open_from_list(qtbot, second, C1)
    [(title, merge)] = prompter.calls("resolve_merge")
    assert merge.yours == ("Patient › Weight",) and merge.conflicts == ()
    assert field_at(second, WEIGHT).text() == "77"
    assert intro_text(second) == "Saved elsewhere."
    assert second.session.is_dirty()


def test_a_place_with_an_ampersand_reads_whole(qtbot, reference_cases):
    """'Title & keywords › …' read 'Title _keywords › …' (the '&' taken as a shortcut mark)."""
    from core.services.draft_merge import merge_draft

    base = reference_cases[0].model_copy(update={"version": 1})

    def intro(text, version=1):
        report = base.case_report.model_copy(update={"introduction": text})
        return base.model_copy(update={"case_report": report, "version": version})

    merge = merge_draft(base, intro("Mine & more"), intro("Stored", 2))
    dialog = MergeDialog(base.title, merge)
    qtbot.addWidget(dialog)
    [box] = dialog.findChildren(QGroupBox)
    assert box.title() == "Title && keywords › Case report › Introduction"  # shows one '&'
    texts = sorted(r.text() for r in box.findChildren(QRadioButton))
    assert texts == ["Keep mine: Mine && more", "Keep stored: Stored"]
