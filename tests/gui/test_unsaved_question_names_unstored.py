"""Leaving a case whose only change is text that cannot be stored: the question says so and
names it, and Save's "Not saved" names where it is (section › table › row › field, the row as
the table shows it). Found by a stranger run: "Save the changes …? If you don't save, your
changes will be lost." for '2023-02-31' alone, then "Not saved: When: '2023-02-31' …" naming
no table or row."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.dialogs.prompter import QtPrompter
from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, Typist

C1 = "SEED-C1-CAO2023"


def _bad_date_in_a_new_lab_row(qtbot, window) -> tuple[str, int]:
    """A lab row added (stored) and saved, then '2023-02-31' typed in its When cell."""
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    typist = Typist(qtbot, window.editor)
    labs = typist.go_to_section("Labs").tables["labs"]
    typist.focus_table(labs)
    QApplication.clipboard().setText("d5\tWBC\t4.1\t10*9/L\n")
    typist.key(Qt.Key.Key_V, CTRL)
    press(qtbot, window, "Ctrl+S")
    assert not window.session.is_dirty()
    row = labs.table_model.rowCount() - 1
    typist.select_row(labs, row)
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, CTRL)
    for char in "2023-02-31":  # to the cell's editor, whichever widget that is by now
        qtbot.keyClicks(QApplication.focusWidget(), char)
    typist.key(Qt.Key.Key_Return)
    [path] = window.editor.unstored_by_path()
    shown_row = labs.view.view_index(row, 0).row() + 1  # as the table numbers it
    return path, shown_row


def test_the_question_and_not_saved_name_the_text_and_where(qtbot, stored_references, window,
                                                            prompter):
    path, shown_row = _bad_date_in_a_new_lab_row(qtbot, window)
    where = window.editor.path_words(path)
    assert f"row {shown_row} ›" in where
    prompter.script("confirm_unsaved", "save")
    prompter.script("error", None)
    press(qtbot, window, "Ctrl+W")

    [(_title, detail)] = prompter.calls("confirm_unsaved")
    assert "cannot be stored" in detail and "'2023-02-31'" in detail and where in detail
    assert "your changes will be lost" not in detail  # nothing else changed
    [(message,)] = prompter.calls("error")
    assert message.startswith("Not saved:") and f"{where}: " in message
    assert "'2023-02-31'" in message
    assert window.session.case_id() == C1  # stays open on it


def test_the_real_question_shows_it(qtbot):
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.informativeText())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    detail = "Some typed text cannot be stored: • Labs › row 2 › When: '2023-02-31'"
    assert QtPrompter().confirm_unsaved("A case", detail) == "cancel"
    assert seen == [detail]
