"""Import › Replace over a locked case: the reason dialog checked the stored locked cases only,
while the import checks the reason against every case it replaces, as stored (locked or not)
and as the files hold them. A reason naming the patient as the file holds the case, or a
replaced unlocked case's patient, passed the dialog; the import refused it and asked again
("was not used"), the reason retyped. The dialog now checks what the import will check: the
reason is refused in the dialog, which stays open with the text typed; one dialog, nothing
stored until a reason without identifiers is given. When the import refuses a reason all the
same (the dialog did not know), the reason is asked again at once, saying why."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from core.services.cases import CaseService
from core.services.reason_rules import NAMES_PATIENT
from gui.dialogs.status_dialogs import ReasonDialog
from tests.core.test_reason_rules import stored
from tests.gui.conftest import audit_rows
from tests.gui.fakes import ScriptedPrompter
from tests.gui.test_reason_names_patient import RealReasonDialog

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"
NAME, RECORD = "Piero Rosa", "MRN-7731"


def replace_file(casebook, tmp_path):
    """C1 locked, as stored with no name; C2 a draft with a record number. The file holds C1
    with the patient's name and C2 with a new title: the import replaces both."""
    lenient = CaseService(casebook.ctx, blocking=lambda case: [])  # identifiers: rule V57
    second = lenient.open_case(C2)
    second.patient.record_number = RECORD
    lenient.save_case(second)
    case = casebook.cases.open_case(C1)
    locked = casebook.cases.set_status(C1, "locked", case.version)
    first = casebook.cases.open_case(C1)
    first.patient.name = NAME
    second = casebook.cases.open_case(C2)
    second.case_report.title = "A corrected title"
    source = tmp_path / "c1.json"
    source.write_text(json.dumps({"format": "casebook", "schema_version": "1.0.0",
                                  "cases": [first.to_json_dict(), second.to_json_dict()]}),
                      encoding="utf-8")
    return source, locked


def test_the_dialog_refuses_what_the_import_would(qtbot, tmp_path, stored_references,
                                                  make_window, casebook):
    source, locked = replace_file(casebook, tmp_path)
    prompter = RealReasonDialog()
    prompter.script("choose_open_files", [source])
    prompter.script("choose_import_mode", "replace")
    window = make_window(prompter=prompter)
    before = stored(casebook)
    audit = {case_id: audit_rows(casebook, case_id) for case_id in (C1, C2)}
    answers = [f"Name {NAME} from the chart", f"Title of {RECORD.lower()} corrected",
               "Name and title from the chart"]
    dialogs: list[ReasonDialog] = []
    seen = []

    def user():
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, ReasonDialog) or modal in dialogs:  # not shown yet
            QTimer.singleShot(20, user)
            return
        dialogs.append(modal)
        ok = modal.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        while answers and modal.isVisible():
            modal.field.selectAll()
            qtbot.keyClicks(modal.field, answers.pop(0))
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
            seen.append((modal.isVisible(), modal.problem.isVisible() and modal.problem.text(),
                         modal.field.text(), stored(casebook) == before))
        if modal.isVisible():
            modal.reject()
        else:
            QTimer.singleShot(20, user)  # another dialog may follow

    QTimer.singleShot(0, user)
    with qtbot.waitSignal(window.transfers.imported, timeout=30000):
        window.commands.import_json.trigger()
    assert len(dialogs) == 1  # asked once
    assert seen[:2] == [(True, NAMES_PATIENT, f"Name {NAME} from the chart", True),
                        (True, NAMES_PATIENT, f"Title of {RECORD.lower()} corrected", True)]
    assert seen[2][0] is False
    assert not prompter.calls("error")
    first, second = casebook.cases.open_case(C1), casebook.cases.open_case(C2)
    assert (first.patient.name, first.version) == (NAME, locked.version + 1)
    assert second.case_report.title == "A corrected title"
    for case_id in (C1, C2):  # the reason is kept with both cases' entries
        reasons = [row["reason"] for row in audit_rows(casebook, case_id)[len(audit[case_id]):]
                   if row["reason"]]
        assert reasons and all(r.startswith("Name and title from the chart") for r in reasons)


class AcceptingReason(ScriptedPrompter):
    """A dialog that took the reason without checking it (as when a stored case changed
    after the import read it)."""

    def ask_reason(self, title, prompt, check=None):
        return super().ask_reason(title, prompt, None)


def test_a_reason_the_import_refuses_all_the_same_is_asked_again(
        qtbot, tmp_path, stored_references, make_window, casebook):
    source, locked = replace_file(casebook, tmp_path)
    prompter = AcceptingReason()
    prompter.script("choose_open_files", [source])
    prompter.script("choose_import_mode", "replace")
    prompter.script("ask_reason", f"Name {NAME} from the chart", "Name from the chart")
    window = make_window(prompter=prompter)
    before = audit_rows(casebook, C1)
    with qtbot.waitSignal(window.transfers.imported, timeout=30000):
        window.commands.import_json.trigger()
    assert not prompter.calls("error")
    asked = prompter.calls("ask_reason")
    assert len(asked) == 2
    assert asked[1][1].startswith(f"The reason “Name {NAME} from the chart” was not used: "
                                  + NAMES_PATIENT)
    case = casebook.cases.open_case(C1)
    assert (case.patient.name, case.version) == (NAME, locked.version + 1)
    rows = audit_rows(casebook, C1)[len(before):]
    assert rows and all(row["reason"].startswith("Name from the chart") for row in rows
                        if row["reason"])
    assert not any(NAME.casefold() in (row["reason"] or "").casefold() for row in rows)
