"""The toolbar's Export greyed out while a case was open and the search box was typed in
(found by a stranger run at 1024x768): the search's new rows cleared the list's selection, and
Export took the selected cases only. It now exports the selected cases, else the open case,
and is available whenever there are cases to export."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, type_title

C1 = "SEED-C1-CAO2023"


def test_export_after_typing_in_the_search_box_writes_the_open_case(
        qtbot, stored_references, window, prompter, tmp_path):
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    export = window.commands.export_selected
    box = window.search_panel.box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(box, "blina")
    qtbot.waitUntil(lambda: window.case_list.selected_ids() == [] and box.hasFocus())
    qtbot.wait(300)  # the search ran, its rows shown
    assert window.session.case_id() == C1 and box.hasFocus()
    button = window.toolbar.widgetForAction(export)
    assert export.isEnabled() and button.isEnabled() and button.isVisible()
    target = tmp_path / "open.json"
    prompter.script("choose_save_file", target)
    with qtbot.waitSignal(window.transfers.done, timeout=30000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the toolbar's Export
    assert [c["case_id"] for c in json.loads(target.read_text())["cases"]] == [C1]
    assert prompter.calls("choose_save_file")[0][1] == f"{C1}.casebook.json"


def test_export_with_cases_listed_and_none_chosen_says_to_select(
        qtbot, stored_references, window, prompter):
    window.case_list.table.clearSelection()
    assert window.session.case_id() is None and window.case_model.total == 2
    assert window.commands.export_selected.isEnabled()
    window.commands.export_selected.trigger()
    assert prompter.calls("info") == [("Select the cases to export in the list first.",)]
    assert not prompter.calls("choose_save_file")


def test_export_of_the_open_case_with_unsaved_changes_asks_first(
        qtbot, stored_references, window, prompter, casebook, tmp_path):
    """The file holds the saved version: typed changes not saved are not in it. Asked first
    (a reviewer found the open case exported without them and without a word)."""
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.show()
    qtbot.waitExposed(window)
    type_title(qtbot, window, "A title typed, not saved")
    qtbot.waitUntil(window.session.is_dirty)
    window.case_list.table.clearSelection()
    target = tmp_path / "open.json"
    prompter.script("confirm", False)
    window.commands.export_selected.trigger()
    [(title, question)] = prompter.calls("confirm")
    assert "has unsaved changes" in question and C1 in question
    assert not prompter.calls("choose_save_file") and not target.exists()
    prompter.script("confirm", True)
    prompter.script("choose_save_file", target)
    with qtbot.waitSignal(window.transfers.done, timeout=30000):
        window.commands.export_selected.trigger()
    [case] = json.loads(target.read_text())["cases"]
    assert case["case_report"]["title"] == casebook.cases.open_case(C1).case_report.title
