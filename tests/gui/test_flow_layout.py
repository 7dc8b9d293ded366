"""The search area's wrapping row (gui.flow_layout): items wrap to a second line rather than
being cut short, and a line's items are centred on it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from gui.flow_layout import FlowLayout


def test_a_label_sits_on_the_line_of_a_taller_combo_and_a_narrow_row_wraps(qtbot):
    area = QWidget()
    qtbot.addWidget(area)
    row = FlowLayout(area)
    label, combo, button = QLabel("66 cases match"), QComboBox(), QPushButton("Summary")
    combo.addItems(["Relevance", "Last change"])
    for widget in (label, combo, button):
        row.addWidget(widget)
    wide = label.sizeHint().width() + combo.sizeHint().width() + button.sizeHint().width() + 40
    area.resize(wide, row.heightForWidth(wide))
    area.show()
    qtbot.waitExposed(area)
    assert combo.height() > label.height()  # a combo box is taller than a line of text
    assert abs(label.geometry().center().y() - combo.geometry().center().y()) <= 1
    assert button.y() < combo.geometry().bottom()  # one line
    narrow = max(label.sizeHint().width(), combo.sizeHint().width()) + 4
    area.resize(narrow, row.heightForWidth(narrow))
    qtbot.waitUntil(lambda: button.y() > combo.geometry().bottom())  # wrapped, not cut
    assert button.width() == button.sizeHint().width()
    assert row.heightForWidth(narrow) >= button.geometry().bottom() + 1 - area.contentsRect().y()
