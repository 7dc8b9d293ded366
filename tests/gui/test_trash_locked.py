"""A locked (signed-off) case leaves the case list only with a reason, kept in the audit
trail, as amending or unlocking it does (a stranger trashed a locked case and was asked
nothing; the audit entry had no reason)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.errors import StatusError
from gui.trash_actions import READING
from tests.gui.conftest import audit_rows

C1 = "SEED-C1-CAO2023"


def lock(casebook, case_id=C1):
    case = casebook.cases.open_case(case_id)
    casebook.cases.set_status(case_id, "locked", case.version)


def trashed_ids(casebook) -> set[str]:
    from core.services.listing import ListQuery

    return {s.case_id for s in casebook.cases.list_cases(ListQuery(trashed=True))}


def test_the_service_refuses_a_locked_case_without_a_reason(casebook, stored_references):
    lock(casebook)
    with pytest.raises(StatusError, match="locked: give a reason"):
        casebook.cases.trash_case(C1, "   ")
    assert C1 not in trashed_ids(casebook)
    casebook.cases.trash_case(C1, " Entered twice ")
    assert C1 in trashed_ids(casebook)
    entry = audit_rows(casebook, C1)[-1]
    assert (entry["action"], entry["reason"]) == ("trash", "Entered twice")


def trash_written(qtbot, window) -> None:
    """Wait for Move to trash / Restore from trash: it writes in the background."""
    qtbot.waitUntil(lambda: not window.property(READING) and not window.runner.busy)


def select(window, case_id):
    table = window.case_list.table
    row = next(r for r in range(window.case_model.rowCount())
               if window.case_model.index(r, 0).data() == case_id)
    table.selectRow(row)
    table.setFocus()
    return table


def test_delete_key_on_a_locked_case_asks_a_reason_and_cancel_moves_nothing(
        qtbot, casebook, stored_references, window, prompter):
    lock(casebook)
    window.case_model.reload()
    prompter.script("ask_reason", None)  # Cancel
    qtbot.keyClick(select(window, C1), Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(prompter.calls("ask_reason")))  # identifiers read first
    assert C1 not in trashed_ids(casebook)
    prompter.script("ask_reason", "Duplicate of another case")
    qtbot.keyClick(select(window, C1), Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: C1 in trashed_ids(casebook))
    trash_written(qtbot, window)  # committed in the background, then told on the UI thread
    assert audit_rows(casebook, C1)[-1]["reason"] == "Duplicate of another case"
    assert window.statusBar().currentMessage().startswith(f"Moved case {C1} to the trash")


def test_a_draft_case_is_trashed_without_a_question(qtbot, casebook, stored_references, window,
                                                    prompter):
    other = next(s.case_id for s in casebook.cases.list_cases() if s.case_id != C1)
    window.case_model.reload()
    qtbot.keyClick(select(window, other), Qt.Key.Key_Delete)
    trash_written(qtbot, window)
    assert not prompter.calls("ask_reason")
    assert other in trashed_ids(casebook)
