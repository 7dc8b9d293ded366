"""A workstation without a CJK font: Chinese typed into a case is drawn, not as boxes.

The window adds the CJK font Casebook bundles for its PDFs when the system has none
(``gui.fonts``); before, the title field, the case list and the editor drew every Chinese
character as the same empty box there (this machine has no CJK font of its own)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QInputMethodEvent, QPainter
from PySide6.QtWidgets import QApplication

from gui.case_list import COL_TITLE
from tests.gui.conftest import press, title_field

TITLE = "急性淋巴细胞白血病"
MISSING = "\U000f0000\U000f0001"  # private-use characters no font draws: boxes


def drawn(text: str, font: QFont) -> QImage:
    image = QImage(160, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(4, 28, text)
    painter.end()
    return image


def readable(text: str, font: QFont) -> bool:
    """Each character drawn unlike a missing one (a box is the same for every character)."""
    box = drawn(MISSING[0], font)
    return all(drawn(ch, font) != box for ch in text)


def test_chinese_typed_in_the_title_is_drawn_and_saved(qtbot, window, casebook):
    assert not readable(MISSING[1], window.font())  # the check tells a box from a glyph
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    window.case_list.filter_box.setFocus()
    press(qtbot, window, "Ctrl+N")
    assert window.session.is_open()
    field = title_field(window)
    typed = QInputMethodEvent()  # as an input method commits the characters typed
    typed.setCommitString(TITLE)
    QApplication.sendEvent(field, typed)
    assert field.text() == TITLE
    assert readable(TITLE, field.font())
    press(qtbot, window, "Ctrl+S")
    case_id = window.session.case_id()
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert casebook.cases.open_case(case_id).case_report.title == TITLE
    row = window.case_model.row_of(case_id)
    cell = window.case_model.index(row, COL_TITLE)
    assert cell.data() == TITLE
    assert readable(TITLE, window.case_list.table.font())
