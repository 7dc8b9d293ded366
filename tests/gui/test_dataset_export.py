"""File › Export dataset… (issue 18): the dialog driven as a user would; the export runs in the
background, its files appear, the audit trail records it with its options; the identifier scan's
hits are listed and asked about."""

from __future__ import annotations

import csv
import re
import sqlite3

from PySide6.QtCore import QPoint, Qt

from core.model import Case
from gui.dataset_export import NOT_CONFIRMED
from tests.core.report.test_report_deidentified import MRN, NAME, NARRATIVE

LEFT = Qt.MouseButton.LeftButton


def exports(data_home) -> list[tuple[str, str]]:
    with sqlite3.connect(data_home / "casebook.db") as db:
        return db.execute("SELECT new, reason FROM audit WHERE action = 'export' "
                          "ORDER BY seq").fetchall()


def tick(qtbot, box) -> None:
    """Click a check box's or radio button's indicator (the middle of a wide one may hold no
    text)."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(6, box.height() // 2))
    assert box.isChecked()


def choose_shifted_dates(qtbot, dialog) -> None:
    """Dates: shifted, chosen with the arrow keys."""
    dialog.dates_combo.setFocus()
    qtbot.keyClick(dialog.dates_combo, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.dates_combo, Qt.Key.Key_Down)
    assert dialog.dates_combo.currentData() == "shift"


def open_dialog(qtbot, window):
    window.dataset_exports.dialog = None
    window.commands.export_dataset.trigger()  # it opens once the search's cases are counted
    qtbot.waitUntil(lambda: window.dataset_exports.dialog is not None)
    dialog = window.dataset_exports.dialog
    assert dialog.isVisible()
    return dialog


def press_export(qtbot, window, dialog):
    with qtbot.waitSignal(window.dataset_exports.done, timeout=30000) as done:
        qtbot.mouseClick(dialog.export_button, LEFT)
    return done.args[0]


def test_csv_export_with_options_from_the_dialog(qtbot, stored_references, make_window,
                                                  prompter, tmp_path, data_home):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    assert dialog.format_combo.currentData() == "csv"
    assert not dialog.export_button.isEnabled()  # no path yet
    tick(qtbot, dialog.hash_ids)
    tick(qtbot, dialog.drop_text)
    tick(qtbot, dialog.drop_identifiers)
    choose_shifted_dates(qtbot, dialog)
    target = tmp_path / "dataset"
    qtbot.keyClicks(dialog.path_edit, str(target))
    message = press_export(qtbot, window, dialog)
    assert message == f"Exported 2 case(s) to dataset in {tmp_path}."
    assert prompter.calls("info") == [(message,)]
    assert (target / "data_dictionary.csv").exists() and (target / "labs.csv").exists()
    with open(target / "patient.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(r["case_id"].startswith("H-") for r in rows) and "pt_name" not in rows[0]
    [(summary, ids)] = exports(data_home)
    assert summary == ("2 case(s) as csv to dataset; identifiers dropped, case ids hashed, "
                       "free text dropped, dates shifted")
    assert ids == "SEED-C1-CAO2023,SEED-C2-CAO2023"
    assert not window.runner.busy


def test_selected_cases_only(qtbot, stored_references, make_window, tmp_path, data_home):
    window = make_window()
    window.case_list.select_case("SEED-C2-CAO2023")
    dialog = open_dialog(qtbot, window)
    assert dialog.selected_cases.isEnabled() and "(1)" in dialog.selected_cases.text()
    tick(qtbot, dialog.selected_cases)
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "one.zip"))
    assert press_export(qtbot, window, dialog) == f"Exported 1 case(s) to one.zip in {tmp_path}."
    assert (tmp_path / "one.zip").is_file()
    assert exports(data_home)[0][1] == "SEED-C2-CAO2023"


def test_identifiers_in_text_are_listed_and_asked(qtbot, casebook, reference_cases,
                                                  make_window, prompter, tmp_path, data_home):
    """No to the identifiers found writes nothing and shows the export dialog again as the
    user left it (it closed: format, path and options had to be chosen again); Export from
    it again, Yes: written, the hits confirmed in the audit entry."""
    doc = reference_cases[0].to_json_dict()
    doc["patient"].update(name=NAME, record_number=MRN)
    doc["case_report"]["discussion"] = NARRATIVE
    casebook.cases.import_cases([Case.model_validate(doc)])
    window = make_window()
    prompter.script("confirm", False, True)
    target = tmp_path / "out"
    dialog = open_dialog(qtbot, window)
    tick(qtbot, dialog.drop_identifiers)
    qtbot.keyClicks(dialog.path_edit, str(target))
    assert press_export(qtbot, window, dialog) == NOT_CONFIRMED
    assert not target.exists() and exports(data_home) == []
    assert window.dataset_exports.dialog is dialog and dialog.isVisible()
    assert dialog.path_edit.text() == str(target) and dialog.drop_identifiers.isChecked()
    assert press_export(qtbot, window, dialog) == f"Exported 1 case(s) to out in {tmp_path}."
    assert not dialog.isVisible() and window.dataset_exports.dialog is None
    title, question = prompter.calls("confirm")[0]
    assert title == "Identifiers in the free text"
    assert "Title & keywords › Case report › Discussion: name “Quistorp”" in question
    assert (target / "case_report.csv").exists()
    assert "possible identifier(s) confirmed" in exports(data_home)[0][0]


def test_cases_the_search_finds(qtbot, stored_references, make_window, tmp_path, data_home):
    from tests.gui.test_search_panel import search_for

    window = make_window()
    search_for(qtbot, window, "blinatumomab sex:m")
    assert window.case_model.total == 1
    dialog = open_dialog(qtbot, window)
    assert "(1)" in dialog.found_cases.text()
    tick(qtbot, dialog.found_cases)
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "found"))
    assert press_export(qtbot, window, dialog) == f"Exported 1 case(s) to found in {tmp_path}."
    assert exports(data_home)[0][1] == "SEED-C1-CAO2023"


def test_a_refused_query_in_the_box_still_opens_the_dialog(qtbot, stored_references, make_window):
    """A query past the search's bounds (its message shown under the box) must not stop File ›
    Export dataset…: the dialog opens, "Cases the search finds" is off, All cases is on."""
    from tests.gui.test_search_panel import search_for

    window = make_window()
    search_for(qtbot, window, "co* re* pa* le* di*")  # 5 words ending in *: at most 4
    dialog = open_dialog(qtbot, window)
    assert not dialog.found_cases.isEnabled()
    assert dialog.all_cases.isChecked()


def test_every_label_reaches_its_field_with_alt(qtbot, stored_references, make_window):
    """Each mnemonic of the dialog is a label with a buddy (none shows a literal '&'): Alt+T
    puts the cursor in the path box, Alt+F in the format list."""
    from PySide6.QtWidgets import QAbstractButton, QLabel
    window = make_window()
    dialog = open_dialog(qtbot, window)
    for label in dialog.findChildren(QLabel):
        if "&" in label.text():
            assert label.buddy() is not None, label.text()
    keys = [re.search(r"&(\w)", w.text()) for w in
            dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    letters = [k.group(1).lower() for k in keys if k]
    assert len(letters) == len(set(letters)) >= 9, letters  # Alt+letter is never ambiguous
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.format_combo.setFocus()
    qtbot.keyClick(dialog.format_combo, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.path_edit)
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.format_combo)
    assert dialog.path_edit.text() == ""  # Alt typed nothing
