"""The history window: times to the second, a creation as one row that expands to its fields,
and Export… to CSV with the columns of `casebook audit export` (never over the database)."""

from __future__ import annotations

import csv
import re

import pytest
from PySide6.QtCore import Qt

from core.cli import main
from core.services.audit import CSV_COLUMNS
from gui.history_view import COL_CHANGE, COL_FIELD
from tests.gui.conftest import press, type_title

COL_WHEN = 0


def _saved_case_history(qtbot, window):
    window.commands.new.trigger()
    for title in ("Blast crisis", "Blast crisis, CNS"):
        type_title(qtbot, window, title)
        press(qtbot, window, "Ctrl+S")
    press(qtbot, window, "Ctrl+Shift+H")
    dialog = window.history.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_creation_is_one_row_that_expands_and_times_have_seconds(qtbot, window):
    dialog = _saved_case_history(qtbot, window)
    model, tree = dialog.model, dialog.table
    assert model.rowCount() == 2  # the creation, then the one later change
    created = model.index(0, 0)
    fields = model.rowCount(created)
    assert fields > 1
    assert model.index(0, COL_CHANGE).data() == f"created, {fields} fields"
    assert model.index(0, COL_FIELD).data() == "whole case"
    later = model.index(1, COL_CHANGE).data()
    assert later == "Blast crisis → Blast crisis, CNS"  # later changes stay field by field
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", model.index(1, COL_WHEN).data())

    assert not tree.isExpanded(created)
    tree.setFocus()
    tree.setCurrentIndex(created)
    qtbot.keyClick(tree, Qt.Key.Key_Right)  # expand with the keyboard
    assert tree.isExpanded(created)
    children = [model.index(i, COL_FIELD, created).data() for i in range(fields)]
    assert "Title & keywords › Case report › Title" in children
    title = children.index("Title & keywords › Case report › Title")
    assert model.index(title, COL_CHANGE, created).data() == "— → Blast crisis"
    tree.setCurrentIndex(model.index(title, 0, created))
    assert "New: Blast crisis" in dialog.details.toPlainText()

    qtbot.keyClicks(dialog.field_box, "case_report.title")  # a field's history from its start
    assert model.rowCount() == 2 and model.index(0, COL_CHANGE).data() == "— → Blast crisis"


def test_export_writes_the_cli_columns_off_the_ui_thread(qtbot, window, casebook, prompter,
                                                         tmp_path):
    dialog = _saved_case_history(qtbot, window)
    case_id = dialog.case_id
    target = tmp_path / "history.csv"
    prompter.script("choose_save_file", target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_label.text().startswith("Exported"), timeout=10000)
    assert str(target) in dialog.export_label.text() and dialog.export_button.isEnabled()
    with open(target, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {r[CSV_COLUMNS.index("case_id")] for r in rows[1:]} == {case_id}
    assert [r[CSV_COLUMNS.index("action")] for r in rows[1:]].count("save") == 1

    cli_target = tmp_path / "cli.csv"  # the same rows as `casebook audit export --case`
    assert main(["audit", "export", "--case", case_id, "-o", str(cli_target)]) == 0
    with open(cli_target, encoding="utf-8", newline="") as fh:
        assert list(csv.reader(fh)) == rows


@pytest.mark.expected_errors("exporting over the live database is refused with an error")
def test_export_never_overwrites_the_database(qtbot, window, casebook, prompter):
    dialog = _saved_case_history(qtbot, window)
    database = casebook.paths.database
    before = database.read_bytes()
    prompter.script("choose_save_file", database)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    message = prompter.calls("error")[-1][0]
    assert str(database) in message and "data folder" in message
    assert database.read_bytes() == before and dialog.export_label.text() == ""
