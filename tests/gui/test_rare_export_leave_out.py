"""File › Export dataset… meeting rule V60's rare combination (an extreme age with a
subdivision) offers a third, safe choice besides "export it as is" and "stop": leave the
subdivision out of the de-identified dataset for those cases (the country stays), as the
de-identified PDF does, and it is the default button (Enter). The files read back hold no
subdivision for the case, and the audit entry and the message say it was left out (a stranger
test: only Yes and No were offered)."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.dataset_export import RARE_STOPPED
from gui.dialogs.prompter import QtPrompter
from gui.dialogs.rare_export import LEAVE_OUT
from tests.core.rare_combination import C1
from tests.gui.rare_v60 import export_rare_case
from tests.gui.test_dataset_export import exports


def test_leave_out_the_subdivision_from_the_export(qtbot, casebook, reference_docs,
                                                   make_window, prompter, tmp_path, data_home):
    message, target = export_rare_case(qtbot, casebook, reference_docs, make_window, prompter,
                                       tmp_path, "leave_out")
    assert message.startswith(f"Exported 1 case(s) to out in {tmp_path}.")
    assert "The subdivision was left out of 1 case(s): a rare combination with the age " \
           "(rule V60); the country stays." in message
    [(title, _question)] = prompter.calls("choose_rare_export")
    assert title == "Rare combination in the export" and not prompter.calls("confirm")
    with open(target / "patient.csv", encoding="utf-8-sig", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert (row["case_id"], row["pt_subdivision"], row["pt_country"]) == (C1, "", "CN")
    assert not any("CN-JS" in p.read_text(encoding="utf-8-sig") for p in target.glob("*.csv"))
    [(note, _ids)] = exports(data_home)
    assert "subdivision of a rare combination left out (rule V60)" in note
    assert "the subdivision left out of 1 case(s)" in note and "confirmed" not in note
    stored = casebook.cases.open_case(C1)
    assert stored.patient.subdivision == "CN-JS"  # the case itself is not changed


def test_stop_says_how_to_export_a_rare_combination(qtbot, casebook, reference_docs,
                                                   make_window, prompter, tmp_path):
    """Stop at the question: nothing written, and the advice fits it (it said to leave out
    the free text, which keeps the subdivision)."""
    message, target = export_rare_case(qtbot, casebook, reference_docs, make_window, prompter,
                                       tmp_path, "stop")
    assert message == RARE_STOPPED and "subdivision" in message and "free text" not in message
    assert not target.exists()


def test_the_question_defaults_to_leaving_it_out(qtbot):
    """The real message box: Enter answers "Leave out the subdivision"; Escape stops."""
    def answer(key: Qt.Key) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert box.defaultButton().text() == LEAVE_OUT
        qtbot.keyClick(box, key)

    prompter = QtPrompter(None)
    QTimer.singleShot(0, lambda: answer(Qt.Key.Key_Return))
    assert prompter.choose_rare_export("Rare combination in the export", "…") == "leave_out"
    QTimer.singleShot(0, lambda: answer(Qt.Key.Key_Escape))
    assert prompter.choose_rare_export("Rare combination in the export", "…") == "stop"
