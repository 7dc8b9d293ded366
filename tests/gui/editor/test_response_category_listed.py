"""A response category is one of its list (stranger run, a hematology fellow): 'complete MRD'
typed in a Responses row's Category was stored as that text (the field was an open
vocabulary's), with no mark, nothing in Problems or at Mark complete; search's
response:complete_MRD_response missed the case and the PDF printed 'complete MRD'. Now a start
only one category has is that category, other text is refused as in a choice cell (marked, in
Problems, not stored), and free text already stored is kept and listed as V64."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.editor.table_model import COLORS
from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist

PATH = "response_assessments[0].category"


def _mrd_response(qtbot, window, category: str):
    """A new case's Responses row: d110, Scope MRD, ``category`` typed, then Tab."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    responses = typist.go_to_section("Responses").tables["response_assessments"]
    responses.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    for field, text in (("day", "d110"), ("scope", "MRD"), ("category", category)):
        column = responses.table_model.column_of(field)
        assert responses.view.currentIndex().column() == column, field
        typist.type(text)
        typist.key(Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()
    return responses, responses.view.view_index(0, responses.table_model.column_of("category"))


def _listed(window):
    """Problems' rows at the category (its 'required' row aside: the field is empty)."""
    return [(f.rule_id, f.severity, f.message) for f in window.editor.problems_panel.model.findings
            if f.path == PATH and "required" not in f.message.casefold()]


def test_complete_mrd_typed_stores_complete_mrd_response(qtbot, window, casebook):
    responses, cell = _mrd_response(qtbot, window, "complete MRD")
    assert cell.data() == "complete MRD response"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) != COLORS["invalid"]
    assert window.editor.current_case().response_assessments[0].category == \
        "complete_MRD_response"
    assert [r for r in _listed(window) if r[0] in ("INPUT", "V64")] == []  # taken as listed
    # (V31 may ask for the MRD assessment a complete MRD response needs: a clinical rule)
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.response_assessments[0].category == "complete_MRD_response"


def test_text_that_is_no_category_is_marked_listed_and_not_stored(qtbot, window, casebook):
    responses, cell = _mrd_response(qtbot, window, "complete MDR")
    assert cell.data() == "complete MDR"  # kept where it was typed, marked
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == COLORS["invalid"]
    assert window.editor.current_case().response_assessments[0].category is None
    [(rule, severity, message)] = _listed(window)
    assert (rule, severity) == ("INPUT", "error")
    assert message.startswith("Category: 'complete MDR' is not one of: CR, CRh")
    assert "complete MRD response" in message and message.endswith("not stored")
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.response_assessments[0].category is None


def test_a_start_several_categories_share_is_refused(qtbot, window):
    # ('complete' is read among the Scope's categories first: with the Scope MRD it is complete
    # MRD response, test_response_category_scope; 'MRD' starts two MRD categories)
    responses, cell = _mrd_response(qtbot, window, "MRD")
    assert window.editor.current_case().response_assessments[0].category is None
    [(_rule, _severity, message)] = _listed(window)
    assert "could be MRD intermediate or MRD failure" in message


def test_free_text_already_stored_is_shown_and_listed_as_v64(qtbot, make_window, casebook):
    from core.model import Case
    from tests.gui.conftest import open_from_list

    case = Case.model_validate({"case_id": "SYN-FREECAT-1", "response_assessments": [
        {"day": 110, "scope": "mrd", "category": "complete MRD", "criteria_system": "NCCN-ALL"}]})
    casebook.cases.save_case(case)  # as an older version stored it, or an import
    window = make_window()
    open_from_list(qtbot, window, "SYN-FREECAT-1")
    window.editor.feedback_runner.wait()
    typist = Typist(qtbot, window.editor)
    responses = typist.go_to_section("Responses").tables["response_assessments"]
    cell = responses.view.view_index(0, responses.table_model.column_of("category"))
    assert cell.data() == "complete MRD"  # read as stored, not dropped
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == COLORS["error"]
    [(rule, severity, message)] = _listed(window)
    assert (rule, severity) == ("V64", "error")
    assert "did you mean 'complete MRD response'?" in message
    assert casebook.cases.open_case("SYN-FREECAT-1").response_assessments[0].category == \
        "complete MRD"


def test_an_egil_subgroup_is_one_of_its_list_too(qtbot, window, casebook):
    """The same hole in Immunophenotype › EGIL subgroup (its row's "More of the row"): a start
    only one subgroup has is that subgroup, other text is refused and listed."""
    from tests.gui.editor.test_refused_cell_then_stored import _tick

    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    panels = typist.go_to_section("Immunophenotype").tables["immunophenotype_panels"]
    panels.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    group = panels.row_form.parentWidget()
    qtbot.mouseClick(group, Qt.MouseButton.LeftButton, pos=group.rect().topLeft() + _tick(group))
    egil = panels.row_form.bindings["egil_subgroup"].editor
    path = "immunophenotype_panels[0].egil_subgroup"

    typist.click(egil)
    typist.type("common B")
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().immunophenotype_panels[0].egil_subgroup is None
    assert egil.property("problem") == "error"
    assert window.editor.ctx.unstored[path].startswith(
        "EGIL subgroup: 'common B' is not one of: B-I, B-II")

    typist.click(egil)
    egil.selectAll()
    typist.type("B-II")
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().immunophenotype_panels[0].egil_subgroup == "B-II_common"
    assert path not in window.editor.ctx.unstored
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.immunophenotype_panels[0].egil_subgroup == "B-II_common"
