"""A dose change typed with a day after its drug's administration ended is warned of at its
When cell and in Problems (rule V65; stranger test: an escalation on d182 entered under the
blinatumomab row that ended on d181, in a line that ran to d202, got no warning). Typed with
keys; the change is stored as typed (a warning never refuses a value)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.editor.table_model import COLORS
from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, SHIFT, Typist, focused
from tests.gui.test_unstored_input import problem_messages

C2 = "SEED-C2-CAO2023"
PATH = "treatment_lines[2].administrations[0].modifications[0].day"


def _modifications(typist: Typist):
    """Reference case 2's line 3, its first blinatumomab row (d175 to d181): its Modifications
    table."""
    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.select_row(lines, 2)
    admins = lines.detail_tables[0]
    typist.select_row(admins, 0)
    [modifications] = [t for t in admins.detail_tables if t.field_name == "modifications"]
    return modifications


def test_an_escalation_typed_after_the_row_ended_is_warned_at_the_cell_and_in_problems(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C2)
    typist = Typist(qtbot, window.editor)
    modifications = _modifications(typist)
    typist.focus_table(modifications)
    typist.key(Qt.Key.Key_N, CTRL | SHIFT)
    model, view = modifications.table_model, modifications.view
    assert view.currentIndex().column() == model.column_of("day")
    typist.type("d182")
    typist.key(Qt.Key.Key_Tab)
    assert view.currentIndex().column() == model.column_of("kind")
    typist.type("escalation")
    typist.key(Qt.Key.Key_Tab)
    assert focused() is not None
    window.editor.feedback_runner.wait()

    [change] = window.editor.current_case().treatment_lines[2].administrations[0].modifications
    assert (change.day.day, change.kind) == (182, "escalation")
    cell = view.view_index(0, model.column_of("day"))
    assert cell.data() == "d182"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == COLORS["warning"]
    assert "V65" in cell.data(Qt.ItemDataRole.ToolTipRole)
    problems = window.editor.problems_panel.model
    [row] = [r for r in range(problems.rowCount())
             if problems.findings[r].path == PATH and problems.findings[r].rule_id == "V65"]
    assert problems.findings[row].severity == "warning"
    text = problem_messages(window)[row]  # without the mark a narrow panel puts first
    assert text.startswith("Escalation on d182 is after this blinatumomab administration ends "
                           "(d181): check the dose change's When or the administration's End"), text
    # the rows as the tables show them: line 3, its first drug, the change
    assert text.endswith("\nTreatment › Treatment lines › row 3 › Administrations › row 1 › "
                         "Modifications › row 1 › When"), text

    press(qtbot, window, "Ctrl+S")
    saved = casebook.cases.open_case(C2).treatment_lines[2].administrations[0]
    assert [(m.day.day, m.kind) for m in saved.modifications] == [(182, "escalation")]

    # corrected to a day the row was given: the warning goes
    view.setCurrentIndex(cell)
    view.setFocus()
    typist.type("d181")
    typist.key(Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()
    assert [f for f in problems.findings if f.rule_id == "V65"] == []
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None or \
        cell.data(Qt.ItemDataRole.BackgroundRole).color() != COLORS["warning"]
