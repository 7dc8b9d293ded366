"""A case in the trash opened from "Show trash" (a stranger edited and saved one, the banner
offering Complete… Lock… as if nothing were wrong): it opens read-only with a banner saying it
is in the trash, the service refuses to save it, and File › Restore from trash makes it
editable again."""

from __future__ import annotations

import pytest

from core.errors import StatusError
from tests.gui.conftest import audit_rows, open_from_list, press, type_title
from tests.gui.test_trash_locked import trash_written

C1 = "SEED-C1-CAO2023"


def test_the_service_refuses_to_save_a_trashed_case(casebook, stored_references):
    case = casebook.cases.open_case(C1)
    casebook.cases.trash_case(C1)
    edited = case.model_copy(deep=True)
    edited.case_report.title = "Edited in the trash"
    with pytest.raises(StatusError, match=f"Case {C1} is in the trash"):
        casebook.cases.save_case(edited)
    with pytest.raises(StatusError, match=f"Case {C1} is in the trash"):
        casebook.cases.set_status(C1, "draft", case.version)
    assert casebook.cases.open_case(C1).case_report.title == case.case_report.title
    casebook.cases.restore_case(C1)
    assert casebook.cases.save_case(edited).case_report.title == "Edited in the trash"


def test_a_trashed_case_opens_read_only_until_restored(qtbot, stored_references, window,
                                                        casebook, prompter):
    stored = casebook.cases.open_case(C1)
    casebook.cases.trash_case(C1)
    before = audit_rows(casebook, C1)
    window.case_list.trash_toggle.setChecked(True)  # "Show trash"
    qtbot.waitUntil(lambda: window.case_model.row_of(C1) >= 0)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    banner = window.case_banner
    assert banner.isVisible() and "In the trash" in banner.message.text()
    assert "Restore from trash" in banner.message.text()
    assert not banner.lock_button.isVisible() and not banner.amend_button.isVisible()
    assert window.editor.is_read_only()
    assert not window.commands.mark_complete.isEnabled()
    assert not window.commands.lock.isEnabled() and not window.commands.unlock.isEnabled()
    form = window.editor.section_page("Title & keywords").forms["case_report"]
    field = form.bindings["title"].editor
    window.editor.focus_path("case_report.title")
    qtbot.keyClicks(window.focusWidget(), "Typed into a trashed case")
    assert field.text() == stored.title and not window.session.is_dirty()
    press(qtbot, window, "Ctrl+S")
    assert "in the trash" in window.statusBar().currentMessage()
    assert audit_rows(casebook, C1) == before
    assert casebook.cases.open_case(C1).version == stored.version

    window.commands.restore.trigger()  # File › Restore from trash, the case selected
    trash_written(qtbot, window)
    assert not casebook.cases.is_trashed(C1)
    assert not window.editor.is_read_only()
    assert not banner.isVisible() or "In the trash" not in banner.message.text()
    type_title(qtbot, window, "Edited once restored")
    press(qtbot, window, "Ctrl+S")
    saved = casebook.cases.open_case(C1)
    assert (saved.version, saved.case_report.title) == (stored.version + 1,
                                                         "Edited once restored")
    assert not prompter.calls("error")
