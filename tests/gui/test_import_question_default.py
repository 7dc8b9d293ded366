"""File › Import of a file holding cases that are here already, in the real message box: Enter
answers Cancel (nothing imported, the stored cases untouched), and the question names the
cases (id and stored title) and says what each answer does. Found by a stranger run: the box
said only '1 case(s) in these files already exist here.' and Enter meant Replace, which
overwrote the stored case."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.dialogs.prompter import QtPrompter
from gui.transfer import existing_cases_text
from tests.conftest import REFERENCE_CASEBOOK


class FilePicked(QtPrompter):
    """The real prompter, but the file dialog answers with ``path``."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def choose_open_files(self, title: str, name_filter: str = "") -> list[Path]:
        return [self.path]


def test_enter_on_the_import_question_imports_nothing(qtbot, stored_references, make_window,
                                                     casebook, tmp_path):
    data = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))
    for case in data["cases"]:
        case["case_report"]["title"] += " (colleague's edit)"
    sent = tmp_path / "from_colleague.json"
    sent.write_text(json.dumps(data), encoding="utf-8")
    window = make_window(prompter=FilePicked(sent))
    seen: list[tuple[str, str, str]] = []

    def answer_with_enter() -> None:  # every message box that shows: read it, press Enter
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            default = box.defaultButton()
            seen.append((box.text(), box.informativeText(),
                         default.text() if default else ""))
            qtbot.keyClick(box, Qt.Key.Key_Return)

    timer = QTimer()
    timer.timeout.connect(answer_with_enter)
    timer.start(50)
    with qtbot.waitSignal(window.transfers.done, timeout=30000) as done:
        window.commands.import_json.trigger()
    timer.stop()
    [(question, answers, default)] = seen  # one question, and no result box after it
    assert default.replace("&", "") == "Cancel"
    assert done.args[0] == "Import cancelled; nothing was written."
    for stored in stored_references:
        assert f"{stored.case_id} — {stored.title}" in question
        assert not casebook.cases.open_case(stored.case_id).title.endswith("(colleague's edit)")
        assert casebook.cases.open_case(stored.case_id).version == stored.version
    assert "These 2 cases" in question
    assert "Replace: the stored case becomes the imported one" in answers
    assert "audit trail" in answers
    assert "Import as new:" in answers and "new id" in answers
    assert "Cancel: nothing is imported." in answers
    assert window.case_model.total == 2


def test_the_question_names_ten_cases_then_says_how_many_more():
    ids = [f"SYN-2023-{n}" for n in range(12)]
    lines = existing_cases_text(lambda case_id: f"title of {case_id}", ids)
    assert lines[0] == "SYN-2023-0 — title of SYN-2023-0"
    assert len(lines) == 11 and lines[-1] == "and 2 more"
