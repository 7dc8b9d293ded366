"""A column narrower than its title cut the title at both ends (found by a stranger run at
1024x768: MRD assessments' ".imit of detection (fraction"): Qt's headers elide nothing and
centre the title. Every table's titles now elide at their end, so a title keeps its start
("Limit of detection (fr…"), the whole of it in the header's tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QTreeView

from gui.dialogs.identifier_hits import hits_table
from tests.gui.conftest import open_from_list
from tests.gui.test_history import save_titles

LOD = "Limit of detection"


def test_a_narrow_columns_title_keeps_its_start(qtbot, stored_references, window):
    window.resize(1024, 768)
    window.show()
    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    window.editor.show_section("MRD")
    view = window.editor.section_page("MRD").tables["mrd_assessments"].view
    model = view.model()
    column = next(c for c in range(model.columnCount())
                  if str(model.headerData(c, Qt.Orientation.Horizontal)).startswith(LOD))
    view.setColumnWidth(column, 90)  # narrowed by hand
    view.scrollTo(model.index(0, column))
    qtbot.wait(50)
    header = view.horizontalHeader()
    header.grab().save("/tmp/cosm_3.png")
    assert header.textElideMode() == Qt.TextElideMode.ElideRight
    assert LOD in str(model.headerData(column, Qt.Orientation.Horizontal,
                                       Qt.ItemDataRole.ToolTipRole))
    tables = window.findChildren(QTableView)  # the tables built so far and the case list
    assert len(tables) >= 3
    for table in tables:
        assert table.horizontalHeader().textElideMode() == Qt.TextElideMode.ElideRight, (
            table.objectName() or table.accessibleName())


def test_the_history_and_identifier_tables_elide_too(qtbot, window):
    window.commands.new.trigger()
    save_titles(qtbot, window, "Blast crisis")
    window.commands.history.trigger()
    tree = window.history.dialog.findChild(QTreeView)
    assert tree.header().textElideMode() == Qt.TextElideMode.ElideRight
    table = hits_table([])
    qtbot.addWidget(table)
    assert table.horizontalHeader().textElideMode() == Qt.TextElideMode.ElideRight
