"""The case count is never cut. Found by a stranger run at 1024x768: while the demo data
loaded, the count read "202 cas" for a moment (a label keeps the width of its old, shorter
text until it is laid out again). The count keeps room for one more digit (gui.count_label): room for six digits
cut the status bar's messages."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui import demo_offer
from gui.search_texts import count_text
from tests.gui.test_room_to_work import settle


def labels(window):
    return {"status bar": window.count_label, "list": window.search_panel.count_label}


def text_width(label) -> int:
    margins = label.contentsMargins()
    return label.fontMetrics().horizontalAdvance(label.text()) + margins.left() + margins.right()


def test_the_count_is_whole_while_demo_data_loads(qtbot, window, monkeypatch):
    monkeypatch.setattr(demo_offer, "DEMO_COUNT", 10)  # 0 cases, then 12: a digit more
    window.resize(1024, 768)
    settle(qtbot)
    cut: list[tuple[str, str, int, int]] = []

    def look(_total: int) -> None:  # as painted now, before the labels are laid out again
        for name, label in labels(window).items():
            if label.width() < text_width(label):
                cut.append((name, label.text(), label.width(), text_width(label)))

    window.case_model.total_changed.connect(look)  # after the labels took the new count
    with qtbot.waitSignal(window.demo_offer.filled, timeout=60000):
        qtbot.mouseClick(window.demo_offer.button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert window.count_label.text() == "12 cases"
    assert cut == []  # before: ('status bar', '12 cases', 62, 69) and the list's, 46 of 53


def test_a_count_growing_to_six_digits_fits(qtbot, window, tmp_path):
    window.resize(1024, 768)
    settle(qtbot)
    for name, label in labels(window).items():
        for total in (1, 12, 123, 1_234, 12_345, 123_456):  # a digit at a time, as cases come
            label.setText(count_text(total, searching=False))  # ... "123,456 cases"
            assert label.width() >= text_width(label), (name, total)  # before it is laid out
            assert label.sizeHint().width() >= text_width(label), (name, total)
            settle(qtbot)
            assert label.width() >= text_width(label), (name, total)
    window.grab().save(str(tmp_path / "count-1024x768.png"))
