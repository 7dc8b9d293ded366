"""Text cut short at 1024x768 (found by a stranger run, the case list shown): the search's
"Did you mean drug:blinatumomab?" hint read "Did you me"; each text here is checked whole at
that size, its width (or wrapped height) inside the widget's, or the whole text in a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from core.model import Case
from tests.gui.test_search_panel import search_for


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def text_fits(label) -> bool:
    """The label's whole text is drawn: on one line within its width, or wrapped within its
    width and height."""
    metrics = label.fontMetrics()
    room = label.contentsRect()
    if metrics.horizontalAdvance(label.text()) <= room.width():
        return True
    return label.wordWrap() and label.heightForWidth(room.width()) <= label.height()


def test_did_you_mean_hint_reads_whole(qtbot, casebook, reference_docs, make_window):
    casebook.cases.import_cases([Case.model_validate(d) for d in reference_docs])
    window = make_window()
    window.resize(1024, 768)
    settle(qtbot)
    search_for(qtbot, window, "drug:blina")
    settle(qtbot)
    panel = window.search_panel
    label, button = panel.suggestion_label, panel.suggestion_button
    window.grab().save("/tmp/shots/hint1024.png")
    assert "Did you mean drug:blinatumomab?" in label.text()
    assert label.isVisible() and text_fits(label), (label.width(), label.height())
    bar = panel.suggestion_bar
    for widget in (label, button):  # inside the bar, the bar inside the panel
        assert bar.rect().contains(widget.geometry()), (widget.geometry(), bar.rect())
    assert button.isVisible()
    assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width()
