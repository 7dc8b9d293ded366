"""Import › Replace over a locked case with a reason naming the patient as the file holds the
case (not as stored, which is all the reason dialog can check): the service refuses it. A
stranger got an error box and had to start the import again (file, Replace, the reason
retyped). The reason is now asked again at once, saying why the first was not used; nothing
is stored until a reason without the name is given."""

from __future__ import annotations

import json

from core.services.reason_rules import NAMES_PATIENT
from tests.gui.conftest import audit_rows

C1 = "SEED-C1-CAO2023"
NAME = "Piero Rosa"


def test_a_replace_reason_naming_the_file_s_patient_is_asked_again(
        qtbot, tmp_path, stored_references, window, casebook, prompter):
    case = casebook.cases.open_case(C1)
    locked = casebook.cases.set_status(C1, "locked", case.version)
    edited = casebook.cases.open_case(C1)
    edited.patient.name = NAME
    source = tmp_path / "c1.json"
    source.write_text(json.dumps({"format": "casebook", "schema_version": "1.0.0",
                                  "cases": [edited.to_json_dict()]}), encoding="utf-8")
    before = audit_rows(casebook, C1)
    prompter.script("choose_open_files", [source])
    prompter.script("choose_import_mode", "replace")
    prompter.script("ask_reason", f"Name {NAME} from the chart", "Name from the chart")
    with qtbot.waitSignal(window.transfers.imported, timeout=30000):
        window.commands.import_json.trigger()
    assert not prompter.calls("error")
    asked = prompter.calls("ask_reason")
    assert len(asked) == 2
    assert asked[1][1].startswith(f"The reason “Name {NAME} from the chart” was not used: "
                                  + NAMES_PATIENT)
    stored = casebook.cases.open_case(C1)
    assert (stored.patient.name, stored.version) == (NAME, locked.version + 1)
    rows = audit_rows(casebook, C1)[len(before):]
    assert rows and all(row["reason"].startswith("Name from the chart") for row in rows
                        if row["reason"])
    assert not any(NAME.casefold() in (row["reason"] or "").casefold() for row in rows)
