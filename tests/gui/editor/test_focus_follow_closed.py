"""A closing window disconnects the parts that follow the keyboard focus (section pages with
tables, the figures panel) while they are whole: a focused field destroyed with the window
emitted QApplication.focusChanged into its half-destroyed page (a segmentation fault, twice
in CI, as the next test's window was made)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.editor.figures import FiguresPanel
from gui.editor.section_page import SectionPage
from gui.focus_follow import following
from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def test_closing_disconnects_every_part_that_follows_the_focus(qtbot, make_window):
    window = make_window()
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    panel = typist.go_to_section("Adverse events").tables["adverse_events"]
    panel.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")  # a new row, its cell open when the window closes
    panel.view.edit(panel.view.currentIndex())
    parts = following(window)
    assert any(isinstance(part, SectionPage) for part in parts)
    assert window.findChildren(FiguresPanel) == [] or any(
        isinstance(part, FiguresPanel) for part in parts)
    assert QApplication.focusWidget() is not None
    window.shutdown()
    assert following(window) == []
