"""Moving a locked case to the trash while it is open with an amendment under way: the reason
dialog checked the stored case only, so a reason naming the name typed in the amendment passed;
Save at the Save / Discard question stored the name, and the trash was then refused with an
error box, the case closed and not in the trash, the reason lost. The reason is now checked
against the edit too, in the dialog, before anything is saved or closed."""

from __future__ import annotations

from core.services.reason_rules import NAMES_PATIENT
from tests.gui.conftest import audit_rows, open_from_list
from tests.gui.test_trash_locked import trashed_ids

C1 = "SEED-C1-CAO2023"
NAME = "Marco Blu"


def test_a_trash_reason_naming_the_name_typed_in_the_amendment_is_refused_at_once(
        qtbot, casebook, stored_references, window, prompter):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "locked", case.version)
    open_from_list(qtbot, window, C1)
    prompter.script("ask_reason", "Name spelling", f"Duplicate of {NAME} record",
                    "Duplicate record")
    prompter.script("confirm_unsaved", "save")
    window.commands.amend.trigger()
    window.editor.focus_path("patient.name")
    field = window.focusWidget()
    qtbot.keyClicks(field, NAME)

    window.commands.trash.trigger()
    qtbot.waitUntil(lambda: C1 in trashed_ids(casebook))
    assert prompter.calls("reason_problem") == [(NAMES_PATIENT,)]
    assert not prompter.calls("error")
    assert casebook.cases.open_case(C1).patient.name == NAME  # the amendment, saved
    rows = audit_rows(casebook, C1)
    assert rows[-1]["action"] == "trash" and rows[-1]["reason"] == "Duplicate record"
    assert window.session.case_id() is None
