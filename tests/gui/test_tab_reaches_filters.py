"""From the search box, Tab reaches the search bar's controls and the Filters fields (as the
README says): a stranger's Tab went search box -> Show trash -> the case table, and then stayed
among the table's cells; only Shift+Tab backwards reached the filters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def tab_chain(qtbot, start, presses: int) -> list:
    start.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def filter_fields(panel) -> list:
    fields = list(panel.fields.values())
    for low, high in panel.ranges.values():
        fields += [low, high]
    return fields


def test_tab_from_the_search_box_reaches_every_filter_field(qtbot, stored_references, window):
    panel = window.search_panel
    qtbot.mouseClick(panel.filters_button, Qt.MouseButton.LeftButton)  # Filters shown
    fields = filter_fields(panel.filter_panel)
    chain = tab_chain(qtbot, panel.box, 40)
    table = window.case_list.table
    assert table in chain
    assert chain[chain.index(table) + 1] is not table  # Tab leaves the list
    assert set(fields) <= set(chain)
    after = chain.index(panel.filters_button)  # the fields follow their button
    assert set(chain[after + 1:after + 1 + len(fields)]) == set(fields)
    assert chain[after + 1 + len(fields)] is panel.export_button


def test_hidden_filters_are_skipped(qtbot, stored_references, window):
    panel = window.search_panel
    chain = tab_chain(qtbot, panel.box, 12)
    assert chain.index(panel.export_button) == chain.index(panel.filters_button) + 1
    assert not set(filter_fields(panel.filter_panel)) & set(chain)


def test_filter_fields_have_accessible_names(qtbot, window):
    """A screen reader named the filter lines and lists nothing (only the ranges had names)."""
    panel = window.search_panel.filter_panel
    names = [w.accessibleName() for w in filter_fields(panel)]
    assert all(names) and len(set(names)) == len(names)
    assert panel.fields["drug"].accessibleName() == "Filter: Drug"
