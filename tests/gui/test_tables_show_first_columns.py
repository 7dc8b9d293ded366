"""A table shown, or narrowed or widened with its pane, shows its first columns (found by a
stranger run at 1024x768): after Ctrl+F (the case list shown beside the form) Treatment lines
kept its sideways scroll and hid its first column, Start *; an empty Immunophenotype table
opened scrolled to the right, its scroll kept from a narrower pane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press

C2 = "SEED-C2-CAO2023"


def settle(qtbot) -> None:
    qtbot.wait(50)
    QApplication.processEvents()


def table(window, section: str, key: str):
    window.editor.show_section(section)
    return window.editor.section_page(section).tables[key].view


def first_column_shown(view) -> bool:
    return view.horizontalScrollBar().value() == 0 and view.columnViewportPosition(0) == 0


def open_c2(qtbot, window) -> None:
    window.resize(1024, 768)
    settle(qtbot)
    open_from_list(qtbot, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    settle(qtbot)


def test_ctrl_f_leaves_treatment_lines_at_its_first_column(qtbot, stored_references, window,
                                                           tmp_path):
    open_c2(qtbot, window)
    view = table(window, "Treatment", "treatment_lines")
    settle(qtbot)
    rect = view.visualRect(view.model().index(0, 4))  # Regimen of line 1
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(view, Qt.Key.Key_End)  # on to the row's end, as a user reads it
    qtbot.waitUntil(lambda: view.horizontalScrollBar().value() > 0)
    press(qtbot, window, "Ctrl+F")  # the search box; the case list narrows the form
    settle(qtbot)
    window.grab().save(str(tmp_path / "treatment-after-ctrl-f.png"))
    assert window.search_panel.isVisible()
    assert first_column_shown(view)  # before: Start * scrolled out of sight


def test_an_empty_table_opens_at_its_left_edge(qtbot, stored_references, window, tmp_path):
    open_c2(qtbot, window)
    press(qtbot, window, "Ctrl+N")  # a new case: its tables are empty
    qtbot.waitUntil(lambda: window.session.is_open() and window.session.case_id() != C2)
    press(qtbot, window, "Ctrl+F")  # narrow: the case list beside the form
    settle(qtbot)
    view = table(window, "Immunophenotype", "immunophenotype_panels")
    settle(qtbot)
    assert view.model().rowCount() == 0
    bar = view.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())  # scrolled to the right (its scroll bar dragged)
    press(qtbot, window, "F9")  # the list hidden: the table widens
    settle(qtbot)
    window.grab().save(str(tmp_path / "immunophenotype-wider.png"))
    assert not window.search_panel.isVisible()
    assert first_column_shown(view)  # before: scrolled right, its scroll kept

    bar.setValue(bar.maximum())
    window.editor.show_section("Patient")  # another section, and back: opened again
    settle(qtbot)
    view = table(window, "Immunophenotype", "immunophenotype_panels")
    settle(qtbot)
    assert first_column_shown(view)


def test_the_mrd_value_shows_at_1024(qtbot, stored_references, window, tmp_path):
    """The MRD table's first columns (what is entered, then what is read from it) show without
    scrolling sideways: its two derived columns stood before Specimen and pushed MRD (fraction)
    out of sight at 1024x768."""
    open_c2(qtbot, window)
    view = table(window, "MRD", "mrd_assessments")
    settle(qtbot)
    window.grab().save(str(tmp_path / "mrd-1024x768.png"))
    model = view.source
    keys = [c.key for c in model.columns]
    assert keys.index("category") == keys.index("value_fraction") + 1  # beside its input
    room = view.viewport().width()
    for key in ("day", "specimen", "method", "result", "value_fraction"):
        column = model.column_of(key)
        assert view.columnViewportPosition(column) >= 0
        assert view.columnViewportPosition(column) + view.columnWidth(column) <= room, key
