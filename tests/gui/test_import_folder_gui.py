"""File › Import a CSV folder…: a CSV dataset exported as a folder (the CLI imports it; a file
dialog cannot pick it) is read back into an empty data folder, from the keyboard."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from core.model import Case
from core.services import open_casebook
from core.services.datasets import DatasetService


def csv_folder(tmp_path: Path, reference_cases: list[Case]) -> Path:
    other = open_casebook(tmp_path / "elsewhere", user="dr.test")
    try:
        other.cases.import_cases(reference_cases)
        target = tmp_path / "dataset"
        DatasetService(other.interchange).export(target, "csv")
        return target
    finally:
        other.close()


def file_menu(window: Any) -> QMenu:
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")


def test_import_a_csv_folder_by_keys(qtbot: Any, window: Any, casebook: Any, prompter: Any,
                                     tmp_path: Path, reference_cases: list[Case]) -> None:
    folder = csv_folder(tmp_path, reference_cases)
    assert (folder / "data_dictionary.csv").exists() and window.case_model.total == 0
    prompter.script("choose_folder", folder)
    menu = file_menu(window)
    action = window.commands.import_folder
    assert action in menu.actions()
    letters = [m.group(1).lower() for a in menu.actions()
               if (m := re.search(r"&(\w)", a.text()))]
    assert letters.count("f") == 1  # Alt+F, F reaches it and nothing else
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(menu.isVisible)
    with qtbot.waitSignal(window.transfers.done, timeout=30000) as done:
        qtbot.keyClick(menu, Qt.Key.Key_F)
    assert done.args[0] == "Imported 2 case(s) from 1 file(s)."
    assert prompter.calls("choose_folder") == [("Import a CSV dataset folder",)]
    assert window.case_model.total == 2
    assert casebook.cases.existing_ids([c.case_id for c in reference_cases]) == \
        {c.case_id for c in reference_cases}
    stored = casebook.cases.open_case("SEED-C2-CAO2023").to_json_dict()
    assert stored["labs"] == reference_cases[1].to_json_dict()["labs"]
    assert not window.runner.busy


def test_cancelled_folder_choice_imports_nothing(qtbot: Any, window: Any, prompter: Any) -> None:
    window.commands.import_folder.trigger()
    assert prompter.calls("choose_folder") and window.case_model.total == 0
    assert not window.runner.busy
