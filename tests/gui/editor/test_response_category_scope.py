"""A response's Category lists its Scope's categories (reference §4.19: the category is by
scope, §5.7): the list offered every category whatever the Scope, so a CNS remission could be
picked for an MRD response, and a start such as 'complete' was refused as CR, CHR, complete MRD
response or CCyR even with the Scope MRD. Now the list, the inline proposal and the reading of
a start are the Scope's (all categories with no Scope), and a Scope changed so that the stored
Category no longer fits keeps the Category, which rule V64 warns of, naming the row and field."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model.vocab import vocabulary
from gui.editor.table_model import COLORS
from gui.editor.vocab_source import shown
from gui.editor.widgets.vocab_picker import VocabPicker
from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist, focused
from tests.gui.test_unstored_input import problem_messages

PATH = "response_assessments[0].category"


def _shown(scope: str | None) -> list[str]:
    """The category entries as listed (their words), of ``scope`` or all."""
    return [shown("response_category", e.code) for e in vocabulary("response_category").entries
            if scope is None or scope in e["scopes"]]


def _row(qtbot, window, scope: str):
    """A new case's Responses row: d110, ``scope`` typed (nothing when empty), Tab to the
    Category."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    responses = typist.go_to_section("Responses").tables["response_assessments"]
    responses.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    for field, text in (("day", "d110"), ("scope", scope)):
        assert responses.view.currentIndex().column() == responses.table_model.column_of(field)
        if text:
            typist.type(text)
        typist.key(Qt.Key.Key_Tab)
    assert responses.view.currentIndex().column() == responses.table_model.column_of("category")
    return typist, responses


def _listed(picker: VocabPicker) -> list[str]:
    """The entries of the picker's list (its words before the ' — label')."""
    texts = picker.completer().model().stringList()
    return [t.split(" — ")[0] for t in texts]


def _popup(picker: VocabPicker) -> list[str]:
    """The rows of the picker's open list."""
    model = picker.completer().completionModel()
    return [model.index(r, 0).data().split(" — ")[0] for r in range(model.rowCount())]


def test_the_category_lists_the_scopes_and_a_scope_changed_keeps_it_warned(
        qtbot, window, casebook):
    typist, responses = _row(qtbot, window, "MRD")
    typist.type("complete")
    picker = focused()
    assert isinstance(picker, VocabPicker)
    assert _listed(picker) == _shown("mrd") == [
        "complete MRD response", "MRD intermediate", "MRD failure"]
    assert picker.text() == "complete MRD response"  # the proposal is the MRD one, not CR
    typist.key(Qt.Key.Key_Tab)  # 'complete' typed: the one MRD category it starts
    window.editor.feedback_runner.wait()
    model = responses.table_model
    cell = responses.view.view_index(0, model.column_of("category"))
    assert cell.data() == "complete MRD response"
    assert window.editor.current_case().response_assessments[0].category == \
        "complete_MRD_response"
    assert [f for f in window.editor.problems_panel.model.findings
            if f.path == PATH and f.rule_id in ("INPUT", "V64")] == []

    # the Scope changed to CNS: the Category is kept, shown as it is, and warned of
    responses.view.setCurrentIndex(responses.view.view_index(0, model.column_of("scope")))
    responses.view.setFocus()
    typist.type("CNS")
    typist.key(Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()
    stored = window.editor.current_case().response_assessments[0]
    assert (stored.scope, stored.category) == ("cns", "complete_MRD_response")
    assert cell.data() == "complete MRD response"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == COLORS["warning"]
    problems = window.editor.problems_panel.model
    [row] = [r for r in range(problems.rowCount()) if problems.findings[r].path == PATH
             and problems.findings[r].rule_id == "V64"]
    assert problems.findings[row].severity == "warning"
    text = problem_messages(window)[row]  # without the mark a narrow panel puts first
    assert text.startswith("'complete MRD response' is not a category of the CNS scope (CNS "
                           "remission, CNS persistent, CNS relapse, CNS not involved, not evaluable): choose"), text
    assert text.endswith("\nResponses › Response assessments › row 1 › Category"), text  # the row and the field
    assert "V64" in cell.data(Qt.ItemDataRole.ToolTipRole)

    press(qtbot, window, "Ctrl+S")
    saved = casebook.cases.open_case(window.session.case_id()).response_assessments[0]
    assert (saved.scope, saved.category) == ("cns", "complete_MRD_response")

    # its cell now lists the CNS categories, and one chosen from the list replaces it
    responses.view.setCurrentIndex(cell)
    responses.view.setFocus()
    typist.key(Qt.Key.Key_F2)
    picker = focused()
    assert isinstance(picker, VocabPicker)
    assert _listed(picker) == _shown("cns")
    typist.type("re")
    typist.key(Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)  # the list, searched
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert _popup(picker) == ["CNS remission", "CNS relapse"]  # not complete MRD response
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # the list has the keys while it is open
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    typist.key(Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()
    assert cell.data() == "CNS remission"
    assert window.editor.current_case().response_assessments[0].category == "CNS_remission"
    assert [f for f in problems.findings if f.path == PATH and f.rule_id == "V64"] == []
    press(qtbot, window, "Ctrl+S")
    saved = casebook.cases.open_case(window.session.case_id()).response_assessments[0]
    assert (saved.scope, saved.category) == ("cns", "CNS_remission")


def test_with_no_scope_every_category_is_listed(qtbot, window):
    typist, responses = _row(qtbot, window, "")
    typist.type("c")
    picker = focused()
    assert isinstance(picker, VocabPicker)
    assert _listed(picker) == _shown(None)
    typist.key(Qt.Key.Key_Tab)  # 'c': CR, CRh, CNS remission...: more to type
    assert window.editor.current_case().response_assessments[0].category is None
