"""A row chosen from a code list (Ctrl+Space, Down, Enter) leaves the keys in the field or
cell. Found in the real window: after the pick the field went back to proposals in place,
which made Qt delete the list at the next turn of the event loop, and the list (which lends
the focus to its field) took the focus with it: a Category cell closed right after the pick
(the choice stored, the cursor gone), and in Patient › Country keys went nowhere until a
click. Offscreen the deletion waits for the event loop: ``_idle`` runs it between keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from gui.editor.widgets.vocab_picker import VocabPicker
from tests.gui.conftest import press
from tests.gui.editor.keyboard import CTRL, Typist, focused
from tests.gui.editor.test_escape_closes_the_list_first import _idle
from tests.gui.editor.test_response_category_scope import _row

EDITING = QAbstractItemView.State.EditingState


def _pick_first(qtbot, typist: Typist) -> VocabPicker:
    """Ctrl+Space, Down over the first entry, Enter; the event loop's deletions run."""
    picker = focused()
    assert isinstance(picker, VocabPicker)
    typist.key(Qt.Key.Key_Space, CTRL)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    _idle()
    return picker


def test_a_country_picked_from_the_list_keeps_the_keys(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    form = typist.go_to_section("Patient").forms["patient"]
    box = form.bindings["country"].editor
    typist.click(box)
    typist.type("germ")
    picker = _pick_first(qtbot, typist)
    assert picker is box and box.text() == "DE — Germany"
    assert focused() is box  # not nowhere until a click
    assert window.editor.current_case().patient.country == "DE"
    typist.key(Qt.Key.Key_Tab)  # the keys go on: Tab to the next field
    _idle()
    assert focused() is not box and focused().window() is window
    typist.type("x")  # the next field takes typing; the country stays
    assert box.text() == "DE — Germany"
    typist.click(box)  # back in the field: the code proposed in place again, not a list
    _idle()
    assert focused() is box
    typist.key(Qt.Key.Key_A, CTRL)
    typist.type("DE")  # (proposals in place go by the code's start: "germ" has none)
    assert box.hasSelectedText() and box.text() == "DE — Germany"
    assert not box.list_open()
    typist.key(Qt.Key.Key_End)  # takes it
    typist.key(Qt.Key.Key_Tab)
    assert box.text() == "DE — Germany"
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert casebook.cases.open_case(window.session.case_id()).patient.country == "DE"


def test_a_category_picked_from_the_list_keeps_the_cell_open(qtbot, window, casebook):
    typist, responses = _row(qtbot, window, "CNS")
    typist.type("rel")
    picker = _pick_first(qtbot, typist)
    assert picker.text() == "CNS relapse"
    assert focused() is picker  # the cell stays open, its editor has the keys
    assert responses.view.state() == EDITING
    model = responses.table_model
    category = model.column_of("category")
    typist.key(Qt.Key.Key_Tab)  # stores and moves to the next cell
    _idle()
    assert responses.view.view_index(0, category).data() == "CNS relapse"
    assert responses.view.currentIndex().column() != category
    assert window.editor.current_case().response_assessments[0].category == "CNS_relapse"
    press(qtbot, window, "Ctrl+S")
    saved = casebook.cases.open_case(window.session.case_id()).response_assessments[0]
    assert (saved.scope, saved.category) == ("cns", "CNS_relapse")
