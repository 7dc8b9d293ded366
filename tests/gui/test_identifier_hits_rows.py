"""The identifier-hits questions name a table's row as the editor's table shows it (by date),
not in stored order: a lab stored first but dated last, its note holding a phone number, is the
last row down the Laboratory results table, and the de-identified PDF's dialog and the dataset
export's question both say that row's number (they said "row 1", the stored order, so a
clinician looked for the text in the wrong row)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model import Case
from tests.gui.test_dataset_export import open_dialog, press_export, tick
from tests.gui.test_report_view import open_preview

C1 = "SEED-C1-CAO2023"
PHONE = "030 4501 2345"
NOTE = "labs[0].note"
WAIT_MS = 60_000


def _import_phone_case(casebook, reference_cases) -> int:
    """Case 1 with its first stored lab dated after every other, a phone number in its note;
    the number of labs."""
    case: Case = reference_cases[0].model_copy(deep=True)
    assert len(case.labs) > 1 and all(lab.day is not None and lab.day.day is not None
                                      and lab.day.day < 900 for lab in case.labs)
    doc = case.to_json_dict()
    doc["labs"][0].update(day=900, note=f"Results phoned to {PHONE}")
    casebook.cases.import_cases([Case.model_validate(doc)])
    return len(case.labs)


def _editor_row_label(window) -> tuple[str, int]:
    """The editor's words for the note of stored lab 0, and the number its table shows it by."""
    window.editor.focus_path(NOTE)
    view = window.focusWidget()
    assert view.current_storage_row() == 0
    shown = view.model().headerData(view.currentIndex().row(), Qt.Orientation.Vertical)
    return window.editor.path_words(NOTE), shown


def test_the_pdf_dialog_names_the_row_the_editor_shows(qtbot, casebook, reference_cases,
                                                       window, prompter):
    from gui.dialogs.identifier_hits import IdentifierHitsDialog

    rows = _import_phone_case(casebook, reference_cases)
    prompter.script("confirm_identifier_hits", True)
    preview = open_preview(qtbot, window)
    words, shown = _editor_row_label(window)
    assert shown == rows  # last down the table, though stored first
    assert words == f"Labs › Laboratory results › row {shown} › Note"
    preview.mode_box.setFocus()
    qtbot.keyClick(preview.mode_box, Qt.Key.Key_Down)  # De-identified
    qtbot.waitUntil(lambda: bool(prompter.calls("confirm_identifier_hits")), timeout=WAIT_MS)
    hits = prompter.calls("confirm_identifier_hits")[0][0]
    dialog = IdentifierHitsDialog(hits)  # what the real prompter shows
    qtbot.addWidget(dialog)
    table = dialog.table
    found = [r for r in range(table.rowCount()) if table.item(r, 1).text() == PHONE]
    assert len(found) == 1, [table.item(r, 1).text() for r in range(table.rowCount())]
    assert table.item(found[0], 0).text() == words  # the editor's own words for that row
    assert table.item(found[0], 0).toolTip() == NOTE  # the stored path, as the rules name it
    assert "row 1 ›" not in table.item(found[0], 0).text()


def test_the_export_question_names_the_row_the_editor_shows(qtbot, casebook, reference_cases,
                                                            make_window, prompter, tmp_path):
    rows = _import_phone_case(casebook, reference_cases)
    window = make_window()
    assert window.session.open_case(C1)
    words, shown = _editor_row_label(window)
    assert shown == rows
    prompter.script("confirm", False)  # not exported
    dialog = open_dialog(qtbot, window)
    tick(qtbot, dialog.drop_identifiers)
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "out"))
    press_export(qtbot, window, dialog)
    [(title, question)] = prompter.calls("confirm")
    assert title == "Identifiers in the free text"
    assert f"• {C1}, {words}: phone “{PHONE}”" in question, question
    assert "row 1 › Note" not in question
    assert not (tmp_path / "out").exists()
