"""Cancel on "Save the changes?" while switching case keeps the open case, its typing and its
row selected in the list (issue 14; journey 3 checks the same in a real window)."""

from __future__ import annotations

from tests.gui.conftest import open_from_list, type_title


def test_cancel_keeps_the_open_case_selected(qtbot, stored_references, window, prompter):
    first, second = (c.case_id for c in stored_references)
    open_from_list(qtbot, window, first)
    field = type_title(qtbot, window, "Kept by Cancel")
    prompter.script("confirm_unsaved", "cancel")
    open_from_list(qtbot, window, second)
    assert prompter.calls("confirm_unsaved")
    assert window.session.case_id() == first and field.text() == "Kept by Cancel"
    assert window.case_list.current_id() == first
    assert window.case_list.selected_ids() == [first]
