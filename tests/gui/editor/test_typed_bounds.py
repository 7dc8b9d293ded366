"""Whole numbers and measurements typed outside what their field can be are refused where they
are typed, named with the range, and not stored (core.model.bounds, as f9cae70 did for Age at
Day 0 and Grade): a line 0, 1e20 cycles given, an ICE score of 11, blasts of 140%, a dose of
0, a CSF WBC of -5 or a tocilizumab count of -1 were stored as typed. The typed text stays in
the field or cell, the Problems panel names it, Ctrl+S stores the rest and not it, and a value
in range is stored as before."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from tests.gui.conftest import open_from_list, press
from tests.gui.test_unstored_input import problem_messages

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


def value_at(case, path: str):
    for name, index in re.findall(r"(\w+)(?:\[(\d+)\])?", path):
        case = getattr(case, name)
        if index:
            case = case[int(index)]
        if case is None:
            return None
    return case


def type_at(qtbot, window, path: str, text: str):
    """Put the cursor on the field or cell of ``path``, type ``text`` over what it holds and
    Tab out. Returns a function that reads the field's or cell's text back."""
    window.editor.focus_path(path)
    widget = window.focusWidget()
    if isinstance(widget, QAbstractItemView):
        view = widget
        column = view.source.column_of(path.rsplit(".", 1)[1])
        assert view.currentIndex().column() == column
        row = view.current_storage_row()
        qtbot.keyClick(view, Qt.Key.Key_F2)
        editor = window.focusWidget()
        qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
        return lambda: view.view_index(row, column).data()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return widget.text


@pytest.mark.parametrize("case_id, path, typed, message, good", [
    (C1, "treatment_lines[0].line_no", "0", "Line must be between 1 and 100", "1"),
    (C1, "treatment_lines[0].cycles_given", "99999999999999999999",
     "Cycles given must be between 1 and 200", "2"),
    (C1, "treatment_lines[0].cycles_planned", "-1", "Cycles planned must be between 1 and 200",
     "3"),
    (C2, "adverse_events[0].icans_detail.ice_score", "11", "ICE score must be between 0 and 10",
     "7"),
    (C2, "adverse_events[0].crs_detail.tocilizumab_doses", "-1",
     "Tocilizumab doses must be between 0 and 100", "2"),
    (C1, "bm_assessments[0].blast_pct_morphology", "140",
     "Blasts (morphology) must be between 0 and 100 %", "45"),
    (C1, "treatment_lines[0].administrations[0].dose", "0", "Dose must be above 0", "9"),
    (C1, "csf_assessments[0].wbc_per_uL", "-5", "CSF WBC must be at least 0 /µL",
     "12"),
    (C1, "cytogenetics[0].metaphases_analyzed", "1e20",
     "Metaphases analysed must be between 0 and 1000", "20"),
    (C1, "mrd_assessments[0].value_fraction", "1.5",  # not "between 0 and 1 fraction"
     "MRD must be between 0 and 1 (a fraction: 0.0001 = 10⁻⁴ = 0.01%; a percent may be typed "
     "with its % sign)", "0.005"),
])
def test_a_number_outside_its_range_is_refused_where_typed(
        qtbot, stored_references, window, casebook, case_id, path, typed, message, good):
    open_from_list(qtbot, window, case_id)
    before = value_at(casebook.cases.open_case(case_id), path)
    shown = type_at(qtbot, window, path, typed)
    assert shown() == typed  # kept as typed: not cleared, clamped or reformatted
    assert any(m.startswith(f"{message} (typed: '{typed}')") for m in problem_messages(window)), \
        problem_messages(window)
    assert value_at(window.editor.current_case(), path) == before

    press(qtbot, window, "Ctrl+S")
    assert value_at(casebook.cases.open_case(case_id), path) == before
    assert "except" in window.statusBar().currentMessage()
    assert shown() == typed and window.session.is_dirty()

    shown = type_at(qtbot, window, path, good)  # a value in range is stored as before
    press(qtbot, window, "Ctrl+S")
    assert value_at(casebook.cases.open_case(case_id), path) == float(good)
    assert not any("not stored" in m or message in m for m in problem_messages(window))
