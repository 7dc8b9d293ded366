"""A path the save will refuse gets no "Replace?" question, and the dialog again (a stranger
run: Save as PDF and the toolbar's Export asked "casebook.db already exists. Do you want to
replace it?" for <data>/casebook.db, refused only after Yes, and the dialog had closed). The
save dialog no longer asks about an existing file itself: the path is checked first (refused:
the message, then the dialog at the same folder with the name kept), and an allowed existing
file is asked about once."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from gui.dialogs.prompter import QtPrompter
from tests.gui.conftest import open_from_list
from tests.gui.test_report_view import CASE_1, open_preview

C1 = "SEED-C1-CAO2023"


def _database_state(casebook):
    return casebook.paths.database.read_bytes()[:16], casebook.cases.count_cases()


@pytest.mark.expected_errors("a PDF aimed at the database is refused with a message")
def test_save_as_pdf_over_the_database_asks_nothing_and_opens_the_dialog_again(
        qtbot, stored_references, window, casebook, prompter, tmp_path):
    before = _database_state(casebook)
    dialog = open_preview(qtbot, window, CASE_1)
    database = casebook.paths.database
    wal = database.with_name(database.name + "-wal")
    outside = tmp_path / "summary.pdf"
    prompter.script("choose_save_file", database, wal, outside)
    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: outside.exists())
    assert prompter.calls("confirm") == []  # never "casebook.db already exists. Replace?"
    errors = [args[0] for args in prompter.calls("error")]
    assert len(errors) == 2 and all("inside the data folder" in e for e in errors)
    assert str(database) in errors[0] and str(wal) in errors[1]
    asked = [args[1] for args in prompter.calls("choose_save_file")]
    assert len(asked) == 3 and asked[1:] == [str(database), str(wal)]  # same folder, again
    assert outside.read_bytes()[:5] == b"%PDF-"
    assert _database_state(casebook) == before


@pytest.mark.expected_errors("an export aimed at the database is refused with a message")
def test_toolbar_export_refused_then_an_existing_file_is_asked_about_once(
        qtbot, stored_references, window, casebook, prompter, tmp_path):
    before = _database_state(casebook)
    window.show()
    qtbot.waitExposed(window)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    elsewhere = tmp_path / "mine.json"
    elsewhere.write_text("old")
    prompter.script("choose_save_file", casebook.paths.database, elsewhere)
    prompter.script("confirm", True)
    with qtbot.waitSignal(window.transfers.done, timeout=30000):
        window.commands.export_selected.trigger()  # the toolbar's Export
    assert len(prompter.calls("error")) == 1
    [(title, question)] = prompter.calls("confirm")
    assert title == "Replace the file?" and "mine.json already exists" in question
    assert len(prompter.calls("choose_save_file")) == 2
    assert [c["case_id"] for c in json.loads(elsewhere.read_text())["cases"]] == [C1]
    assert _database_state(casebook) == before


def test_no_to_replace_opens_the_dialog_again_and_keeps_the_file(
        qtbot, stored_references, window, prompter, tmp_path):
    elsewhere = tmp_path / "cases.json"
    elsewhere.write_text("old")
    prompter.script("choose_save_file", elsewhere)  # No, then the dialog is cancelled
    window.commands.export_all.trigger()
    assert len(prompter.calls("confirm")) == 1
    assert [args[1] for args in prompter.calls("choose_save_file")][1] == str(elsewhere)
    assert elsewhere.read_text() == "old" and not window.runner.busy


def test_the_qt_save_dialog_leaves_the_replace_question_to_casebook(qtbot, monkeypatch,
                                                                      tmp_path):
    seen = {}

    def fake_dialog(parent, title, start, name_filter, **kwargs):
        seen.update(kwargs)
        return str(tmp_path / "x.json"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    assert QtPrompter().choose_save_file("Export", "x.json") == tmp_path / "x.json"
    assert seen["options"] & QFileDialog.Option.DontConfirmOverwrite
