"""The Figures section's cards fit a narrow editor (issue 19, found by a stranger test): at
1440x900 with the case list and side panel shown, and with the editor area at 560 px, there is
no horizontal scroll bar and every field, button and the thumbnail of each card lies inside the
page's viewport (the shared form's 300 px Kind box made a card ~700 px wide)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.editor.test_figures_editor import figures, picture, wait_cards  # noqa: F401

EDITOR_AREA = 560


def card_parts(card) -> list[QWidget]:
    parts = [b.editor for b in card.form.bindings.values()]
    parts += list(card.form.reasons.values()) + list(card.buttons.values())
    return [*parts, card.thumb, card.file_info, card.attested]


def assert_cards_fit(page, panel, grab_to) -> None:
    QApplication.processEvents()
    page.grab().save(str(grab_to))
    assert not page.horizontalScrollBar().isVisible()
    viewport = page.viewport()
    area = QRect(0, 0, viewport.width(), viewport.height() + page.verticalScrollBar().maximum())
    for card in panel.cards:
        for part in card_parts(card):
            assert part.isVisible(), part.accessibleName()
            top_left = part.mapTo(page.widget(), part.rect().topLeft())
            placed = QRect(top_left, part.size())
            assert area.contains(placed), (part.accessibleName(), placed, area)
        assert card.form.bindings["kind"].editor.width() >= 100  # still readable


@pytest.fixture
def two_cards(qtbot, tmp_path, window, figures):  # noqa: F811
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    if not window.commands.show_list.isChecked():  # the case list shown (F9)
        window.commands.show_list.trigger()
    figures.add_paths([picture(tmp_path / "a.png", "#3949ab"),
                       picture(tmp_path / "b.png", "#00897b")])
    wait_cards(qtbot, figures, 2)
    QApplication.processEvents()
    return figures


def test_cards_fit_1440x900_with_the_list_and_side_panel(qtbot, tmp_path, stored_references,
                                                         window, two_cards):
    assert window.splitter.sizes()[0] > 0 and window.editor.side_tabs.isVisible()
    page = window.editor.section_page("Figures")
    assert_cards_fit(page, two_cards, tmp_path / "figures-1440.png")


def test_cards_fit_an_editor_area_of_560_px(qtbot, tmp_path, stored_references, window,
                                            two_cards):
    splitter = window.editor.splitter
    total = sum(splitter.sizes())
    splitter.setSizes([190, EDITOR_AREA, total - 190 - EDITOR_AREA])
    QApplication.processEvents()
    page = window.editor.section_page("Figures")
    assert page.width() == EDITOR_AREA
    assert_cards_fit(page, two_cards, tmp_path / "figures-560.png")
    # the buttons wrapped under one another rather than running off the card
    card = two_cards.cards[0]
    assert card.buttons["remove"].geometry().right() <= card.width()
