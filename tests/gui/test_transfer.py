"""Import and export from the File menu, run in the background."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REFERENCE_CASEBOOK
from tests.gui.conftest import audit_rows, simple_cases
from tests.gui.test_trash_locked import trash_written


def run_transfer(qtbot, window, action):
    with qtbot.waitSignal(window.transfers.done, timeout=30000) as done:
        action.trigger()
    return done.args[0]


def test_import_json_in_the_background(qtbot, window, casebook, prompter):
    prompter.script("choose_open_files", [REFERENCE_CASEBOOK])
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == "Imported 2 case(s) from 1 file(s)."
    assert prompter.calls("info") == [(message,)]
    assert window.case_model.total == 2
    assert casebook.cases.existing_ids(["SEED-C1-CAO2023"]) == {"SEED-C1-CAO2023"}
    assert audit_rows(casebook, "SEED-C1-CAO2023")[0]["action"] == "import"
    assert not window.runner.busy


def test_import_of_existing_ids_asks_then_imports_as_new(qtbot, stored_references, window,
                                                         casebook, prompter):
    prompter.script("choose_open_files", [REFERENCE_CASEBOOK])
    prompter.script("choose_import_mode", "as_new")
    with qtbot.waitSignal(window.transfers.imported, timeout=30000):
        window.commands.import_json.trigger()
    assert prompter.calls("choose_import_mode") == [(2,)]
    assert window.case_model.total == 4


@pytest.mark.expected_errors("importing a broken file is refused with an error")
def test_import_of_a_broken_file_shows_the_problems(qtbot, window, casebook, prompter, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "casebook", "cases": [{"case_id": "nope"}]}', encoding="utf-8")
    prompter.script("choose_open_files", [bad])
    run_transfer(qtbot, window, window.commands.import_json)
    assert "nothing was written" in prompter.calls("error")[0][0]
    assert window.case_model.total == 0


def test_export_selected_and_all(qtbot, stored_references, window, casebook, prompter, tmp_path):
    casebook.cases.import_cases(simple_cases(3))
    window.case_model.reload()
    window.case_list.select_case("SEED-C2-CAO2023")
    one, every = tmp_path / "one.json", tmp_path / "all.json"
    prompter.script("choose_save_file", one, every)
    run_transfer(qtbot, window, window.commands.export_selected)
    run_transfer(qtbot, window, window.commands.export_all)
    assert [c["case_id"] for c in json.loads(one.read_text())["cases"]] == ["SEED-C2-CAO2023"]
    assert len(json.loads(every.read_text())["cases"]) == 5
    assert prompter.calls("choose_save_file")[0][1] == "SEED-C2-CAO2023.casebook.json"


def test_trash_and_restore_from_the_list(qtbot, stored_references, window, casebook):
    window.case_list.select_case("SEED-C1-CAO2023")
    window.commands.trash.trigger()
    trash_written(qtbot, window)
    assert window.case_model.total == 1
    window.case_list.trash_toggle.setChecked(True)
    assert window.case_model.total == 1
    window.case_list.select_case("SEED-C1-CAO2023")
    assert window.commands.restore.isEnabled() and not window.commands.trash.isEnabled()
    window.commands.restore.trigger()
    trash_written(qtbot, window)
    assert window.case_model.total == 0
    window.case_list.trash_toggle.setChecked(False)
    assert window.case_model.total == 2
    actions = [r["action"] for r in audit_rows(casebook, "SEED-C1-CAO2023")]
    assert actions[-2:] == ["trash", "restore"]


def test_replacing_a_locked_case_asks_why_and_records_an_amendment(qtbot, stored_references,
                                                                   window, casebook, prompter):
    case = casebook.cases.open_case("SEED-C1-CAO2023")
    casebook.cases.set_status(case.case_id, "locked", case.version)
    prompter.script("choose_open_files", [REFERENCE_CASEBOOK], [REFERENCE_CASEBOOK])
    prompter.script("choose_import_mode", "replace", "replace")
    prompter.script("ask_reason", None, "values corrected from the paper")
    assert run_transfer(qtbot, window, window.commands.import_json) \
        == "Import cancelled; nothing was written."
    assert casebook.cases.open_case(case.case_id).status == "locked"
    with qtbot.waitSignal(window.transfers.imported, timeout=30000):
        window.commands.import_json.trigger()
    assert "SEED-C1-CAO2023" in prompter.calls("ask_reason")[0][1]
    rows = audit_rows(casebook, case.case_id)
    amendment = [r for r in rows if r["action"] == "amendment"]
    assert amendment and amendment[0]["reason"].startswith("values corrected from the paper")
    assert [(r["old"], r["new"]) for r in rows if r["action"] == "status"][-1] \
        == ("locked", "complete")
    assert casebook.cases.open_case(case.case_id).status == "complete"


def test_replacing_with_the_same_cases_leaves_them_as_they_are(qtbot, stored_references, window,
                                                               casebook, prompter):
    """File › Import… of cases as stored, Replace chosen: no new version, no audit entry, and
    the message says they were unchanged (each got a new version with no change before)."""
    before = [len(audit_rows(casebook, c)) for c in ("SEED-C1-CAO2023", "SEED-C2-CAO2023")]
    prompter.script("choose_open_files", [REFERENCE_CASEBOOK])
    prompter.script("choose_import_mode", "replace")
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == ("Imported 0 case(s), 2 unchanged (left as they were) from 1 file(s).")
    assert [len(audit_rows(casebook, c)) for c in ("SEED-C1-CAO2023", "SEED-C2-CAO2023")] \
        == before
    assert casebook.cases.open_case("SEED-C1-CAO2023").version == 1
