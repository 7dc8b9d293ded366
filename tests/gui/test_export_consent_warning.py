"""An export from the app holding cases whose consent is not documented (rule V56): the
completion message warns, naming the cases; the dataset carries the notice
(tests/core/test_export_consent_notice.py checks every format's)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from core.io.consent_notice import FILE_NAME
from core.io.deident import Deidentifier, DeidOptions, load_key
from core.model import Case
from tests.core.test_export_consent_notice import NOT_RECORDED, REFUSED, without_consent
from tests.gui.test_dataset_export import open_dialog, press_export, tick
from tests.gui.test_transfer import run_transfer

ADVICE = ("Do not publish or share their data until consent is obtained or waived by an ethics "
          "committee, and recorded in the case's Consent section.")


def store_unconsented(casebook: Any, window: Any) -> None:
    first = casebook.cases.open_case("SEED-C1-CAO2023")
    casebook.cases.import_cases([without_consent(first, NOT_RECORDED, None),
                                 without_consent(first, REFUSED, "not_obtained")])
    window.case_model.reload()


def test_dataset_dialog_warns_and_the_zip_carries_the_notice(
        qtbot: Any, stored_references: list[Case], casebook: Any, make_window: Any,
        prompter: Any, tmp_path: Path, data_home: Path) -> None:
    window = make_window()
    store_unconsented(casebook, window)
    dialog = open_dialog(qtbot, window)
    assert dialog.format_combo.currentData() == "csv"
    tick(qtbot, dialog.hash_ids)
    target = tmp_path / "dataset.zip"
    qtbot.keyClicks(dialog.path_edit, str(target))
    message = press_export(qtbot, window, dialog)
    assert message == (
        f"Exported 4 case(s) to dataset.zip in {tmp_path}.\n"
        f"Warning: consent is not documented for 2 of the 4 exported case(s) ({NOT_RECORDED}, "
        f"{REFUSED}). {ADVICE} The export says so in {FILE_NAME}.")
    assert prompter.calls("info") == [(message,)]
    with zipfile.ZipFile(target) as zf:
        notice = zf.read(FILE_NAME).decode("utf-8-sig")
    deid = Deidentifier(DeidOptions(hash_ids=True), load_key(data_home))
    assert notice.startswith("Consent not documented")
    assert f"{deid.case_id(NOT_RECORDED)}: consent not recorded" in notice
    assert NOT_RECORDED not in notice and REFUSED not in notice  # hashed, as the export is
    assert not window.runner.busy


def test_json_export_warns_in_its_message(qtbot: Any, stored_references: list[Case],
                                          casebook: Any, window: Any, prompter: Any,
                                          tmp_path: Path) -> None:
    store_unconsented(casebook, window)
    target = tmp_path / "all.casebook.json"
    prompter.script("choose_save_file", target)
    message = run_transfer(qtbot, window, window.commands.export_all)
    assert message == (
        f"Exported 4 case(s) to all.casebook.json in {tmp_path}.\n"
        f"Warning: consent is not documented for 2 of the 4 exported case(s) ({NOT_RECORDED}, "
        f"{REFUSED}). {ADVICE} The JSON file holds each case's consent status as recorded; it "
        "carries no notice.")
    assert prompter.calls("info") == [(message,)]
    cases = json.loads(target.read_text(encoding="utf-8"))["cases"]
    assert {c["case_id"]: c["consent"].get("status") for c in cases}[REFUSED] == "not_obtained"


def test_consented_cases_export_without_warning(qtbot: Any, stored_references: list[Case],
                                                window: Any, prompter: Any,
                                                tmp_path: Path) -> None:
    prompter.script("choose_save_file", tmp_path / "all.casebook.json")
    assert run_transfer(qtbot, window, window.commands.export_all) == \
        f"Exported 2 case(s) to all.casebook.json in {tmp_path}."
