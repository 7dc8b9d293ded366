"""G/L is giga per litre (10⁹/L), never grams per litre (stranger run item 4, a research nurse):
a lab unit typed `G/L` showed as `g/L` in the Labs table's Unit cell while its Canonical column
said 0.9 ×10⁹/L, and the case kept `G/L` where README promises the UCUM code 10*9/L. The
editor's unit look-up folded case (UCUM does not: G/L and g/L are different units); it now
reads a unit as core.units does, so G/L is shown as ×10⁹/L and stored as 10*9/L, typed or
pasted, and g/L stays grams per litre."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, Typist

C1 = "SEED-C1-CAO2023"


def cell(labs, row: int, key: str) -> str:
    return labs.view.view_index(row, labs.table_model.column_of(key)).data()


def to_column(typist, labs, key: str) -> None:
    while labs.view.currentIndex().column() != labs.table_model.column_of(key):
        typist.key(Qt.Key.Key_Tab)


def test_giga_per_litre_is_shown_and_stored_as_10_9_per_litre(qtbot, stored_references, window,
                                                              casebook):
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    labs = typist.go_to_section("Labs").tables["labs"]
    new = len(casebook.cases.open_case(C1).labs)
    typist.add_rows(labs, [{"day": 5, "analyte": "WBC", "value_entered": 0.9,
                            "unit_entered": "G/L"}], lambda *_: None)
    window.editor.feedback_runner.wait()
    assert cell(labs, new, "unit_entered") == "×10⁹/L"  # was g/L: grams per litre
    assert cell(labs, new, "unit_canonical") == "×10⁹/L"
    assert window.editor.current_case().labs[new].unit_entered == "10*9/L"

    # a second row, its unit pasted as G/L; a third in grams per litre stays g/L
    typist.add_rows(labs, [{"day": 6, "analyte": "WBC", "value_entered": 1.2},
                           {"day": 6, "analyte": "Albumin", "value_entered": 35,
                            "unit_entered": "g/L"}], lambda *_: None)
    typist.select_row(labs, new + 1)
    to_column(typist, labs, "unit_entered")
    QApplication.clipboard().setText("G/L")
    typist.key(Qt.Key.Key_V, CTRL)
    window.editor.feedback_runner.wait()
    assert cell(labs, new + 1, "unit_entered") == "×10⁹/L"
    assert cell(labs, new + 2, "unit_entered") == "g/L"

    press(qtbot, window, "Ctrl+S")
    saved = casebook.cases.open_case(C1).labs
    assert [lab.unit_entered for lab in saved[new:new + 3]] == ["10*9/L", "10*9/L", "g/L"]
