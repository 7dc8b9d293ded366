"""A table sorted by date numbers its rows 1, 2, 3 down the table: a treatment line's
administrations entered d1, d20, d8 showed d1, d8, d20 numbered 1, 3, 2 (the stored order), so
"row 2" read on screen was not the row Problems called row 2. Now the numbers follow what is
shown, and Problems, the row's titles and a jump from Problems say and go to the same row; the
stored order is unchanged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox

from tests.gui.editor.keyboard import Typist, focused

ENTERED = [("vincristine", 1), ("cytarabine", 20), ("methotrexate", 8)]  # stored in this order


def _administrations(editor, qtbot):
    typist = Typist(qtbot, editor)
    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.add_rows(lines, [{"line_no": 1, "intent": "induction", "start_day": 1}],
                    lambda panel, r: None)
    admins = lines.detail_tables[0]
    typist.add_rows(admins, [{"drug_inn": drug, "start_day": day} for drug, day in ENTERED],
                    lambda panel, r: None)
    editor.feedback_runner.wait()
    return typist, admins


def _numbers(view) -> list[tuple[int, str]]:
    """(number shown, drug) of each row down the table."""
    model, drug = view.model(), view.source.column_of("drug_inn")
    return [(model.headerData(r, Qt.Orientation.Vertical), model.index(r, drug).data())
            for r in range(model.rowCount())]


def test_rows_are_numbered_as_shown_and_named_so(editor, qtbot):
    typist, admins = _administrations(editor, qtbot)
    view = admins.view
    assert _numbers(view) == [(1, "vincristine"), (2, "methotrexate"), (3, "cytarabine")]
    stored = editor.current_case().treatment_lines[0].administrations
    assert [(a.drug_inn, a.start_day.day) for a in stored] == ENTERED  # stored order kept

    # Problems name methotrexate (stored third) "row 2", as the table shows it
    path = "treatment_lines[0].administrations[2]"
    panel = editor.problems_panel
    rows = [r for r, f in enumerate(panel.model.findings) if f.path.startswith(path + ".")]
    assert rows, [f.path for f in panel.model.findings]
    texts = [panel.model.index(r, 2).data() for r in rows]
    assert all("Treatment lines › row 1 › Administrations › row 2 › " in t for t in texts), texts
    others = [panel.model.index(r, 2).data() for r, f in enumerate(panel.model.findings)
              if f.path.startswith("treatment_lines[0].administrations[1].")]
    assert others and all("Administrations › row 3 › " in t for t in others), others

    # the row's own titles say row 2 too
    typist.select_row(admins, 2)
    assert view.currentIndex().row() == 1
    groups = [admins.row_form.parentWidget()] if admins.row_form else []
    titles = [g.title() for g in groups if isinstance(g, QGroupBox)]
    assert titles and all("row 2: " in t for t in titles), titles

    # a problem called row 2, activated, goes to the row numbered 2
    typist.select_row(admins, 0)
    editor.focus_problems()
    panel.view.setCurrentIndex(panel.model.index(rows[0], 2))
    typist.key(Qt.Key.Key_Return)
    assert focused() is view
    assert view.current_storage_row() == 2 and view.currentIndex().row() == 1
    assert view.model().headerData(view.currentIndex().row(), Qt.Orientation.Vertical) == 2


def test_a_row_moved_by_its_new_day_is_renumbered(editor, qtbot):
    typist, admins = _administrations(editor, qtbot)
    typist.select_row(admins, 1)  # cytarabine, d20: typed earlier than all, it goes first
    view = admins.view
    view.go_to(1, view.source.column_of("start_day"))
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typist.type("d0")
    typist.key(Qt.Key.Key_Return)
    editor.feedback_runner.wait()
    assert _numbers(view) == [(1, "cytarabine"), (2, "vincristine"), (3, "methotrexate")]
    assert editor.current_case().treatment_lines[0].administrations[1].start_day.day == 0
    texts = [editor.problems_panel.model.index(r, 2).data()
             for r, f in enumerate(editor.problems_panel.model.findings)
             if f.path.startswith("treatment_lines[0].administrations[1].")]
    assert texts and all("Administrations › row 1 › " in t for t in texts), texts


def test_mark_complete_names_the_row_as_shown(qtbot, stored_references, casebook, make_window):
    """Mark complete's reasons and the status bar name a row as the table shows it: reference
    case 1's sixth administration, moved to d1 (first down the table), is "row 1" there."""
    from tests.gui.conftest import open_as_draft, press
    from tests.gui.editor.test_go_to_field_typing import (
        C1,
        RealReasonsDialog,
        go_to_field,
        type_to_window,
    )

    window = make_window(prompter=RealReasonsDialog())
    open_as_draft(qtbot, casebook, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.focus_path("treatment_lines[0].administrations[5].start_day")
    type_to_window(qtbot, window, "d1")
    window.editor.focus_path(ATC := "treatment_lines[0].administrations[5].atc")
    view = window.focusWidget()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    stored = casebook.cases.open_case(C1).treatment_lines[0].administrations[5]
    assert (stored.start_day.day, stored.atc) == (1, None)  # stored sixth, as before
    seen = go_to_field(qtbot, window, ATC)
    assert any("Administrations › row 1 › ATC: required" in text for text in seen), seen
    assert view.current_storage_row() == 5 and view.currentIndex().row() == 0
    assert view.model().headerData(0, Qt.Orientation.Vertical) == 1
