"""The figure card's attestation (no face, no burned-in identifier) is a deliberate act: no
Alt+letter ticks it (it had the mnemonic Alt+B, so an Alt+B meant for something else attested
the figure at once); Tab to it and Space does."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import press
from tests.gui.editor.test_figures_editor import C1, figures, picture, wait_cards

__all__ = ["figures"]  # the fixture, used by name


def test_no_alt_letter_ticks_the_attestation_tab_and_space_do(qtbot, tmp_path, stored_references,
                                                              window, figures,
                                                              casebook):
    figures.add_paths([picture(tmp_path / "smear.png", "#7b1fa2")])
    wait_cards(qtbot, figures, 1)
    card = figures.cards[0]
    assert "&" not in card.attested.text().replace("&&", "")  # no mnemonic
    assert card.attested.shortcut().isEmpty()

    window.editor.focus_path("attachments[0].caption")
    legend = window.focusWidget()
    assert legend is card.form.bindings["caption"].editor
    qtbot.keyClick(legend, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # the old mnemonic
    qtbot.wait(400)  # a mnemonic clicks the box animated (100 ms): give it time to land
    assert not card.attested.isChecked()
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.editor.is_dirty())
    assert casebook.cases.open_case(C1).attachments[0].no_full_face_attested is None

    window.editor.focus_path("attachments[0].shows_event")
    for _ in range(4):  # the event's missing-value reason may come between
        if window.focusWidget() is card.attested:
            break
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert window.focusWidget() is card.attested
    assert not card.attested.isChecked()  # reaching it does not tick it
    qtbot.keyClick(card.attested, Qt.Key.Key_Space)
    assert card.attested.isChecked()
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.editor.is_dirty())
    assert casebook.cases.open_case(C1).attachments[0].no_full_face_attested is True
