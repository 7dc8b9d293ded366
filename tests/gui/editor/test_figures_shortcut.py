"""Add figure…'s Ctrl+Shift+N, which the Figures page's hint names, works right after the
section is chosen in the section list (the keyboard still there); on another section the same
keys add a table row, not a figure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import Typist
from tests.gui.editor.test_figures_editor import picture

C1 = "SEED-C1-CAO2023"


def test_ctrl_shift_n_from_the_section_list_adds_a_figure(qtbot, tmp_path: Path,
                                                         stored_references, window,
                                                         monkeypatch):
    image = picture(tmp_path / "smear.png", "#7b1fa2")
    asked: list[str] = []

    def choose(*args, **_kwargs):
        asked.append(args[1])
        return [str(image)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    typist = Typist(qtbot, window.editor)
    page = typist.go_to_section("Figures")
    assert QApplication.focusWidget() is window.editor.section_list
    press(qtbot, window, "Ctrl+Shift+N")
    panel = page.figures
    qtbot.waitUntil(lambda: len(panel.cards) == 1 and not panel.storer.running)
    assert asked == ["Add figure"]
    assert panel.cards[0].record()["file_name"] == "smear.png"

    labs = typist.go_to_section("Labs").tables["labs"]
    before = labs.table_model.rowCount()
    typist.focus_table(labs)
    press(qtbot, window, "Ctrl+Shift+N")
    assert labs.table_model.rowCount() == before + 1
    assert asked == ["Add figure"] and len(panel.cards) == 1
