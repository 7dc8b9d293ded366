"""File › Import of a file someone sent, with one case that is here already: "Import as new"
gives that case a new id and says which; a case whose id is free keeps it (it was renamed too:
the colleague's HC-COLLEAGUE-1 arrived as HC-BBV5736G, so a later file from them could not be
matched to it). Found by a stranger run."""

from __future__ import annotations

import json

from tests.conftest import REFERENCE_CASEBOOK


def test_import_as_new_renames_only_the_case_that_is_here(qtbot, stored_references, window,
                                                         casebook, prompter, tmp_path):
    data = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))
    here, other = data["cases"]
    here["case_report"]["title"] += " (colleague's edit)"
    other["case_id"] = "HC-COLLEAGUE-1"
    sent = tmp_path / "from_colleague.json"
    sent.write_text(json.dumps(data), encoding="utf-8")
    prompter.script("choose_open_files", [sent])
    prompter.script("choose_import_mode", "as_new")
    with qtbot.waitSignal(window.transfers.done, timeout=30000) as done:
        window.commands.import_json.trigger()
    assert prompter.calls("choose_import_mode") == [(1,)]  # one id is taken
    ids = {row.case_id for row in casebook.cases.list_cases()}
    assert "HC-COLLEAGUE-1" in ids  # free: kept
    given = ids - {"HC-COLLEAGUE-1", "SEED-C1-CAO2023", "SEED-C2-CAO2023"}
    assert len(given) == 1  # the taken one, under a new id
    new_id = given.pop()
    assert casebook.cases.open_case(new_id).case_report.title.endswith("(colleague's edit)")
    assert not casebook.cases.open_case(here["case_id"]).case_report.title.endswith(
        "(colleague's edit)")  # the stored case is untouched
    message = done.args[0]
    assert message.startswith("Imported 2 case(s) from 1 file(s).")
    assert f"{here['case_id']} was here already: imported as {new_id}." in message
    assert prompter.calls("info") == [(message,)]
    assert window.case_model.total == 4
