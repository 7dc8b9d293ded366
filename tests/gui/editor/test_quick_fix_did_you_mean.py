"""A "did you mean" one step away (a stranger tester who works mostly with the mouse): in a
Drug cell 'blinatu' showed the proposal blinatumomab in place, but Tab or a click elsewhere
kept 'blinatu' (by design: Tab stores what was typed), with V38's "did you mean
'blinatumomab'?" and no ATC; an AE Term 'Cytokine rel' clicked away from stayed so (V63), not
read as CRS. Now the status bar says how to take a proposal while it shows, and the finding
offers its one value (gui.editor.quick_fix): the Problems row's button, its right-click menu
or Ctrl+.; the cell's tooltip and right-click menu too. Stored as if typed (a drug with its
ATC code), one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, Typist, focused

C1 = "SEED-C1-CAO2023"
C2 = "SEED-C2-CAO2023"


def _to_cell(typist: Typist, panel, name: str) -> None:
    view, column = panel.view, panel.table_model.column_of(name)
    while view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)


def _cell(panel, row: int, name: str):
    return panel.view.view_index(row, panel.table_model.column_of(name))


def _type_in_cell(typist: Typist, panel, text: str) -> None:
    assert focused() is panel.view
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.type(text)


def _click_problem(qtbot, window, path: str, rule: str):
    """Ctrl+Shift+P shows the Problems list; a click on the finding's row selects it."""
    press(qtbot, window, "Ctrl+Shift+P")
    panel = window.editor.problems_panel
    rows = [i for i, f in enumerate(panel.model.findings) if (f.path, f.rule_id) == (path, rule)]
    assert rows, [(f.rule_id, f.path) for f in panel.model.findings]
    view = panel.view
    rect = view.visualRect(panel.model.index(rows[0], 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentIndex().row() == rows[0]
    return panel


def test_blinatu_kept_on_tab_then_the_quick_fix_stores_blinatumomab_with_its_atc(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.select_row(lines, 0)
    admins = lines.detail_tables[0]
    typist.add_rows(admins, [{"route": "IV"}], lambda panel, r: None)
    row = admins.table_model.rowCount() - 1
    _to_cell(typist, admins, "drug_inn")
    _type_in_cell(typist, admins, "blinatu")
    shown = window.statusBar().currentMessage()  # how to take the proposal shown in place
    assert "End or → takes 'blinatumomab'" in shown and "Tab keeps what you typed" in shown
    typist.key(Qt.Key.Key_Tab)  # keeps what was typed
    assert "End or →" not in window.statusBar().currentMessage()
    window.editor.feedback_runner.wait()
    assert (_cell(admins, row, "drug_inn").data(), _cell(admins, row, "atc").data()) == (
        "blinatu", "")
    atc_path = f"treatment_lines[0].administrations[{row}].atc"
    v38 = [f for f in window.editor.ctx.feedback.findings if f.path == atc_path]
    assert [(f.rule_id, f.proposal) for f in v38] == [
        ("V38", (f"treatment_lines[0].administrations[{row}].drug_inn", "blinatumomab"))]
    # the Drug cell (V38 is marked at the ATC) names the fix in its tooltip and its menu
    tip = _cell(admins, row, "drug_inn").data(Qt.ItemDataRole.ToolTipRole)
    assert "did you mean 'blinatumomab'?" in tip and 'Use "blinatumomab"' in tip

    panel = _click_problem(qtbot, window, atc_path, "V38")
    assert panel.fix_button.isVisible() and panel.fix_button.text() == 'Use "blinatumomab"'
    assert panel.fix_action in panel.view.actions() and panel.fix_action.isVisible()
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)

    assert (_cell(admins, row, "drug_inn").data(), _cell(admins, row, "atc").data()) == (
        "blinatumomab", "L01FX07")
    window.editor.feedback_runner.wait()
    assert not [f for f in window.editor.ctx.feedback.findings if f.path == atc_path]
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    saved = casebook.cases.open_case(C1).treatment_lines[0].administrations[row]
    assert (saved.drug_inn, saved.atc) == ("blinatumomab", "L01FX07")

    press(qtbot, window, "Ctrl+Z")  # one step takes the name and its ATC back
    admin = window.editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("blinatu", None)


def test_cytokine_rel_clicked_away_then_the_cells_quick_fix_stores_the_term(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C2)
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    typist.select_row(events, 1)
    _to_cell(typist, events, "term")
    _type_in_cell(typist, events, "Cytokine rel")
    assert "takes 'Cytokine release syndrome'" in window.statusBar().currentMessage()
    grade = events.view.visualRect(_cell(events, 1, "grade"))  # a click on Grade
    qtbot.mouseClick(events.view.viewport(), Qt.MouseButton.LeftButton, pos=grade.center())
    window.editor.feedback_runner.wait()
    term = _cell(events, 1, "term")
    assert term.data() == "Cytokine rel"
    assert "End or →" not in window.statusBar().currentMessage()
    path = "adverse_events[1].term"
    assert [(f.rule_id, f.proposal) for f in window.editor.ctx.feedback.findings
            if f.path == path] == [("V63", (path, "Cytokine release syndrome"))]
    assert 'Use "Cytokine release syndrome": right-click' in term.data(
        Qt.ItemDataRole.ToolTipRole)

    # back on the Term cell: its right-click menu offers the term, Ctrl+. takes it
    qtbot.mouseClick(events.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=events.view.visualRect(term).center())
    fix = events.actions_["Quick fix"]
    assert fix in events.view.actions() and fix.isVisible()
    assert fix.text() == 'Use "Cytokine release syndrome"'
    typist.key(Qt.Key.Key_Period, CTRL)
    assert _cell(events, 1, "term").data() == "Cytokine release syndrome"
    window.editor.feedback_runner.wait()
    assert not [f for f in window.editor.ctx.feedback.findings if f.path == path]
    assert not fix.isVisible()
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert casebook.cases.open_case(C2).adverse_events[1].term == "Cytokine release syndrome"

    press(qtbot, window, "Ctrl+Z")
    assert window.editor.current_case().adverse_events[1].term == "Cytokine rel"


def test_the_problems_row_takes_the_fix_by_keyboard(qtbot, stored_references, window):
    """Ctrl+. on the selected Problems row stores the value; Enter still goes to the field."""
    open_from_list(qtbot, window, C2)
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    typist.select_row(events, 1)
    _to_cell(typist, events, "term")
    _type_in_cell(typist, events, "Cytokine rel")
    typist.key(Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()
    panel = _click_problem(qtbot, window, "adverse_events[1].term", "V63")
    typist.key(Qt.Key.Key_Period, CTRL, panel.view)
    assert window.editor.current_case().adverse_events[1].term == "Cytokine release syndrome"
    window.editor.ctx.undo_stack.undo()
    assert window.editor.current_case().adverse_events[1].term == "Cytokine rel"


def test_ctrl_dot_in_a_cell_open_with_typing_closes_it_and_the_fix_stays(
        qtbot, stored_references, window, casebook):
    """Found in review: Ctrl+. in a Drug cell open with typing stored the fix under the open
    cell, which kept the text typed, and the next Tab stored it over the fix (ATC cleared)."""
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.select_row(lines, 0)
    admins = lines.detail_tables[0]
    typist.add_rows(admins, [{"route": "IV"}], lambda panel, r: None)
    row = admins.table_model.rowCount() - 1
    _to_cell(typist, admins, "drug_inn")
    _type_in_cell(typist, admins, "blinatu")
    typist.key(Qt.Key.Key_Tab)  # keeps what was typed: V38
    window.editor.feedback_runner.wait()
    view, drug = admins.view, _cell(admins, row, "drug_inn")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(drug).center())  # back to the cell
    assert view.currentIndex() == drug
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_End)
    typist.type("x")  # one more character: the cell is open with it
    assert view.state() == view.State.EditingState

    typist.key(Qt.Key.Key_Period, CTRL)
    assert view.state() != view.State.EditingState  # closed, its text dropped
    assert (_cell(admins, row, "drug_inn").data(), _cell(admins, row, "atc").data()) == (
        "blinatumomab", "L01FX07")
    typist.key(Qt.Key.Key_Tab)  # nothing typed is stored over the fix
    assert (_cell(admins, row, "drug_inn").data(), _cell(admins, row, "atc").data()) == (
        "blinatumomab", "L01FX07")
    admin = window.editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("blinatumomab", "L01FX07")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    saved = casebook.cases.open_case(C1).treatment_lines[0].administrations[row]
    assert (saved.drug_inn, saved.atc) == ("blinatumomab", "L01FX07")


def _free_text_category(qtbot, make_window, casebook):
    """A case stored with 'complete MRD' as a response's Category (V64 proposes
    complete_MRD_response), open, its V64 row selected in Problems."""
    from core.model import Case

    case = Case.model_validate({"case_id": "SYN-FREECAT-1", "response_assessments": [
        {"day": 110, "scope": "mrd", "category": "complete MRD", "criteria_system": "NCCN-ALL"}]})
    casebook.cases.save_case(case)  # as an older version stored it, or an import
    window = make_window()
    open_from_list(qtbot, window, "SYN-FREECAT-1")
    window.editor.feedback_runner.wait()
    typist = Typist(qtbot, window.editor)
    responses = typist.go_to_section("Responses").tables["response_assessments"]
    panel = _click_problem(qtbot, window, "response_assessments[0].category", "V64")
    return window, responses, panel


def test_a_closed_lists_fix_names_the_value_as_the_form_shows_it(qtbot, make_window, casebook):
    """Found in review: the button read 'Use "complete_MRD_response"' (the code) under the
    message's 'complete MRD response'. The code is still what is stored."""
    window, responses, panel = _free_text_category(qtbot, make_window, casebook)
    assert panel.fix_button.isVisible()
    assert panel.fix_button.text() == 'Use "complete MRD response"'
    assert panel.fix_action.text() == 'Use "complete MRD response"'
    cell = _cell(responses, 0, "category")
    assert 'Use "complete MRD response": right-click' in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "complete_MRD_response" not in cell.data(Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    assert _cell(responses, 0, "category").data() == "complete MRD response"
    assert window.editor.current_case().response_assessments[0].category == \
        "complete_MRD_response"
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert casebook.cases.open_case("SYN-FREECAT-1").response_assessments[0].category == \
        "complete_MRD_response"


def test_the_problems_fix_goes_while_the_case_is_read_only_and_comes_back(
        qtbot, make_window, casebook):
    """Found in review: the "Use …" button stayed enabled on a case turned read-only (locked,
    trashed while open), and after Amend… came back only once the selection changed."""
    window, responses, panel = _free_text_category(qtbot, make_window, casebook)
    view = responses.view  # the Category cell current: its right-click menu offers the fix
    category = _cell(responses, 0, "category")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(category).center())
    cell_fix = responses.actions_["Quick fix"]
    assert cell_fix.isVisible()
    panel = _click_problem(qtbot, window, "response_assessments[0].category", "V64")
    selected = panel.view.currentIndex().row()
    assert panel.fix_button.isVisible() and panel.fix_action.isVisible()
    window.editor.set_read_only(True)  # as a lock or the trash does to the open case
    assert not panel.fix_button.isVisible() and not panel.fix_action.isVisible()
    assert not cell_fix.isVisible()
    typist = Typist(qtbot, window.editor)
    typist.key(Qt.Key.Key_Period, CTRL, panel.view)
    assert window.editor.current_case().response_assessments[0].category == "complete MRD"
    window.editor.set_read_only(False)  # Amend…: the same row still selected
    assert panel.view.currentIndex().row() == selected
    assert panel.fix_button.isVisible() and panel.fix_action.isVisible()
    assert panel.fix_button.text() == 'Use "complete MRD response"'
    assert cell_fix.isVisible()
