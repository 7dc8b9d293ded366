"""File › Import… of a de-identified dataset (dates shifted) whose cases are stored here. Such a
dataset never replaces stored cases (the service refuses it: the shifted dates would silently
replace the real ones), so the import question offers no Replace: it says why, and offers what
works, Import as new and Cancel (before, it offered Replace, which was then refused with an
error box). The real message box is driven from the keyboard; the database is checked after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from core.io.deident import DeidOptions
from core.model import Case
from core.services.datasets import DatasetService
from tests.gui.conftest import audit_rows
from tests.gui.test_import_question_default import FilePicked
from tests.gui.test_transfer import run_transfer
from tests.gui.test_unsaved_question_keys import focused_box

IDS = ("SEED-C1-CAO2023", "SEED-C2-CAO2023")
WHY = "This is a de-identified dataset: it cannot replace stored cases"


class Answered(FilePicked):
    """The real question; the file dialog answers with the dataset, and the result and error
    boxes after the question are recorded instead of shown."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.shown: list[tuple[str, str]] = []

    def info(self, message: str) -> None:
        self.shown.append(("info", message))

    def error(self, message: str) -> None:
        self.shown.append(("error", message))


def _shifted(casebook: Any, target: Path, ids: list[str] | None = None) -> Path:
    DatasetService(casebook.interchange).export(
        target, "xlsx" if target.suffix == ".xlsx" else "csv", ids,
        options=DeidOptions(dates="shift"), confirm_all=True)
    return target


def _stored(casebook: Any) -> dict[str, tuple[dict, int]]:
    return {c: (casebook.cases.open_case(c).to_json_dict(), len(audit_rows(casebook, c)))
            for c in IDS}


@pytest.mark.parametrize(("name", "key", "total"), [
    ("shifted.zip", Qt.Key.Key_N, 4),        # Alt+N: Import as new
    ("shifted.xlsx", Qt.Key.Key_N, 4),
    ("shifted.zip", Qt.Key.Key_Return, 2),   # Enter: Cancel, the default
    ("shifted.zip", Qt.Key.Key_R, 2),        # Alt+R: no Replace to press
], ids=["as-new-zip", "as-new-xlsx", "enter-cancels", "no-alt-r"])
def test_the_question_offers_no_replace_for_a_deidentified_dataset(
        qtbot: Any, stored_references: list[Case], make_window: Any, casebook: Any,
        tmp_path: Path, name: str, key: Qt.Key, total: int) -> None:
    target = _shifted(casebook, tmp_path / name)
    before = _stored(casebook)
    prompter = Answered(target)
    window = make_window(prompter=prompter)
    seen: list[tuple[str, str, list[str], str]] = []

    def answer() -> None:  # the first message box that shows: read it, answer with ``key``
        box = focused_box() if not seen else None
        if box is None:
            return
        default = box.defaultButton()
        seen.append((box.text(), box.informativeText(),
                     [b.text().replace("&", "") for b in box.buttons()],
                     default.text().replace("&", "") if default else ""))
        alt = key != Qt.Key.Key_Return
        qtbot.keyClick(box, key, Qt.KeyboardModifier.AltModifier if alt else
                       Qt.KeyboardModifier.NoModifier)
        if box.isVisible():  # Alt+R answers nothing: the user then cancels with Escape
            QTimer.singleShot(300, box, lambda: qtbot.keyClick(box, Qt.Key.Key_Escape))

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    try:
        with qtbot.waitSignal(window.transfers.done, timeout=30000) as done:
            window.commands.import_json.trigger()
    finally:
        timer.stop()
    [(question, answers, buttons, default)] = seen  # one question, no error box after it
    assert "These 2 cases in the files are here already" in question
    assert sorted(buttons) == ["Cancel", "Import as new"]
    assert default == "Cancel"
    assert f"{WHY} (its dates, identifiers or free text were shifted or left out" in answers
    assert "import it into a new, empty data folder" in answers
    assert "Replace:" not in answers
    assert "Import as new: the imported copy gets a new id" in answers
    assert "Cancel: nothing is imported." in answers

    assert window.case_model.total == total
    after = _stored(casebook)
    if total == 4:  # new cases beside; the stored ones as they were
        assert {c: a[0] for c, a in after.items()} == {c: b[0] for c, b in before.items()}
        assert done.args[0].startswith("Imported 2 case(s) from 1 file(s).")
        assert "SEED-C1-CAO2023 was here already: imported as HC-" in done.args[0]
        assert prompter.shown == [("info", done.args[0])]
    else:
        assert after == before
        assert done.args[0] == "Import cancelled; nothing was written."
        assert prompter.shown == []


def test_the_scripted_question_is_told_why(qtbot: Any, stored_references: list[Case],
                                          window: Any, casebook: Any, prompter: Any,
                                          tmp_path: Path) -> None:
    """Two files, one of them de-identified: the question names it; an identified file alone
    still offers Replace (``tests/gui/test_transfer.py``)."""
    target = _shifted(casebook, tmp_path / "shifted.zip", [IDS[1]])
    plain = tmp_path / "plain.json"
    casebook.interchange.export_cases(plain, [IDS[0]])
    prompter.script("choose_open_files", [plain, target])
    message = run_transfer(qtbot, window, window.commands.import_json)
    [(existing, why)] = prompter.calls("choose_import_mode")
    assert existing == 2
    assert why.startswith("shifted.zip is a de-identified dataset: it cannot replace stored "
                          "cases")
    assert message == "Import cancelled; nothing was written."
    assert window.case_model.total == 2
