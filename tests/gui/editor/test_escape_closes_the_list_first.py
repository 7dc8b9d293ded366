"""Escape with a field's list open (Ctrl+Space, Down) closes the list only, as in any mature
app: the field or cell stays open with what was typed, and a second Escape takes the typing
back as before. Found in a response's Category cell: Escape with the list open closed the
cell too, losing what was typed; and after arrowing through the list, the entry passed over
('CNS remission' for 're') was left in the field in place of the typed text, for Tab to
store. The same for the drug and adverse-event term cells, and for a form field (Patient ›
Country), where the Escape also put back the stored value under the still open list.

Each test runs with the Escape delivered two ways: as the window system's keys go while a
list is open (to the list, which lends them to its field past the editor's filters), and to
the focused field itself (the list's focus proxy), where the editor's own Escape filters
(the cell's, the form field's) see it first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from gui.editor.widgets.vocab_picker import VocabPicker
from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, Typist, focused
from tests.gui.editor.test_response_category_scope import _popup, _row

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"
EDITING = QAbstractItemView.State.EditingState
DELIVERY = pytest.mark.parametrize("to", ["list", "field"])


def _key(qtbot, key: Qt.Key, to: str = "list") -> None:
    """``key`` as the window system's keys go while a list is open (Qt's rule: to the open
    popup's focus widget, else the popup), or to the focused field."""
    popup = QApplication.activePopupWidget()
    if to == "list" and popup is not None:
        qtbot.keyClick(popup.focusWidget() or popup, key)
    else:
        qtbot.keyClick(focused(), key)


def _escape(qtbot, to: str) -> None:
    _key(qtbot, Qt.Key.Key_Escape, to)


def _idle() -> None:
    """What the event loop does between two keys: widgets given up are deleted (a list
    deleted while its field has the focus takes the focus from it: a cell closed)."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _open_list_and_arrow(qtbot, typist: Typist) -> VocabPicker:
    """Ctrl+Space, then Down over the first entry (the field shows it, not chosen)."""
    picker = focused()
    assert isinstance(picker, VocabPicker)
    typed = picker.text()
    typist.key(Qt.Key.Key_Space, CTRL)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # the list has the keys while it is open
    assert picker.text() != typed  # Qt shows the entry passed over in the field
    return picker


def _list_closed_field_open(qtbot, picker: VocabPicker, text: str) -> None:
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert focused() is picker
    assert picker.text() == text


@DELIVERY
def test_escape_in_the_category_list_closes_the_list_only(qtbot, window, casebook, to):
    typist, responses = _row(qtbot, window, "CNS")
    typist.type("re")
    picker = _open_list_and_arrow(qtbot, typist)
    _escape(qtbot, to)
    _list_closed_field_open(qtbot, picker, "re")  # not 'CNS remission', passed over
    assert responses.view.state() == EDITING
    assert window.editor.current_case().response_assessments[0].category is None

    typist.type("l")  # the cell goes on as typed: 'rel' lists CNS relapse only
    _idle()
    assert focused() is picker and responses.view.state() == EDITING
    typist.key(Qt.Key.Key_Space, CTRL)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert _popup(picker) == ["CNS relapse"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.text() == "CNS relapse"
    typist.key(Qt.Key.Key_Tab)
    model = responses.table_model
    assert responses.view.view_index(0, model.column_of("category")).data() == "CNS relapse"
    assert window.editor.current_case().response_assessments[0].category == "CNS_relapse"
    press(qtbot, window, "Ctrl+S")
    saved = casebook.cases.open_case(window.session.case_id()).response_assessments[0]
    assert (saved.scope, saved.category) == ("cns", "CNS_relapse")


@DELIVERY
def test_a_second_escape_takes_the_category_typing_back(qtbot, window, casebook, to):
    typist, responses = _row(qtbot, window, "CNS")
    typist.type("CNS remission")
    typist.key(Qt.Key.Key_Tab)
    cell = responses.view.view_index(0, responses.table_model.column_of("category"))
    responses.view.setCurrentIndex(cell)
    typist.key(Qt.Key.Key_F2, widget=responses.view)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.type("rel")
    picker = _open_list_and_arrow(qtbot, typist)
    _escape(qtbot, to)
    _list_closed_field_open(qtbot, picker, "rel")
    assert responses.view.state() == EDITING
    _escape(qtbot, to)  # now the cell's own Escape: as it was before the typing
    qtbot.waitUntil(lambda: responses.view.state() != EDITING)
    assert focused() is responses.view
    assert cell.data() == "CNS remission"
    assert window.editor.current_case().response_assessments[0].category == "CNS_remission"
    press(qtbot, window, "Ctrl+S")
    saved = casebook.cases.open_case(window.session.case_id()).response_assessments[0]
    assert saved.category == "CNS_remission"


def _cell_typed(qtbot, typist: Typist, table, row: int, name: str, text: str) -> None:
    """Row ``row``'s ``name`` cell: F2, Ctrl+A, ``text`` typed."""
    typist.select_row(table, row)
    column = table.table_model.column_of(name)
    while table.view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.type(text)


@DELIVERY
def test_escape_in_the_drug_list_keeps_the_drug_cell_open(
        qtbot, stored_references, window, casebook, to):
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.select_row(lines, 0)
    admins = lines.detail_tables[0]
    before = window.editor.current_case().treatment_lines[0].administrations[0]
    _cell_typed(qtbot, typist, admins, 0, "drug_inn", "rubicin")
    picker = _open_list_and_arrow(qtbot, typist)
    _escape(qtbot, to)
    _list_closed_field_open(qtbot, picker, "rubicin")
    assert admins.view.state() == EDITING
    _escape(qtbot, to)
    qtbot.waitUntil(lambda: admins.view.state() != EDITING)
    cell = admins.view.view_index(0, admins.table_model.column_of("drug_inn"))
    assert cell.data() == before.drug_inn == "vincristine"
    after = window.editor.current_case().treatment_lines[0].administrations[0]
    assert (after.drug_inn, after.atc) == (before.drug_inn, before.atc)
    assert casebook.cases.open_case(C1).treatment_lines[0].administrations[0].drug_inn == \
        "vincristine"


@DELIVERY
def test_escape_in_the_term_list_keeps_the_typed_term(qtbot, stored_references, window,
                                                      casebook, to):
    open_from_list(qtbot, window, C2)
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    _cell_typed(qtbot, typist, events, 1, "term", "kidney")
    picker = _open_list_and_arrow(qtbot, typist)
    _escape(qtbot, to)
    _list_closed_field_open(qtbot, picker, "kidney")
    assert events.view.state() == EDITING
    typist.key(Qt.Key.Key_Tab)  # what was typed is stored, as typed
    assert events.view.view_index(1, events.table_model.column_of("term")).data() == "kidney"
    assert window.editor.current_case().adverse_events[1].term == "kidney"
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert casebook.cases.open_case(C2).adverse_events[1].term == "kidney"


def _patient(qtbot, window, casebook):
    """A new case whose Patient › Country is France, saved; the Patient form."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    form = typist.go_to_section("Patient").forms["patient"]
    typist.fill_field(form.bindings["country"].editor, "France")
    typist.fill_field(form.bindings["sex"].editor, "female")
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id()).patient
    assert (stored.country, stored.sex) == ("FR", "female")
    return typist, form


@DELIVERY
def test_escape_in_a_form_fields_list_keeps_the_typing_and_its_stored_value(
        qtbot, window, casebook, to):
    typist, form = _patient(qtbot, window, casebook)
    box = form.bindings["country"].editor
    typist.click(box)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.type("ger")
    assert window.editor.current_case().patient.country == "ger"  # stored as it is typed
    _open_list_and_arrow(qtbot, typist)
    _escape(qtbot, to)
    _list_closed_field_open(qtbot, box, "ger")
    assert window.editor.current_case().patient.country == "ger"  # not put back under it
    typist.type("many")  # the list filters again, as after Qt's own Escape
    _idle()
    assert focused() is box  # the keys stay in the field
    _key(qtbot, Qt.Key.Key_Tab)  # 'germany': a name in full, its code stored
    assert box.text() == "DE — Germany"
    assert window.editor.current_case().patient.country == "DE"

    typist.click(box)  # a second Escape takes the typing back, as before
    typist.key(Qt.Key.Key_A, CTRL)
    typist.type("ita")
    _open_list_and_arrow(qtbot, typist)
    _escape(qtbot, to)
    _list_closed_field_open(qtbot, box, "ita")
    _escape(qtbot, to)
    assert box.text() == "DE — Germany"
    assert window.editor.current_case().patient.country == "DE"
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(window.session.case_id()).patient.country == "DE"


@DELIVERY
def test_escape_in_a_choice_fields_list_keeps_its_value(qtbot, window, casebook, to):
    """A fixed list (Sex, F4): its list closes, the field keeps its value."""
    typist, form = _patient(qtbot, window, casebook)
    box = form.bindings["sex"].editor
    typist.click(box)
    typist.key(Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    typist.key(Qt.Key.Key_Down, widget=QApplication.activePopupWidget())
    _escape(qtbot, to)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert box.currentText() == "female"
    assert box.hasFocus()
    assert window.editor.current_case().patient.sex == "female"
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(window.session.case_id()).patient.sex == "female"
