"""The question before a dataset export whose free text holds possible identifiers, in the real
message box: Enter answers No (nothing written), and each hit names its field in words. Found
by a stranger run in a real window: Yes was the default button, so Enter (or Space on it)
exported the patient's name, record number, birth date and phone numbers, and the hits read
'SEED-C1-CAO2023, case_report.discussion: name …'."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core.model import Case
from gui.dataset_export import NOT_CONFIRMED
from gui.dialogs.prompter import QtPrompter
from tests.core.report.test_report_deidentified import MRN, NAME, NARRATIVE
from tests.gui.test_dataset_export import exports, open_dialog, press_export, tick


def test_enter_on_the_identifiers_question_exports_nothing(qtbot, casebook, reference_cases,
                                                           make_window, tmp_path, data_home):
    doc = reference_cases[0].to_json_dict()
    doc["patient"].update(name=NAME, record_number=MRN)
    doc["case_report"]["discussion"] = NARRATIVE
    casebook.cases.import_cases([Case.model_validate(doc)])
    window = make_window(prompter=QtPrompter())
    seen: list[tuple[str, str, str]] = []

    def answer_with_enter() -> None:  # every message box that shows: read it, press Enter
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            default = box.defaultButton()
            seen.append((box.windowTitle(), box.text(), default.text() if default else ""))
            qtbot.keyClick(box, Qt.Key.Key_Return)

    timer = QTimer()
    timer.timeout.connect(answer_with_enter)
    timer.start(50)
    dialog = open_dialog(qtbot, window)
    tick(qtbot, dialog.drop_identifiers)
    target = tmp_path / "out"
    qtbot.keyClicks(dialog.path_edit, str(target))
    message = press_export(qtbot, window, dialog)
    timer.stop()
    [(title, question, default)] = seen  # no second box: nothing was exported
    assert title == "Identifiers in the free text", seen
    assert default.replace("&", "") == "No"
    assert message == NOT_CONFIRMED and dialog.isVisible()  # open again, as left
    assert not target.exists() and exports(data_home) == []
    assert "Title & keywords › Case report › Discussion: name “Quistorp”" in question
    assert "case_report.discussion" not in question
