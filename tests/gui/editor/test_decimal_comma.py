"""A comma is a decimal comma, and a number that could be two is refused (stranger run, a
research nurse, item 1): the form read MRD `0,001` as 1 (positive ≥10⁻⁴), CSF RBC `0,125` as
125, `1,500` as 1500 and `2.000` as 2, silently (its thousands pattern came first), while
core's MRD parser read 0,001 as 0.001. One rule now (core.numbers), typed or pasted: a leading
`0,` is decimal, a single comma is a decimal comma, and one separator followed by exactly three
digits is refused naming the field ("type it without a thousands separator")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.editor.blinatumomab import StepError, parse_steps
from tests.gui.conftest import open_from_list, press
from tests.gui.editor.test_typed_bounds import type_at, value_at
from tests.gui.test_unstored_input import problem_messages

C1 = "SEED-C1-CAO2023"


@pytest.mark.parametrize("path, typed, stored, shown", [
    ("mrd_assessments[0].value_fraction", "0,001", 0.001, "0.001"),  # was 1.0
    ("csf_assessments[0].rbc_per_uL", "0,125", 0.125, "0.125"),  # was 125
    ("csf_assessments[0].rbc_per_uL", "1 500", 1500, "1500"),
    ("csf_assessments[0].rbc_per_uL", "1,500.5", 1500.5, "1500.5"),
    ("bm_assessments[0].blast_pct_morphology", "55,5", 55.5, "55.5"),
    # one point and three decimals, settled by the field's range (c7f8acc refused them: "could
    # be 1750 or 1.75", though no BSA is 1750 m²)
    ("patient.bsa_m2", "1.750", 1.75, "1.75"),
    ("patient.weight_kg", "12.500", 12.5, "12.5"),
    ("mrd_assessments[0].value_fraction", "1.000%", 0.01, "0.01"),  # 1000% is no MRD
])
def test_a_decimal_comma_is_stored_as_typed(qtbot, stored_references, window, casebook, path,
                                            typed, stored, shown):
    open_from_list(qtbot, window, C1)
    text = type_at(qtbot, window, path, typed)
    assert text() == shown
    assert value_at(window.editor.current_case(), path) == stored
    press(qtbot, window, "Ctrl+S")
    assert value_at(casebook.cases.open_case(C1), path) == stored


@pytest.mark.parametrize("path, typed, message", [
    ("csf_assessments[0].rbc_per_uL", "1,500",
     "CSF RBC: '1,500' could be 1500 or 1.5: type it without a thousands separator (1500), or "
     "as 1.5"),
    ("csf_assessments[0].wbc_per_uL", "2.000",
     "CSF WBC: '2.000' could be 2000 or 2: type it without a thousands separator (2000), or as 2"),
    # a whole field whose range holds both 1500 and 1.5 (c7f8acc stored 1500 silently)
    ("cytogenetics[0].nuclei_scored", "1.500", "Nuclei scored: '1.500' could be 1500 or 1.5"),
])
def test_a_number_that_could_be_two_is_refused_naming_the_field(
        qtbot, stored_references, window, casebook, path, typed, message):
    open_from_list(qtbot, window, C1)
    before = value_at(casebook.cases.open_case(C1), path)
    text = type_at(qtbot, window, path, typed)
    assert text() == typed  # kept as typed, marked, not guessed
    assert any(m.startswith(message) for m in problem_messages(window)), problem_messages(window)
    assert value_at(window.editor.current_case(), path) == before
    press(qtbot, window, "Ctrl+S")
    assert value_at(casebook.cases.open_case(C1), path) == before


def test_pasted_cells_follow_the_same_rule(qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    path = "csf_assessments[0].rbc_per_uL"
    before = value_at(casebook.cases.open_case(C1), path)
    window.editor.focus_path(path)
    view = window.focusWidget()
    row, column = view.current_storage_row(), view.currentIndex().column()

    QApplication.clipboard().setText("1,500")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert view.view_index(row, column).data() == "1,500"
    assert any(m.startswith("CSF RBC: '1,500' could be 1500 or 1.5")
               for m in problem_messages(window)), problem_messages(window)
    assert value_at(window.editor.current_case(), path) == before

    QApplication.clipboard().setText("0,125")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert view.view_index(row, column).data() == "0.125"
    press(qtbot, window, "Ctrl+S")
    assert value_at(casebook.cases.open_case(C1), path) == 0.125


def test_a_pasted_column_of_three_decimals_is_read_by_the_fields_range(
        qtbot, stored_references, window, casebook):
    """A column copied from a spreadsheet that writes three decimals turned red (c7f8acc)."""
    open_from_list(qtbot, window, C1)
    path = "bm_assessments[{}].blast_pct_morphology"
    window.editor.focus_path(path.format(0))
    view = window.focusWidget()
    row, column = view.current_storage_row(), view.currentIndex().column()
    QApplication.clipboard().setText("12.500\n1.250\n37.500\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    expected = [12.5, 1.25, 37.5]
    assert [view.view_index(row + n, column).data() for n in range(3)] == ["12.5", "1.25", "37.5"]
    assert not problem_messages(window), problem_messages(window)
    case = window.editor.current_case()
    assert [value_at(case, path.format(n)) for n in range(3)] == expected
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C1)
    assert [value_at(stored, path.format(n)) for n in range(3)] == expected


def test_blinatumomab_steps_take_the_same_rule():
    assert parse_steps("9,5 µg/day d1-7")[0].dose == 9.5
    with pytest.raises(StepError, match="could be 2800 or 2.8"):
        parse_steps("2,800 µg/day d1-7")  # was 2.8 silently
