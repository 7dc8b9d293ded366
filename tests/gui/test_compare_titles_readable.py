"""The Compare window cut the cases' titles in its column headers (found by a stranger run at
1024x768): 'Blinatumomab for CNS leukemia with bone-marrow relapse in c', the rest of its 150
characters gone. The header now holds the case id and the first row, Title, the whole title,
wrapped to the column; the header's tooltip holds the title too."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from gui.compare_view import CompareDialog
from tests.gui.conftest import press
from tests.gui.test_compare_gui import C1, C2, _select_both


def test_the_titles_are_read_whole_at_1024x768(qtbot, window, stored_references):
    window.resize(1024, 768)
    _select_both(qtbot, window)
    press(qtbot, window, "Ctrl+Shift+M")
    qtbot.waitUntil(lambda: any(isinstance(w, CompareDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CompareDialog))
    assert dialog.width() <= 1024 and dialog.height() <= 768
    qtbot.wait(100)  # the columns stretched, the rows fitted to them
    dialog.grab().save("/tmp/cosm_4.png")
    table = dialog.table
    titles = {c.case_id: c.case_report.title for c in stored_references}
    assert table.verticalHeaderItem(0).text() == "≠ Title"  # the titles differ (531a4d5)
    for column in range(table.columnCount()):
        case_id = table.horizontalHeaderItem(column).text()
        assert case_id in (C1, C2)
        title = titles[case_id]
        assert len(title) > 100
        assert table.horizontalHeaderItem(column).toolTip() == f"{case_id}: {title}"
        cell = table.item(0, column)
        assert cell.text() == title and cell.toolTip() == title
        # the row is as high as the title wrapped at its column's width: nothing cut
        width = table.columnWidth(column) - 8
        needed = table.fontMetrics().boundingRect(
            QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, title).height()
        assert table.rowHeight(0) >= needed
        header = table.horizontalHeader()
        assert header.fontMetrics().horizontalAdvance(case_id) < header.sectionSize(column)
    dialog.close()
